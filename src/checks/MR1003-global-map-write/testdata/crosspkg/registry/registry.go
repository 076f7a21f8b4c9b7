// Package registry keeps package-level maps; the goroutines that write them are started in package server.
package registry

import (
	"net/http"
	"sync"
)

var plugins = map[string]string{}

// Register records a plugin without a lock.
func Register(name, path string) {
	plugins[name] = path // want "write of map plugins races with write in another goroutine.*MR1003"
}

var (
	mu     sync.Mutex
	locked = map[string]string{}
)

// RegisterLocked records a plugin under mu: silent.
func RegisterLocked(name, path string) {
	mu.Lock()
	defer mu.Unlock()
	locked[name] = path
}

var hits = map[string]int{}

// Hit is an HTTP handler function that counts requests per path without a lock.
func Hit(w http.ResponseWriter, r *http.Request) {
	hits[r.URL.Path]++ // want "write of map hits races with write in another request.*MR1003"
	w.WriteHeader(http.StatusNoContent)
}

var defaults = map[string]string{}

// SetDefault records a default; server calls it from one goroutine it waits for: silent.
func SetDefault(k, v string) { defaults[k] = v }

// Default reads a default.
func Default(k string) string { return defaults[k] }

var expired = map[string]bool{}

// Expire marks the current entries as expired; server schedules it with time.AfterFunc.
func Expire() {
	expired["current"] = true // want "write of map expired races with read at crosspkg/registry/registry.go:53.*MR1003"
}

// Expired reports whether the current entries expired.
func Expired() bool {
	return expired["current"]
}
