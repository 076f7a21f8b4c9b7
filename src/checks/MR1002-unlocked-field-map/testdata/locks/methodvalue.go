package locks

import "sync"

func withLock(mu sync.Locker, action func()) {
	mu.Lock()
	defer mu.Unlock()
	action()
}

// catalog refreshes under its lock by handing a method value to withLock. Silent: refresh runs inside withLock,
// under c.mu, and the lookup goroutines take c.mu too.
type catalog struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *catalog) refresh() {
	c.items["n"]++
}

func (c *catalog) lookup(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}

// Serve refreshes while lookups run.
func (c *catalog) Serve(keys []string) {
	for _, k := range keys {
		go c.lookup(k)
	}
	withLock(&c.mu, c.refresh)
}

// tally hands its method value to a helper that takes no lock: reported.
type tally struct {
	mu    sync.Mutex
	items map[string]int
}

func twice(action func()) {
	action()
	action()
}

func (t *tally) bump() {
	t.items["n"]++ // want "write of map t.items races with read .*MR1002"
}

func (t *tally) lookup(k string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.items[k]
}

// Serve bumps while lookups run.
func (t *tally) Serve(keys []string) {
	for _, k := range keys {
		go t.lookup(k)
	}
	twice(t.bump)
}
