// Package locks: which lock an access holds. A sync.Cond's L is the mutex it was made with; a lock passed to a
// helper is the caller's lock; a caller that holds a lock while it starts and waits for workers holds it for
// them; an embedded RWMutex is the struct's lock, RLock for readers and Lock for writers.
package locks

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"

	"example.com/precision/locks/workers"
)

// WorkQueue signals its consumer through a Cond made over its own mutex. Silent: q.cond.L is q.mu.
type WorkQueue struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending map[string]int
}

// NewWorkQueue makes the queue.
func NewWorkQueue() *WorkQueue {
	q := &WorkQueue{pending: make(map[string]int)}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// Add is called by producers.
func (q *WorkQueue) Add(key string) {
	q.mu.Lock()
	q.pending[key]++
	q.mu.Unlock()
	q.cond.Signal()
}

// Drain is called by the consumer.
func (q *WorkQueue) Drain() []string {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	for len(q.pending) == 0 {
		q.cond.Wait()
	}
	keys := make([]string, 0, len(q.pending))
	for k := range q.pending {
		keys = append(keys, k)
		delete(q.pending, k)
	}
	return keys
}

// EventQueue made its Cond over a different mutex than the one Add holds. Racy.
type EventQueue struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending map[string]int
}

// NewEventQueue makes the queue.
func NewEventQueue() *EventQueue {
	return &EventQueue{pending: make(map[string]int), cond: sync.NewCond(new(sync.Mutex))}
}

// Add is called by producers.
func (q *EventQueue) Add(key string) {
	q.mu.Lock()
	q.pending[key]++ // want "write of map q.pending races with .*MR1002"
	q.mu.Unlock()
	q.cond.Signal()
}

// Drain is called by the consumer.
func (q *EventQueue) Drain() []string {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	for len(q.pending) == 0 { // want "read of map q.pending races with write at .*MR1002"
		q.cond.Wait()
	}
	keys := make([]string, 0, len(q.pending))
	for k := range q.pending { // want "iteration of map q.pending races with write at .*MR1005"
		keys = append(keys, k)
		delete(q.pending, k) // want "write of map q.pending races with .*MR1002"
	}
	return keys
}

// RunQueues starts producers and a consumer of both queues.
func RunQueues(w *WorkQueue, e *EventQueue, keys <-chan string, out chan<- []string) {
	go func() {
		for k := range keys {
			w.Add(k)
			e.Add(k)
		}
	}()
	go func() {
		for {
			out <- append(w.Drain(), e.Drain()...)
		}
	}()
}

func runSynced(mu *sync.Mutex, f func()) {
	mu.Lock()
	defer mu.Unlock()
	f()
}

// Inventory writes through a helper that takes the lock it is given. Silent: both sides hold i.lock.
type Inventory struct {
	lock  sync.Mutex
	items map[string]int
}

// NewInventory makes an empty inventory.
func NewInventory() *Inventory {
	return &Inventory{items: make(map[string]int)}
}

// Put runs the write under i.lock, through runSynced.
func (i *Inventory) Put(name string, n int) {
	runSynced(&i.lock, func() { i.items[name] = n })
}

// Count reads under i.lock.
func (i *Inventory) Count(name string) int {
	i.lock.Lock()
	defer i.lock.Unlock()
	return i.items[name]
}

// Ledger hands the helper its other mutex. Racy: Put holds l.statsLock, Balance holds l.lock.
type Ledger struct {
	lock      sync.Mutex
	statsLock sync.Mutex
	items     map[string]int
}

// Put runs the write under the wrong lock.
func (l *Ledger) Put(name string, n int) {
	runSynced(&l.statsLock, func() { l.items[name] = n }) // want "write of map l.items races with .*MR1002"
}

// Balance reads under l.lock.
func (l *Ledger) Balance(name string) int {
	l.lock.Lock()
	defer l.lock.Unlock()
	return l.items[name] // want "read of map l.items races with write at .*MR1002"
}

// Serve uses both from two goroutines.
func Serve(inv *Inventory, led *Ledger, names <-chan string) {
	go func() {
		for n := range names {
			inv.Put(n, 1)
			led.Put(n, 1)
		}
	}()
	go func() {
		for n := range names {
			_ = inv.Count(n) + led.Balance(n)
		}
	}()
}

// Syncer holds s.mu while its workers run: Resync starts them and waits for them before it unlocks. Silent:
// Status, under s.mu, cannot run while a worker writes.
type Syncer struct {
	mu     sync.Mutex
	status map[string]string
}

// NewSyncer makes a syncer.
func NewSyncer() *Syncer {
	return &Syncer{status: make(map[string]string)}
}

