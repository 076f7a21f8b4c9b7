package app

import (
	"net/http"
	"sync"

	"example.com/summaries/cache"
)

// pages is made by the configured constructor, so it is known to be a cache.Cache.
var pages = cache.New()

// Serve caches every page it renders in the package-level cache, from every request.
func Serve(w http.ResponseWriter, r *http.Request) {
	pages.Put(r.URL.Path, render(r.URL.Path)) // want "write of map pages races with write in another request.*MR1003"
}

var (
	draftsMu sync.Mutex
	drafts   = cache.New()
)

// ServeDraft holds the package-level mutex around the cache. Silent.
func ServeDraft(w http.ResponseWriter, r *http.Request) {
	draftsMu.Lock()
	defer draftsMu.Unlock()
	drafts.Put(r.URL.Path, render(r.URL.Path))
}

// Routes registers the handlers.
func Routes(mux *http.ServeMux) {
	mux.HandleFunc("/", Serve)
	mux.HandleFunc("/draft/", ServeDraft)
}
