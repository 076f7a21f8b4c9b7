// Package lru stands for a third-party cache library: not safe for concurrent use, and its storage is a
// slice, so without a summary maprace cannot tell that Add writes it.
package lru

// Cache keeps the most recently added entries.
type Cache struct {
	keys []string
	vals []int
	size int
}

// New returns a cache of at most size entries.
func New(size int) *Cache {
	return &Cache{size: size}
}

// Add stores v under k, evicting the oldest entry when full.
func (c *Cache) Add(k string, v int) {
	if len(c.keys) == c.size {
		c.keys, c.vals = c.keys[1:], c.vals[1:]
	}
	c.keys = append(c.keys, k)
	c.vals = append(c.vals, v)
}

// Get returns the value stored under k.
func (c *Cache) Get(k string) (int, bool) {
	for i, key := range c.keys {
		if key == k {
			return c.vals[i], true
		}
	}
	return 0, false
}
