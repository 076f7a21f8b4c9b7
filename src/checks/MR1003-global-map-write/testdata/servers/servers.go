// Package servers: package-level maps in servers, guarded and unguarded.
package servers

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

var (
	mu    sync.Mutex
	hits  = map[string]int{}
	names = map[int]string{1: "one", 2: "two"}
)

// CountLocked: goroutines write under a package-level mutex. Silent.
func CountLocked(keys []string) {
	for _, k := range keys {
		go func() {
			mu.Lock()
			defer mu.Unlock()
			hits[k]++
		}()
	}
}

// Lookup: goroutines only read a table nobody writes. Silent.
func Lookup(ids []int) {
	for _, id := range ids {
		go func() {
			fmt.Println(names[id])
		}()
	}
}

var routes = map[string]string{}

// Setup fills routes before the handler that reads them is registered. Silent.
func Setup(mux *http.ServeMux) {
	routes["/"] = "index"
	mux.HandleFunc("/", serve)
}

func serve(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, routes[r.URL.Path])
}

var (
	cacheMu sync.RWMutex
	cache   = map[string]string{}
)

func get(k string) string {
	cacheMu.RLock()
	defer cacheMu.RUnlock()
	return cache[k]
}

func put(k, v string) {
	cacheMu.Lock()
	cache[k] = v
	cacheMu.Unlock()
}

func cacheHandler(w http.ResponseWriter, r *http.Request) {
	if v := get(r.URL.Path); v != "" {
		fmt.Fprintln(w, v)
		return
	}
	put(r.URL.Path, r.Method)
}

// RegisterCache serves a cache guarded by a RWMutex in helpers. Silent.
func RegisterCache(mux *http.ServeMux) {
	mux.HandleFunc("/cache", cacheHandler)
}

var prices = map[string]float64{}

func priceHandler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, prices[r.URL.Path])
}

// StartPrices serves prices while a background goroutine rewrites them without a lock.
func StartPrices(mux *http.ServeMux) {
	mux.HandleFunc("/price", priceHandler)
	go refreshPrices()
}

func refreshPrices() {
	for {
		prices["usd"] = 1.0 // want "write of map prices.*MR1003"
		time.Sleep(time.Minute)
	}
}

var sessions = map[string]time.Time{}

// Expire deletes from a package-level map in a timer callback while handlers write it.
func Expire(mux *http.ServeMux) {
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		sessions[r.RemoteAddr] = time.Now() // want "write of map sessions.*MR1003"
		fmt.Fprintln(w, "hi")
	})
	time.AfterFunc(time.Hour, func() {
		for k := range sessions { // want "iteration of map sessions.*MR1005"
			delete(sessions, k) // want "write of map sessions.*MR1003"
		}
	})
}
