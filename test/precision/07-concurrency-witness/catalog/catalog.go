// Package catalog has types that lock one map and leave another to the goroutine that owns it: the lock makes
// them types for concurrent use, but the unlocked map is not inconsistent locking; whether two goroutines reach it
// is for the program to say.
package catalog

import (
	"sync"
	"time"
)

// Catalog fills its services, then starts the loop that reads them; counts are locked. Silent: nothing but Start
// writes the services, the app calls Start once, and the loop starts after the writes.
type Catalog struct {
	mu       sync.Mutex
	services map[string]string
	counts   map[string]int
}

// Start fills the services and starts the refresh loop.
func (c *Catalog) Start(names []string) {
	c.services = make(map[string]string)
	c.counts = make(map[string]int)
	for _, n := range names {
		c.services[n] = "pending"
	}
	go c.refresh()
}

func (c *Catalog) refresh() {
	for range time.Tick(time.Second) {
		for name := range c.services {
			c.mu.Lock()
			c.counts[name]++
			c.mu.Unlock()
		}
	}
}

// Count reads under the lock.
func (c *Catalog) Count(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts[name]
}

// Registry is the same, but the app registers services from every request while the loop reads them. Racy: a
// root with many instances (the handler) reaches Register.
type Registry struct {
	mu       sync.Mutex
	services map[string]string
	counts   map[string]int
}

// Start starts the refresh loop.
func (r *Registry) Start() {
	r.services = make(map[string]string)
	r.counts = make(map[string]int)
	go r.refresh()
}

// Register adds a service.
func (r *Registry) Register(name string) {
	r.services[name] = "pending" // want "write of map r.services races with .*MR1002"
}

func (r *Registry) refresh() {
	for range time.Tick(time.Second) {
		for name := range r.services { // want "iteration of map r.services races with write at .*MR1005"
			r.mu.Lock()
			r.counts[name]++
			r.mu.Unlock()
		}
	}
}

// Count reads under the lock.
func (r *Registry) Count(name string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.counts[name]
}
