// Package library: map-based types of the standard library and named map types.
package library

import (
	"net/http"
	"net/url"
	"sync"
)

// Headers: http.Header.Set writes the underlying map.
func Headers(names []string) http.Header {
	h := http.Header{}
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.Set(n, "1") // want "write of map h.*MR1001"
		}()
	}
	wg.Wait()
	return h
}

// HeadersRead: goroutines only read a header filled before they start. Silent.
func HeadersRead(h http.Header, names []string) []string {
	out := make([]string, len(names))
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = h.Get(n)
		}()
	}
	wg.Wait()
	return out
}

// Query: url.Values.Add from goroutines.
func Query(pairs [][2]string) string {
	v := url.Values{}
	var wg sync.WaitGroup
	for _, p := range pairs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v.Add(p[0], p[1]) // want "write of map v.*MR1001"
		}()
	}
	wg.Wait()
	return v.Encode()
}

// Set is a named map type with a writing method.
type Set map[string]struct{}

// Add writes the set it is called on.
func (s Set) Add(k string) {
	s[k] = struct{}{} // want "write of map s.*MR1001"
}

// Has reads it.
func (s Set) Has(k string) bool {
	_, ok := s[k]
	return ok
}

// NamedType: goroutines add to one Set through its method.
func NamedType(keys []string) Set {
	s := Set{}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Add(k)
		}()
	}
	wg.Wait()
	return s
}

// NamedTypeRead: goroutines only call the reading method. Silent.
func NamedTypeRead(s Set, keys []string) []bool {
	out := make([]bool, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = s.Has(k)
		}()
	}
	wg.Wait()
	return out
}