func fetch(ctx context.Context, key string) (string, error) {
	return key, ctx.Err()
}

// Resync refreshes the status of every key.
func (s *Syncer) Resync(ctx context.Context, keys []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	results := make([]string, len(keys))
	g, ctx := errgroup.WithContext(ctx)
	for i, k := range keys {
		g.Go(func() error {
			v, err := fetch(ctx, k)
			results[i] = v
			return err
		})
	}
	g.Go(func() error {
		s.status["phase"] = "syncing"
		return nil
	})
	err := g.Wait()
	for i, k := range keys {
		s.status[k] = results[i]
	}
	return err
}

// Status reads under s.mu.
func (s *Syncer) Status(key string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status[key]
}

// Refresher unlocks before it waits for its workers. Racy: the worker's write can overlap Status.
type Refresher struct {
	mu     sync.Mutex
	status map[string]string
}

// Resync starts the worker under r.mu but waits after unlocking.
func (r *Refresher) Resync(ctx context.Context) error {
	r.mu.Lock()
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		r.status["phase"] = "syncing" // want "write of map r.status races with read at .*MR1002"
		return ctx.Err()
	})
	r.mu.Unlock()
	return g.Wait()
}

// Status reads under r.mu.
func (r *Refresher) Status(key string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.status[key]
}

// RunSyncers resyncs both periodically while another goroutine reads their status.
func RunSyncers(ctx context.Context, s *Syncer, r *Refresher, ticks <-chan []string) {
	go func() {
		for keys := range ticks {
			_ = s.Resync(ctx, keys)
			_ = r.Resync(ctx)
		}
	}()
	go func() {
		for range ticks {
			_ = s.Status("phase") + r.Status("phase")
		}
	}()
}

// Tenant shares its parent's mutex through a pointer: t.mu is &Directory.mu. Silent.
type Tenant struct {
	mu    *sync.Mutex
	quota map[string]int
}

// SetQuota writes under the parent's mutex.
func (t *Tenant) SetQuota(resource string, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.quota[resource] = n
}

// Directory holds the tenants and the mutex they share.
type Directory struct {
	mu      sync.Mutex
	tenants map[string]*Tenant
}

// NewDirectory makes an empty directory.
func NewDirectory() *Directory {
	return &Directory{tenants: make(map[string]*Tenant)}
}

// Add makes a tenant over the directory's mutex.
func (d *Directory) Add(name string) *Tenant {
	d.mu.Lock()
	defer d.mu.Unlock()
	t := &Tenant{mu: &d.mu, quota: make(map[string]int)}
	d.tenants[name] = t
	return t
}

// Usage reads every tenant's quota under the directory's mutex.
func (d *Directory) Usage(resource string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for _, t := range d.tenants {
		n += t.quota[resource]
	}
	return n
}

// Project has a mutex of its own, which the organization does not hold. Racy.
type Project struct {
	mu    *sync.Mutex
	quota map[string]int
}

// SetQuota writes under the project's own mutex.
func (p *Project) SetQuota(resource string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.quota[resource] = n // want "write of map p.quota races with read at .*MR1002"
}

// Organization holds the projects.
type Organization struct {
	mu       sync.Mutex
	projects map[string]*Project
}

// Add makes a project with a new mutex.
func (o *Organization) Add(name string) *Project {
	o.mu.Lock()
	defer o.mu.Unlock()
	p := &Project{mu: new(sync.Mutex), quota: make(map[string]int)}
	o.projects[name] = p
	return p
}

// Usage reads every project's quota under the organization's mutex only.
func (o *Organization) Usage(resource string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, p := range o.projects {
		n += p.quota[resource] // want "read of map p.quota races with write at .*MR1002"
	}
	return n
}

// ServeQuotas sets quotas from one goroutine and reads the usage from another.
func ServeQuotas(d *Directory, o *Organization, names <-chan string) {
	go func() {
		for n := range names {
			d.Add(n).SetQuota("cpu", 1)
			o.Add(n).SetQuota("cpu", 1)
		}
	}()
	go func() {
		for range names {
			_ = d.Usage("cpu") + o.Usage("cpu")
		}
	}()
}

// Catalog embeds its RWMutex: readers RLock, the writer Locks. Silent.
type Catalog struct {
	sync.RWMutex
	prices map[string]int
}

// NewCatalog makes an empty catalog.
func NewCatalog() *Catalog {
	return &Catalog{prices: make(map[string]int)}
}

// Price reads under the read lock.
func (c *Catalog) Price(item string) int {
	c.RLock()
	defer c.RUnlock()
	return c.prices[item]
}

// SetPrice writes under the write lock.
func (c *Catalog) SetPrice(item string, p int) {
	c.Lock()
	defer c.Unlock()
	c.prices[item] = p
}

