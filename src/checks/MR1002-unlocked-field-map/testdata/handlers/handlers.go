// Package handlers: HTTP handlers run concurrently, one goroutine per request.
package handlers

import (
	"fmt"
	"net/http"
	"sync"
)

// Server keeps sessions in a plain map.
type Server struct {
	sessions map[string]string
}

// ServeHTTP writes the map on every request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.sessions[r.URL.Path] = r.RemoteAddr // want "write of map s.sessions.*MR1002"
	fmt.Fprintln(w, "ok")
}

// API counts hits in a handler registered as a method value.
type API struct {
	hits map[string]int
}

func (a *API) count(w http.ResponseWriter, r *http.Request) {
	a.hits[r.URL.Path]++ // want "write of map a.hits.*MR1002"
	fmt.Fprintln(w, "counted")
}

// Routes registers the handlers.
func (a *API) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/", a.count)
}

// SafeAPI locks. Silent.
type SafeAPI struct {
	mu   sync.Mutex
	hits map[string]int
}

func (a *SafeAPI) count(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.hits[r.URL.Path]++
	a.mu.Unlock()
	fmt.Fprintln(w, "counted")
}

// Routes registers the handlers.
func (a *SafeAPI) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/", a.count)
}

// ReadOnly serves a table built before the server starts. Silent.
type ReadOnly struct {
	table map[string]string
}

// ServeHTTP only reads.
func (s *ReadOnly) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, s.table[r.URL.Path])
}
