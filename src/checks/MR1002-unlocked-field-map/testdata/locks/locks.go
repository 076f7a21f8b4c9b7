// Package locks: types that guard a map field with their own mutex, and the accesses that forget it.
package locks

import "sync"

// Store guards items with mu.
type Store struct {
	mu    sync.Mutex
	items map[string]int
}

// NewStore fills the map before the value is shared. Silent.
func NewStore() *Store {
	s := &Store{items: map[string]int{}}
	s.items["init"] = 0
	return s
}

// Put locks. Silent.
func (s *Store) Put(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[k] = v
}

// Get locks. Silent.
func (s *Store) Get(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.items[k]
}

// Peek forgets the lock while Put writes under it.
func (s *Store) Peek(k string) int {
	return s.items[k] // want "read of map s.items.*MR1002"
}

// Drop writes without the lock.
func (s *Store) Drop(k string) {
	delete(s.items, k) // want "write of map s.items.*MR1002"
}

// Keys iterates without the lock while Put writes under it.
func (s *Store) Keys() []string {
	var out []string
	for k := range s.items { // want "iteration of map s.items.*MR1005"
		out = append(out, k)
	}
	return out
}

// Registry uses a RWMutex.
type Registry struct {
	mu   sync.RWMutex
	byID map[int]string
}

// Add writes while holding only the read lock.
func (r *Registry) Add(id int, name string) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	r.byID[id] = name // want "write of map r.byID.*MR1002"
}

// Set writes under the write lock. Silent.
func (r *Registry) Set(id int, name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byID[id] = name
}

// Lookup reads under the read lock. Silent.
func (r *Registry) Lookup(id int) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.byID[id]
}

// Split takes a different lock on each side.
type Split struct {
	a, b sync.Mutex
	data map[int]int
}

// Write holds a.
func (s *Split) Write(k int) {
	s.a.Lock()
	s.data[k] = k // want "write of map s.data.*MR1002"
	s.a.Unlock()
}

// Read holds b.
func (s *Split) Read(k int) int {
	s.b.Lock()
	defer s.b.Unlock()
	return s.data[k] // want "read of map s.data.*MR1002"
}

// Counter locks through helper methods.
type Counter struct {
	mu   sync.Mutex
	hits map[string]int
}

func (c *Counter) lock()   { c.mu.Lock() }
func (c *Counter) unlock() { c.mu.Unlock() }

// Hit locks through the helpers. Silent.
func (c *Counter) Hit(k string) {
	c.lock()
	c.hits[k]++
	c.unlock()
}

// Get locks through the helpers with defer. Silent.
func (c *Counter) Get(k string) int {
	c.lock()
	defer c.unlock()
	return c.hits[k]
}

// Add calls a helper with the lock held. Silent.
func (c *Counter) Add(k string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.addLocked(k, n)
}

// addLocked is only ever called with c.mu held. Silent.
func (c *Counter) addLocked(k string, n int) {
	c.hits[k] += n
}

// Cache unlocks on an early return and then writes unguarded.
type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

// GetOrLoad forgets to re-lock before the write.
func (c *Cache) GetOrLoad(k string) int {
	c.mu.Lock()
	if v, ok := c.m[k]; ok {
		c.mu.Unlock()
		return v
	}
	c.mu.Unlock()
	c.m[k] = 1 // want "write of map c.m.*MR1002"
	return 1
}

// Lookup holds the lock on every path, early return included. Silent.
func (c *Cache) Lookup(k string) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(k) == 0 {
		return 0, false
	}
	v, ok := c.m[k]
	return v, ok
}

// Embedded embeds its mutex.
type Embedded struct {
	sync.Mutex
	m map[string]int
}

// Set locks the embedded mutex. Silent.
func (e *Embedded) Set(k string) {
	e.Lock()
	defer e.Unlock()
	e.m[k] = 1
}

// Get locks the embedded mutex. Silent.
func (e *Embedded) Get(k string) int {
	e.Lock()
	defer e.Unlock()
	return e.m[k]
}

