// Package shapes looks machine shapes up and caches them. A getter's NodeShape locks its cache and PoolShape does
// not: whether the two race depends on whether the program ever calls both on one getter.
package shapes

import "sync"

// Getter caches shapes. Silent: the program makes one getter for the node pools and another for the instance
// pools (pools.NewNodes, pools.NewInstances), and each calls only its own method.
type Getter struct {
	mu    sync.Mutex
	cache map[string]int
}

// NewGetter returns an empty getter.
func NewGetter() *Getter {
	return &Getter{cache: make(map[string]int)}
}

// NodeShape looks a node pool's shape up.
func (g *Getter) NodeShape(name string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	if n, ok := g.cache[name]; ok {
		return n
	}
	g.cache[name] = len(name)
	return len(name)
}

// PoolShape looks an instance pool's shape up.
func (g *Getter) PoolShape(id string) int {
	if n, ok := g.cache[id]; ok {
		return n
	}
	g.cache[id] = 2 * len(id)
	return 2 * len(id)
}

// Cache caches shapes too. Racy: pools.NewShared gives one cache to both pools, whose goroutines call NodeShape
// and PoolShape on it at once.
type Cache struct {
	mu    sync.Mutex
	cache map[string]int
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{cache: make(map[string]int)}
}

// NodeShape looks a node pool's shape up.
func (c *Cache) NodeShape(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n, ok := c.cache[name]; ok {
		return n
	}
	c.cache[name] = len(name)
	return len(name)
}

// PoolShape looks an instance pool's shape up.
func (c *Cache) PoolShape(id string) int {
	if n, ok := c.cache[id]; ok { // want "read of map c.cache races with write at .*MR1002"
		return n
	}
	c.cache[id] = 2 * len(id) // want "write of map c.cache races with (read|write) at .*MR1002"
	return 2 * len(id)
}
