// Package refs is internal to the module: only the module's packages can call it.
package refs

import "sync"

// Map guards its counts with mu; Len forgets the lock, but nothing in the module calls Len.
type Map struct {
	mu sync.Mutex
	v  map[string]int
}

// NewMap makes an empty map.
func NewMap() *Map { return &Map{v: map[string]int{}} }

// Add counts a key under the lock.
func (m *Map) Add(k string) {
	m.mu.Lock()
	m.v[k]++
	m.mu.Unlock()
}

// Len reads without the lock; no caller.
func (m *Map) Len() int { return len(m.v) }

// Size reads without the lock too; the app calls it.
func (m *Map) Size() int { return len(m.v) }
