// Package app starts the goroutines; the maps they touch live in packages store and sets.
package app

import (
	"net/http"
	"sync"

	"example.com/mr1002/crosspkg/store"
)

// Direct: a goroutine writes through a method of store.Store while this function reads through another.
func Direct(s *store.Store) int {
	go func() {
		s.Put("a", 1)
	}()
	return s.Get("a")
}

// Locked is Direct's twin with a Store that locks: silent.
func Locked(l *store.Locked) int {
	go func() {
		l.Put("a", 1)
	}()
	return l.Get("a")
}

// Joined is Direct's twin that waits for the goroutine before reading: silent.
func Joined(j *store.Journal) string {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		j.Add(1, "x")
	}()
	wg.Wait()
	return j.Line(1)
}

// Names: workers register names in a set two packages away while this function reads it.
func Names(r *store.Registry, names []string) bool {
	for _, n := range names {
		go r.Add(n)
	}
	return r.Known("x")
}

// Through an interface: the calls reach (*store.Memory).Set and Lookup, the KV the program creates.
func Through(kv store.KV) string {
	go kv.Set("k", "v")
	return kv.Lookup("k")
}

// Owned: one goroutine owns the object it made: silent.
func Owned() {
	go func() {
		o := store.NewOwned()
		o.Mark("a")
		_ = o.Seen("a")
	}()
}

// API serves HTTP; each request runs on its own goroutine and writes into a store of package store.
type API struct {
	sessions *store.Sessions
}

func (a *API) remember(w http.ResponseWriter, r *http.Request) {
	a.sessions.Remember(r.URL.Path, r.RemoteAddr)
	w.WriteHeader(http.StatusNoContent)
}

// Routes registers the handlers.
func Routes(mux *http.ServeMux) {
	a := &API{sessions: store.NewSessions()}
	mux.HandleFunc("/remember", a.remember)
}

// Audit: goroutines note events in a store.Audit; its package accepts the race with a directive.
func Audit(a *store.Audit, events []string) {
	for _, e := range events {
		go a.Note(e)
	}
}
