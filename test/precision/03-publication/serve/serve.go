// Package serve handles each request with a scope of its own; the journal is one for the whole server.
package serve

import (
	"net/http"

	"example.com/precision/publication/scope"
)

var journal = scope.NewJournal()

func handle(w http.ResponseWriter, r *http.Request) {
	s := scope.New(journal)
	s.Tracker.Mark(r.URL.Path, r.Method)
	s.Journal.Record(r.URL.Path)
	w.WriteHeader(http.StatusNoContent)
}

// Register serves every path with handle.
func Register(mux *http.ServeMux) {
	mux.HandleFunc("/", handle)
}