// Menu embeds its RWMutex too, but its writer takes only the read lock. Racy.
type Menu struct {
	sync.RWMutex
	prices map[string]int
}

// Price reads under the read lock.
func (m *Menu) Price(item string) int {
	m.RLock()
	defer m.RUnlock()
	return m.prices[item]
}

// SetPrice writes under the read lock.
func (m *Menu) SetPrice(item string, p int) {
	m.RLock()
	defer m.RUnlock()
	m.prices[item] = p // want "write of map m.prices races with .*holds only the read lock.*MR1002"
}

func runLocked(l sync.Locker, f func()) {
	l.Lock()
	defer l.Unlock()
	f()
}

// Cluster writes through a helper that takes a sync.Locker: &c.lock, the cluster's RWMutex. Silent: the write holds
// c.lock, the read holds it for reading.
type Cluster struct {
	lock  sync.RWMutex
	nodes map[string]int
}

// NewCluster makes an empty cluster.
func NewCluster() *Cluster {
	return &Cluster{nodes: make(map[string]int)}
}

// SetNode writes under c.lock, through runLocked.
func (c *Cluster) SetNode(name string, n int) {
	runLocked(&c.lock, func() { c.nodes[name] = n })
}

// Node reads under c.lock for reading.
func (c *Cluster) Node(name string) int {
	c.lock.RLock()
	defer c.lock.RUnlock()
	return c.nodes[name]
}

// Fleet hands the helper a sync.Locker of another mutex. Racy: SetNode holds f.statsLock, Node holds f.lock.
type Fleet struct {
	lock      sync.RWMutex
	statsLock sync.Mutex
	nodes     map[string]int
}

// SetNode writes under the wrong lock.
func (f *Fleet) SetNode(name string, n int) {
	runLocked(&f.statsLock, func() { f.nodes[name] = n }) // want "write of map f.nodes races with .*MR1002"
}

// Node reads under f.lock for reading.
func (f *Fleet) Node(name string) int {
	f.lock.RLock()
	defer f.lock.RUnlock()
	return f.nodes[name] // want "read of map f.nodes races with write at .*MR1002"
}

// Watch uses both from two goroutines.
func Watch(c *Cluster, fl *Fleet, names <-chan string) {
	go func() {
		for n := range names {
			c.SetNode(n, 1)
			fl.SetNode(n, 1)
		}
	}()
	go func() {
		for n := range names {
			_ = c.Node(n) + fl.Node(n)
		}
	}()
}

// Cache refreshes its index on workers of package workers while EnsureSynced, their spawner's caller, holds c.lock;
// the workers take c.writeMu among themselves. Silent: Lookup, under c.lock, cannot run while a worker writes.
type Cache struct {
	lock    sync.Mutex
	writeMu sync.Mutex
	index   map[int]string
}

// EnsureSynced holds c.lock while sync runs its workers and waits for them.
func (c *Cache) EnsureSynced(keys []string) {
	c.lock.Lock()
	defer c.lock.Unlock()
	c.sync(keys)
}

func (c *Cache) sync(keys []string) {
	workers.RunAll(len(keys), func(i int) {
		c.setEntry(i, keys[i])
	})
}

func (c *Cache) setEntry(i int, key string) {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.index[i] = key
}

// Lookup reads under c.lock.
func (c *Cache) Lookup(i int) string {
	c.lock.Lock()
	defer c.lock.Unlock()
	return c.index[i]
}

// Mirror runs the same workers without holding m.lock around them. Racy: a worker writes (under m.writeMu only)
// while Lookup reads under m.lock.
type Mirror struct {
	lock    sync.Mutex
	writeMu sync.Mutex
	index   map[int]string
}

// EnsureSynced takes no lock around the workers.
func (m *Mirror) EnsureSynced(keys []string) {
	workers.RunAll(len(keys), func(i int) {
		m.writeMu.Lock()
		defer m.writeMu.Unlock()
		m.index[i] = keys[i] // want "write of map m.index races with .*MR1002"
	})
}

// Lookup reads under m.lock.
func (m *Mirror) Lookup(i int) string {
	m.lock.Lock()
	defer m.lock.Unlock()
	return m.index[i] // want "read of map m.index races with write at .*MR1002"
}

// Refresh syncs both periodically while another goroutine looks entries up.
func Refresh(c *Cache, m *Mirror, ticks <-chan []string) {
	go func() {
		for keys := range ticks {
			c.EnsureSynced(keys)
			m.EnsureSynced(keys)
		}
	}()
	go func() {
		for range ticks {
			_ = c.Lookup(0) + m.Lookup(0)
		}
	}()
}
