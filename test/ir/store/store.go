// Package store is called from package calls: its types and functions resolve across packages.
package store

import "sync"

// Store is a map behind a lock.
type Store struct {
	mu    sync.Mutex
	items map[string]int
}

// New makes a Store.
func New() *Store {
	return &Store{items: map[string]int{}}
}

// Put writes under the lock.
func (s *Store) Put(k string, v int) {
	s.mu.Lock()
	s.items[k] = v
	s.mu.Unlock()
}

// Empty makes a Store without items.
func Empty() *Store {
	return new(Store)
}

// Getter reads values.
type Getter interface {
	Get(k string) int
}
