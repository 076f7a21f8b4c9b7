// Package registry declares a map-like type and uses it from goroutines in the same package, where maprace
// names the type without its import path. Its storage is a slice, so without the summary in .maprace.yaml
// maprace does not see Add as a write.
package registry

import "sync"

// Registry is a list of unique names; not safe for concurrent use.
type Registry struct {
	names []string
}

// Add appends name unless it is present.
func (r *Registry) Add(name string) {
	if !r.Has(name) {
		r.names = append(r.names, name)
	}
}

// Has reports whether name was added.
func (r *Registry) Has(name string) bool {
	for _, n := range r.names {
		if n == name {
			return true
		}
	}
	return false
}

// Discover registers the names found by one goroutine per source.
func Discover(sources [][]string) *Registry {
	r := &Registry{}
	var wg sync.WaitGroup
	for _, src := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, n := range src {
				r.Add(n) // want "write of map r races with write in another goroutine.*MR1001"
			}
		}()
	}
	wg.Wait()
	return r
}

// DiscoverLocked serialises the goroutines' writes. Silent.
func DiscoverLocked(sources [][]string) *Registry {
	r := &Registry{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, src := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, n := range src {
				mu.Lock()
				r.Add(n)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return r
}
