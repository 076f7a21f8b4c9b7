// Package app uses the cache types of .maprace.yaml from goroutines: a type of another package of the module
// (cache.Cache) and a third-party one (lru.Cache). Without the configuration every case here is silent.
package app

import (
	"sync"

	"example.com/summaries/cache"
	"example.org/lru"
)

// Server keeps rendered pages in a cache shared by its goroutines.
type Server struct {
	mu    sync.Mutex
	pages *cache.Cache
	hits  *lru.Cache
}

// NewServer returns a server with empty caches.
func NewServer() *Server {
	return &Server{pages: cache.New(), hits: lru.New(128)}
}

func render(k string) string { return "<p>" + k + "</p>" }

// Warm renders pages from one goroutine per key, each writing the shared cache.
func (s *Server) Warm(keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.pages.Put(k, render(k)) // want "write of map s.pages races with write in another goroutine.*MR1002"
		}()
	}
	wg.Wait()
}

// WarmLocked holds the server's mutex around the shared cache. Silent.
func (s *Server) WarmLocked(keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.mu.Lock()
			defer s.mu.Unlock()
			s.pages.Put(k, render(k))
		}()
	}
	wg.Wait()
}

// Count records hits in the third-party cache from a goroutine while the caller reads it.
func (s *Server) Count(keys []string) int {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, k := range keys {
			s.hits.Add(k, len(k)) // want "write of map s.hits races with read at app/app.go:63.*MR1002"
		}
	}()
	n, _ := s.hits.Get("index")
	<-done
	return n
}

// CountJoined reads the third-party cache only after the goroutine is done. Silent.
func (s *Server) CountJoined(keys []string) int {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, k := range keys {
			s.hits.Add(k, len(k))
		}
	}()
	<-done
	n, _ := s.hits.Get("index")
	return n
}

// Prune deletes from a cache made by the configured constructor while another goroutine ranges over it.
func Prune(stale []string) {
	c := cache.New()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for _, k := range stale {
			c.Delete(k) // want "write of map c races with iteration at app/app.go:95.*MR1001"
		}
	}()
	go func() {
		defer wg.Done()
		c.Range(func(k, v string) { _ = k + v }) // want "iteration of map c races with write at app/app.go:90.*MR1005"
	}()
	wg.Wait()
}

// Lookup reads one cache from two goroutines: reads do not race. Silent.
func Lookup(c *cache.Cache, a, b string) (string, string) {
	var x, y string
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		x = c.Get(a)
	}()
	go func() {
		defer wg.Done()
		y = c.Get(b)
	}()
	wg.Wait()
	return x, y
}
