// Package distinct: the same field of two different objects is two maps — two instances of one type, the
// old and the new object of an update, each element of a slice that a goroutine gets by its own index.
package distinct

import (
	"hash/fnv"
	"sync"
)

// counter is one per worker. Silent: CountTwice runs two counters.
type counter struct {
	seen map[string]int
}

func (c *counter) run(items []string, wg *sync.WaitGroup) {
	defer wg.Done()
	for _, it := range items {
		c.seen[it]++
	}
}

// CountTwice runs two counters, one per goroutine: a and b are different objects.
func CountTwice(left, right []string) int {
	a := &counter{seen: make(map[string]int)}
	b := &counter{seen: make(map[string]int)}
	var wg sync.WaitGroup
	wg.Add(2)
	go a.run(left, &wg)
	go b.run(right, &wg)
	wg.Wait()
	return len(a.seen) + len(b.seen)
}

// tally is shared by both goroutines. Racy: TallyTwice runs one tally twice.
type tally struct {
	seen map[string]int
}

func (t *tally) run(items []string, wg *sync.WaitGroup) {
	defer wg.Done()
	for _, it := range items {
		t.seen[it]++ // want "write of map t.seen races with write in another goroutine.*MR1002"
	}
}

// TallyTwice runs one tally on two goroutines.
func TallyTwice(left, right []string) int {
	t := &tally{seen: make(map[string]int)}
	var wg sync.WaitGroup
	wg.Add(2)
	go t.run(left, &wg)
	go t.run(right, &wg)
	wg.Wait()
	return len(t.seen)
}

// shard is one slot of a sharded counter. Silent: each goroutine of CountSharded writes its own.
type shard struct {
	hits map[string]int
}

// CountSharded gives goroutine i the shard at index i.
func CountSharded(parts [][]string) []shard {
	shards := make([]shard, len(parts))
	var wg sync.WaitGroup
	for i, part := range parts {
		shards[i].hits = make(map[string]int)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, p := range part {
				shards[i].hits[p]++
			}
		}()
	}
	wg.Wait()
	return shards
}

// bucket is one slot of a hashed counter. Racy: CountHashed lets two goroutines pick the same one.
type bucket struct {
	hits map[string]int
}

// CountHashed picks the slot by the key's hash: two goroutines can pick the same one.
func CountHashed(parts [][]string) []bucket {
	buckets := make([]bucket, len(parts))
	for i := range buckets {
		buckets[i].hits = make(map[string]int)
	}
	var wg sync.WaitGroup
	for _, part := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, p := range part {
				h := fnv.New32a()
				_, _ = h.Write([]byte(p))
				buckets[int(h.Sum32())%len(buckets)].hits[p]++ // want "write of map .*hits races with write in another goroutine.*MR100[12]"
			}
		}()
	}
	wg.Wait()
	return buckets
}

// table is one version of a routing table: built once, then only read. Silent: Reload writes a new one.
type table struct {
	routes map[string]string
}

// Router swaps whole tables (copy on write); readers read the table they loaded, without a lock.
type Router struct {
	mu  sync.RWMutex
	cur *table
}

// Lookup reads the current table.
func (r *Router) Lookup(host string) string {
	r.mu.RLock()
	t := r.cur
	r.mu.RUnlock()
	if t == nil {
		return ""
	}
	return t.routes[host]
}

// Reload builds the new table and swaps it in: the writes go to next, never to the old table the readers
// hold.
func (r *Router) Reload(src map[string]string) {
	next := &table{routes: make(map[string]string, len(src))}
	for h, b := range src {
		next.routes[h] = b
	}
	r.mu.Lock()
	r.cur = next
	r.mu.Unlock()
}

// version is one version of a routing table too. Racy: Update changes the one readers hold.
type version struct {
	routes map[string]string
}

// Balancer changes its current table in place.
type Balancer struct {
	mu  sync.RWMutex
	cur *version
}

// Lookup reads the current table.
func (b *Balancer) Lookup(host string) string {
	b.mu.RLock()
	v := b.cur
	b.mu.RUnlock()
	if v == nil {
		return ""
	}
	return v.routes[host]
}

// Update writes into the table readers hold.
func (b *Balancer) Update(host, backend string) {
	b.mu.RLock()
	v := b.cur
	b.mu.RUnlock()
	if v == nil {
		return
	}
	v.routes[host] = backend // want "write of map v.routes races with read at .*MR1002"
}

// Serve runs lookups and updates of both on their own goroutines.
func Serve(r *Router, b *Balancer, hosts <-chan string, reloads <-chan map[string]string) {
	go func() {
		for h := range hosts {
			_ = r.Lookup(h) + b.Lookup(h)
		}
	}()
	go func() {
		for src := range reloads {
			r.Reload(src)
			for h, be := range src {
				b.Update(h, be)
			}
		}
	}()
}

// Endpoints of a service: the addresses and which of them answered a probe. Silent: OnUpdate writes the
// new object and iterates the old one.
type Endpoints struct {
	addrs []string
	ready map[string]bool
}

func probe(addr string) bool { return addr != "" }

// Watcher reports the endpoints of updates.
type Watcher struct {
	out chan string
}

// OnUpdate probes the new endpoints on a goroutine and meanwhile reports the old ones that were ready: the
// goroutine writes cur.ready, the spawner iterates old.ready, two objects.
func (w *Watcher) OnUpdate(old, cur *Endpoints) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, a := range cur.addrs {
			cur.ready[a] = probe(a)
		}
	}()
	for a, ok := range old.ready {
		if ok {
			w.out <- a
		}
	}
	<-done
}

// Backends of a service, with the same shape. Racy: OnChange writes and iterates the old object.
type Backends struct {
	addrs []string
	ready map[string]bool
}

// OnChange marks the old backends stale on a goroutine while it iterates them.
func (w *Watcher) OnChange(old, cur *Backends) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, a := range old.addrs {
			old.ready[a] = false // want "write of map old.ready races with iteration at .*MR1002"
		}
	}()
	for a, ok := range old.ready { // want "iteration of map old.ready races with write at .*MR1005"
		if ok {
			w.out <- a
		}
	}
	<-done
	_ = cur
}
