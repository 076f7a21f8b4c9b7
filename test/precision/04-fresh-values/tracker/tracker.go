// Package tracker makes trackers: New returns a fresh one, a Registry hands out shared ones.
package tracker

import "sync"

// Tracker records the items a worker saw.
type Tracker struct {
	Seen map[string]bool
}

// New returns a new tracker that nobody else holds.
func New() *Tracker {
	return &Tracker{Seen: make(map[string]bool)}
}

// Registry hands out one tracker per name, shared by everyone who asks for that name.
type Registry struct {
	mu     sync.Mutex
	byName map[string]*Tracker
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{byName: make(map[string]*Tracker)}
}

// Get returns the shared tracker of name, making it on first use.
func (r *Registry) Get(name string) *Tracker {
	r.mu.Lock()
	defer r.mu.Unlock()
	t, ok := r.byName[name]
	if !ok {
		t = New()
		r.byName[name] = t
	}
	return t
}
