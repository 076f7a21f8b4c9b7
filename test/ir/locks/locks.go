// Package locks exercises lock operations: mutex and RWMutex fields, an embedded mutex, deferred unlocks,
// TryLock, an unlock handed back to the caller as a method value, and a sync.Cond's locker.
package locks

import "sync"

type guarded struct {
	mu   sync.RWMutex
	data map[string]string
}

type embedded struct {
	sync.Mutex
	n map[int]int
}

func (g *guarded) get(k string) string {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.data[k]
}

func (g *guarded) set(k, v string) {
	g.mu.Lock()
	g.data[k] = v
	g.mu.Unlock()
}

func (e *embedded) bump(k int) {
	e.Lock()
	defer e.Unlock()
	e.n[k]++
}

func (g *guarded) try() bool {
	if g.mu.TryLock() {
		g.mu.Unlock()
		return true
	}
	return false
}

// locked returns the data with the lock held, and the function that releases it.
func (g *guarded) locked() (map[string]string, func()) {
	g.mu.Lock()
	return g.data, g.mu.Unlock
}

// wrapped locks through its own methods.
type wrapped struct {
	inner sync.Mutex
	n     int
}

func (w *wrapped) Lock()   { w.inner.Lock() }
func (w *wrapped) Unlock() { w.inner.Unlock() }

func (w *wrapped) inc() {
	w.Lock()
	w.n++
	w.Unlock()
}

func waitFor(c *sync.Cond, ready *bool) {
	c.L.Lock()
	for !*ready {
		c.Wait()
	}
	c.L.Unlock()
}
