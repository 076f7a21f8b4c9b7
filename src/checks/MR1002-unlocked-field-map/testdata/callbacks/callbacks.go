// Package callbacks has a striped store whose iteration helper calls a callback with the stripe lock held.
package callbacks

import (
	"net/http"
	"sync"
)

type stripe struct {
	mu    sync.Mutex
	items map[string]int
}

type Store struct {
	stripes [16]stripe
}

func (s *Store) stripeOf(key string) *stripe { return &s.stripes[len(key)%16] }

// Put locks the key's stripe.
func (s *Store) Put(key string, v int) {
	st := s.stripeOf(key)
	st.mu.Lock()
	defer st.mu.Unlock()
	st.items[key] = v
}

// each calls fn for every item with the item's stripe locked.
func (s *Store) each(fn func(st *stripe, key string)) {
	for i := range s.stripes {
		st := &s.stripes[i]
		st.mu.Lock()
		for k := range st.items {
			fn(st, k)
		}
		st.mu.Unlock()
	}
}

// Expire deletes through a callback that each runs under the stripe lock. Silent.
func (s *Store) Expire(limit int) {
	check := func(st *stripe, key string) {
		if st.items[key] > limit {
			delete(st.items, key)
		}
	}
	s.each(check)
}

// ExpireUnlocked calls the same kind of callback without the helper: no lock is held.
func (s *Store) ExpireUnlocked(limit int) {
	check := func(st *stripe, key string) {
		if st.items[key] > limit { // want "read of map st.items races with write at callbacks/callbacks.go:25 \\(st.mu not held here\\).*MR1002"
			delete(st.items, key) // want "write of map st.items races with .*MR1002"
		}
	}
	st := s.stripeOf("a")
	check(st, "a")
}

func (s *Store) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/put", func(w http.ResponseWriter, r *http.Request) { s.Put(r.URL.Path, 1) })
	mux.HandleFunc("/expire", func(w http.ResponseWriter, r *http.Request) { s.Expire(10) })
	mux.HandleFunc("/expire-unlocked", func(w http.ResponseWriter, r *http.Request) { s.ExpireUnlocked(10) })
}
