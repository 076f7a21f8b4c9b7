// Package lru is a small cache without a lock. A Cache is not safe for concurrent use.
package lru

// Cache remembers values by key. It is not safe for concurrent use. Silent: the app calls it from one
// goroutine.
type Cache struct {
	items map[string]string
}

// New returns an empty cache.
func New() *Cache {
	return &Cache{items: make(map[string]string)}
}

// Add stores a value.
func (c *Cache) Add(k, v string) {
	c.items[k] = v
}

// Get returns a value.
func (c *Cache) Get(k string) (string, bool) {
	v, ok := c.items[k]
	return v, ok
}
