// Package ring is a hash ring that locks its members in the methods the program calls. A method that reads them
// without the lock is a race only where something other than the tests can call it.
package ring

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Ring maps keys to members. Silent: Loads ranges over the members without the lock, but only the tests call it;
// the app calls Add and Owner, which lock.
type Ring struct {
	mu      sync.RWMutex
	members map[string]int
}

// New returns an empty ring.
func New() *Ring {
	return &Ring{members: make(map[string]int)}
}

// Add counts a member in.
func (r *Ring) Add(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.members[name]++
}

// Owner picks the member with the lowest load.
func (r *Ring) Owner() string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	best, load := "", -1
	for name, n := range r.members {
		if load < 0 || n < load {
			best, load = name, n
		}
	}
	return best
}

// Loads copies the loads (for the tests).
func (r *Ring) Loads() map[string]int {
	out := make(map[string]int, len(r.members))
	for name, n := range r.members {
		out[name] = n
	}
	return out
}

// Pool counts connections per host. Racy: String ranges over the counts without the lock; only the tests call it
// by name, but the app hands the pool to fmt, which calls String on the request's goroutine while others Put.
type Pool struct {
	mu    sync.Mutex
	conns map[string]int
}

// NewPool returns an empty pool.
func NewPool() *Pool {
	return &Pool{conns: make(map[string]int)}
}

// Put counts a connection.
func (p *Pool) Put(host string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.conns[host]++
}

// String lists the hosts.
func (p *Pool) String() string {
	hosts := make([]string, 0, len(p.conns)) // want "^warning: read of map p.conns races with write at .*MR1002"
	for h := range p.conns {                 // want "iteration of map p.conns races with write at .*MR1005"
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	return strings.Join(hosts, ",")
}

// Describe prints the pool.
func Describe(p *Pool) string {
	return fmt.Sprint(p)
}

// Size counts the members without the lock (for the tests). Silent: the program's Fill calls Size through Sizer,
// which no type of the program implements, and a Ring has no Capacity: that call never runs this method.
func (r *Ring) Size() int {
	n := 0
	for range r.members {
		n++
	}
	return n
}

// Sizer is what Fill needs of a container.
type Sizer interface {
	Size() int
	Capacity() int
}

// Fill says how full a container is.
func Fill(s Sizer) float64 {
	return float64(s.Size()) / float64(s.Capacity())
}

// Gauge counts samples per key. Racy: Size ranges over the samples without the lock, and a Gauge has every
// method of Sizer: the app's Fill runs it on a request's goroutine (the app declares its gauge, so no literal
// makes one and the call is not resolved) while other requests Observe.
type Gauge struct {
	mu      sync.Mutex
	samples map[string]int
}

// Observe counts a sample.
func (g *Gauge) Observe(key string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.samples == nil {
		g.samples = make(map[string]int)
	}
	g.samples[key]++
}

// Size counts the keys.
func (g *Gauge) Size() int {
	n := 0
	for range g.samples { // want "iteration of map g.samples races with write at .*MR1005"
		n++
	}
	return n
}

// Capacity is the most keys a gauge should hold.
func (g *Gauge) Capacity() int {
	return 1024
}
