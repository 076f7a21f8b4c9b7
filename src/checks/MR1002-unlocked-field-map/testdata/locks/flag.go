package locks

import "sync"

// resourceCache replaces its entries from two callers: the watcher passes lock=true and the path runs under
// c.mu; Resync holds c.mu itself and passes lock=false. Silent: the unlocked arm only runs under the caller's lock.
type resourceCache struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *resourceCache) replace(items map[string]int) {
	for k, v := range items {
		c.items[k] = v
	}
}

func (c *resourceCache) load(items map[string]int, lock bool) {
	if lock {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.replace(items)
		return
	}
	c.replace(items)
}

// Watch loads on its own goroutine, locking.
func (c *resourceCache) Watch(batches <-chan map[string]int) {
	go func() {
		for b := range batches {
			c.load(b, true)
		}
	}()
}

// Resync loads with the lock already held.
func (c *resourceCache) Resync(items map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.load(items, false)
}

// sloppyCache gets the flag wrong: its watcher passes lock=false. Reported.
type sloppyCache struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *sloppyCache) load(items map[string]int, lock bool) {
	if lock {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	for k, v := range items {
		c.items[k] = v // want "write of map c.items races with write .*MR1002"
	}
}

// Watch loads on its own goroutine, without the lock.
func (c *sloppyCache) Watch(batches <-chan map[string]int) {
	go func() {
		for b := range batches {
			c.load(b, false)
		}
	}()
}

// Resync loads under the lock.
func (c *sloppyCache) Resync(items map[string]int) {
	c.load(items, true)
}
