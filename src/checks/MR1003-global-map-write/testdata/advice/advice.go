// Package advice: sync.Map is offered for a cache that requests fill and read, not for a counter or a map that
// is iterated; a package mutex that other code already holds is named.
package advice

import (
	"fmt"
	"net/http"
	"sync"
)

var pages = map[string]string{}

// Page caches a rendering per path: filled and read by many requests, never iterated.
func Page(w http.ResponseWriter, r *http.Request) {
	if p, ok := pages[r.URL.Path]; ok {
		fmt.Fprint(w, p)
		return
	}
	pages[r.URL.Path] = r.URL.Path // want `write of map pages.*MR1003.* fix: guard pages with a package-level sync.Mutex held around every access, or use sync.Map`
}

var hits = map[string]int{}

// Hit counts per path: a read-modify-write of the same entry, which sync.Map cannot do atomically.
func Hit(w http.ResponseWriter, r *http.Request) {
	hits[r.URL.Path]++ // want `write of map hits.*MR1003.* fix: guard hits with a package-level sync.Mutex held around every access$`
	fmt.Fprint(w, hits[r.URL.Path])
}

var visits = map[string]int{}

// Visits lists the map too: sync.Map does not fit.
func Visits(w http.ResponseWriter, r *http.Request) {
	visits[r.URL.Path] = len(r.URL.Path) // want `write of map visits.*MR1003.* fix: guard visits with a package-level sync.Mutex held around every access$`
	for k, v := range visits {           // want `iteration of map visits.*MR1005`
		fmt.Fprintln(w, k, v)
	}
}

var (
	mu    sync.Mutex
	users = map[string]string{}
)

// Login holds mu; Logout forgets it.
func Login(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	users[r.URL.Path] = r.Method
	mu.Unlock()
}

func Logout(w http.ResponseWriter, r *http.Request) {
	delete(users, r.URL.Path) // want `write of map users.*MR1003.* fix: hold mu around this write of users, as Login does$`
}

// Serve registers the handlers: every request runs on its own goroutine.
func Serve() {
	http.HandleFunc("/page", Page)
	http.HandleFunc("/visits", Visits)
	http.HandleFunc("/hit", Hit)
	http.HandleFunc("/login", Login)
	http.HandleFunc("/logout", Logout)
}
