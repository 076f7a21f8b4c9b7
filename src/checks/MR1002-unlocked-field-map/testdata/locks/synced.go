package locks

import (
	"sync"

	"example.com/mr1002/fanout"
)

// An unexported sync that every caller runs with a lock held, and that runs workers of another package and waits
// for them: the workers run inside the callers' critical section, like the function's own accesses.

// Warehouse's sync starts an event loop, then runs workers of package workers and waits for them; every call of
// sync holds w.lock, and the event loop takes w.lock for each event. Silent: the workers run inside the
// callers' critical section, which the event loop cannot enter until they are done.
type Warehouse struct {
	lock    sync.Mutex
	writeMu sync.Mutex
	items   map[int]string
	events  chan int
}

// EnsureSynced holds w.lock around sync.
func (w *Warehouse) EnsureSynced(keys []string) {
	w.lock.Lock()
	defer w.lock.Unlock()
	w.sync(keys)
}

func (w *Warehouse) sync(keys []string) {
	w.items = make(map[int]string)
	go w.processEvents()
	fanout.RunAll(len(keys), func(i int) {
		w.writeMu.Lock()
		w.items[i] = keys[i]
		w.writeMu.Unlock()
	})
}

func (w *Warehouse) processEvents() {
	for e := range w.events {
		w.lock.Lock()
		delete(w.items, e)
		w.lock.Unlock()
	}
}

// Journal's sync is the same, but Reload calls it without ledger.lock. Racy: Reload's workers write while the event
// loop, holding ledger.lock, deletes.
type Journal struct {
	lock    sync.Mutex
	writeMu sync.Mutex
	entries map[int]string
	events  chan int
}

// EnsureSynced holds l.lock around sync.
func (l *Journal) EnsureSynced(keys []string) {
	l.lock.Lock()
	defer l.lock.Unlock()
	l.sync(keys)
}

// Reload syncs without the lock.
func (l *Journal) Reload(keys []string) {
	l.sync(keys)
}

func (l *Journal) sync(keys []string) {
	l.entries = make(map[int]string)
	go l.processEvents()
	fanout.RunAll(len(keys), func(i int) {
		l.writeMu.Lock()
		l.entries[i] = keys[i] // want "write of map l.entries races with write at .*MR1002"
		l.writeMu.Unlock()
	})
}

func (l *Journal) processEvents() {
	for e := range l.events {
		l.lock.Lock()
		delete(l.entries, e) // want "write of map l.entries races with write at .*MR1002"
		l.lock.Unlock()
	}
}

// Catalog's run loop syncs (workers writing under c.writeMu while it holds c.lock) and then looks up (workers
// reading while it holds c.lock for reading): two critical sections of one thread, one after the other. Silent:
// each set of workers is joined before its section ends, and the other section cannot start before that.
type Catalog struct {
	lock    sync.RWMutex
	writeMu sync.Mutex
	items   map[int]string
}

func (c *Catalog) sync(keys []string) {
	c.lock.Lock()
	defer c.lock.Unlock()
	fanout.RunAll(len(keys), func(i int) {
		c.writeMu.Lock()
		c.items[i] = keys[i]
		c.writeMu.Unlock()
	})
}

func (c *Catalog) lookup(n int) []string {
	c.lock.RLock()
	defer c.lock.RUnlock()
	out := make([]string, n)
	fanout.RunAll(n, func(i int) {
		out[i] = c.items[i]
	})
	return out
}

func (c *Catalog) run(ticks <-chan []string) {
	for keys := range ticks {
		c.sync(keys)
		_ = c.lookup(len(keys))
	}
}

// StartCatalog runs the loop.
func StartCatalog(ticks <-chan []string) {
	c := &Catalog{items: map[int]string{}}
	go c.run(ticks)
}

// Index runs both sets of workers inside one critical section, at the same time. Racy: the readers overlap the
// writers, which hold only x.writeMu.
type Index struct {
	lock    sync.Mutex
	writeMu sync.Mutex
	items   map[int]string
}

func (x *Index) refresh(keys []string) []string {
	x.lock.Lock()
	defer x.lock.Unlock()
	out := make([]string, len(keys))
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		fanout.RunAll(len(keys), func(i int) {
			x.writeMu.Lock()
			x.items[i] = keys[i]
			x.writeMu.Unlock()
		})
	}()
	go func() {
		defer wg.Done()
		fanout.RunAll(len(keys), func(i int) {
			out[i] = x.items[i] // want "read of map x.items races with write at .*MR1002"
		})
	}()
	wg.Wait()
	return out
}

// StartIndex refreshes on every tick.
func StartIndex(ticks <-chan []string) {
	x := &Index{items: map[int]string{}}
	go func() {
		for keys := range ticks {
			_ = x.refresh(keys)
		}
	}()
}
