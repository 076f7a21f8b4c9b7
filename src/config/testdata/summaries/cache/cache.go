// Package cache is a map-like type of the module itself, used from another package: not safe for concurrent
// use. With the summary in .maprace.yaml, its callers in package app are the accesses (Put writes, Get reads...);
// without it, maprace follows app's calls into these bodies and reports the map accesses here.
package cache

// Cache maps keys to values.
type Cache struct {
	items map[string]string
}

// New returns an empty cache.
func New() *Cache {
	return &Cache{items: map[string]string{}}
}

// Put stores v under k.
func (c *Cache) Put(k, v string) { c.items[k] = v }

// Get returns the value under k.
func (c *Cache) Get(k string) string { return c.items[k] }

// Delete removes k.
func (c *Cache) Delete(k string) { delete(c.items, k) }

// Range calls f for each entry.
func (c *Cache) Range(f func(k, v string)) {
	for k, v := range c.items {
		f(k, v)
	}
}
