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
