// Command readwrite crashes with "fatal error: concurrent map read and map write".
package main

import "fmt"

type cache struct {
	items map[string]int
}

func (c *cache) get(k string) int { return c.items[k] }

func (c *cache) put(k string, v int) { c.items[k] = v }

func main() {
	c := &cache{items: map[string]int{}}
	keys := make([]string, 64)
	for i := range keys {
		keys[i] = fmt.Sprint("k", i)
	}
	go func() {
		for i := 0; ; i++ {
			c.put(keys[i%64], i)
		}
	}()
	sum := 0
	for i := 0; ; i++ {
		sum += c.get(keys[i%64])
	}
}
