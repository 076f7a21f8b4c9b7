// Package web serves HTTP with a handler type and a handler function.
package web

import (
	"net/http"

	"example.com/cg/store"
)

// Handler serves reads from a KV.
type Handler struct{ kv store.KV }

// ServeHTTP answers one request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte(h.kv.Get(r.URL.Path)))
}

// Routes registers the handlers.
func Routes(mux *http.ServeMux, kv store.KV) {
	mux.Handle("/get", &Handler{kv: kv})
	mux.HandleFunc("/put", func(w http.ResponseWriter, r *http.Request) {
		kv.Put(r.URL.Path, r.RemoteAddr)
	})
}
