// Package pools refreshes node pools and instance pools, each on a goroutine of its own, through the shapes they
// are given.
package pools

import (
	"time"

	"example.com/precision/witness/shapes"
)

// Nodes refreshes node pools with a getter of its own.
type Nodes struct {
	shapes *shapes.Getter
	names  []string
}

// NewNodes makes the getter it uses.
func NewNodes(names []string) *Nodes {
	return &Nodes{shapes: shapes.NewGetter(), names: names}
}

// Start refreshes the shapes every minute.
func (n *Nodes) Start() {
	go func() {
		for range time.Tick(time.Minute) {
			for _, name := range n.names {
				n.shapes.NodeShape(name)
			}
		}
	}()
}

// Instances refreshes instance pools with a getter of its own.
type Instances struct {
	shapes *shapes.Getter
	ids    []string
}

// NewInstances makes the getter it uses.
func NewInstances(ids []string) *Instances {
	g := shapes.NewGetter()
	return &Instances{shapes: g, ids: ids}
}

// Start refreshes the shapes every minute.
func (i *Instances) Start() {
	go func() {
		for range time.Tick(time.Minute) {
			for _, id := range i.ids {
				i.shapes.PoolShape(id)
			}
		}
	}()
}

// CachedNodes and CachedInstances share the cache NewShared gives them.
type CachedNodes struct {
	cache *shapes.Cache
	names []string
}

// CachedInstances refreshes instance pools through the shared cache.
type CachedInstances struct {
	cache *shapes.Cache
	ids   []string
}

// NewShared makes one cache for both kinds of pool and starts them.
func NewShared(names, ids []string) {
	c := shapes.NewCache()
	n := &CachedNodes{cache: c, names: names}
	i := &CachedInstances{cache: c, ids: ids}
	go func() {
		for range time.Tick(time.Minute) {
			for _, name := range n.names {
				n.cache.NodeShape(name)
			}
		}
	}()
	go func() {
		for range time.Tick(time.Minute) {
			for _, id := range i.ids {
				i.cache.PoolShape(id)
			}
		}
	}()
}

// Run starts both kinds of pool with getters of their own.
func Run(names, ids []string) {
	NewNodes(names).Start()
	NewInstances(ids).Start()
}