// Unsafe forgets it.
func (e *Embedded) Unsafe(k string) int {
	return e.m[k] // want "read of map e.m.*MR1002"
}

// Plain has no lock and no goroutines: single-goroutine use is fine. Silent.
type Plain struct {
	m map[string]int
}

// Set writes.
func (p *Plain) Set(k string) { p.m[k] = 1 }

// Get reads.
func (p *Plain) Get(k string) int { return p.m[k] }

// Leases is locked by its callers: Update is exported but every caller holds mu around it.
type Leases struct {
	mu      sync.Mutex
	entries map[string]int
}

// Update must be called with mu held. Silent.
func (l *Leases) Update(k string, v int) {
	l.entries[k] = v
}

// Put holds mu around Update. Silent.
func (l *Leases) Put(k string, v int) {
	l.mu.Lock()
	l.Update(k, v)
	l.mu.Unlock()
}

// Get holds mu. Silent.
func (l *Leases) Get(k string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.entries[k]
}

// Streams retries in an endless loop that locks on every turn. Silent.
type Streams struct {
	mu      sync.Mutex
	streams map[string]int
}

// Watch finds or creates a stream under the lock.
func (s *Streams) Watch(k string) int {
	for {
		s.mu.Lock()
		if s.streams == nil {
			s.mu.Unlock()
			return 0
		}
		n := s.streams[k]
		s.streams[k] = n + 1
		s.mu.Unlock()
		return n
	}
}

// Close drops a stream under the lock.
func (s *Streams) Close(k string) {
	s.mu.Lock()
	delete(s.streams, k)
	s.mu.Unlock()
}

// Pool hands its streams map over on Close: swapped out under the lock, then used privately. Silent.
type Pool struct {
	mu      sync.Mutex
	streams map[string]int
}

// Add registers a stream.
func (p *Pool) Add(k string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.streams[k]++
}

// Close detaches the map under the lock; nobody else can reach the old map afterwards.
func (p *Pool) Close() int {
	p.mu.Lock()
	streams := p.streams
	p.streams = nil
	p.mu.Unlock()
	n := 0
	for _, v := range streams {
		n += v
	}
	return n
}

// Network copies its labels into another network under its own lock: the copy target is another object. Silent.
type Network struct {
	mu     sync.Mutex
	labels map[string]string
}

// SetLabel writes under the lock.
func (n *Network) SetLabel(k, v string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.labels[k] = v
}

// CopyTo fills dst, a network being built by the caller.
func (n *Network) CopyTo(dst *Network) {
	n.mu.Lock()
	defer n.mu.Unlock()
	dst.labels = make(map[string]string, len(n.labels))
	for k, v := range n.labels {
		dst.labels[k] = v
	}
}

// Collector locks through a sync.Cond built on its mutex: cond.L is mu. Silent.
type Collector struct {
	mu         sync.Mutex
	cond       *sync.Cond
	publishers map[string]int
}

// NewCollector ties the condition variable to mu.
func NewCollector() *Collector {
	c := &Collector{publishers: map[string]int{}}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// Collect holds cond.L, which is mu.
func (c *Collector) Collect(k string) {
	c.cond.L.Lock()
	defer c.cond.L.Unlock()
	c.publishers[k]++
	c.cond.Signal()
}

// Stop holds mu.
func (c *Collector) Stop(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.publishers, k)
}

// Options guards its map with mu once shared.
type Options struct {
	mu     sync.Mutex
	values map[string]string
}

// Get locks. Silent.
func (o *Options) Get(k string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.values[k]
}

// Set locks. Silent.
func (o *Options) Set(k, v string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.values[k] = v
}

// UnmarshalText fills a value that json.Unmarshal and its kin are still building: nobody else has it yet. Silent.
func (o *Options) UnmarshalText(b []byte) error {
	o.values["raw"] = string(b)
	return nil
}
