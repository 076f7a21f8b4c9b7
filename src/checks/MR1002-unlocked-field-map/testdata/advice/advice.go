// Package advice: the fix names the lock the other accesses already hold, never asks for RLock on a
// sync.Mutex, and offers sync.Map only for a map used as a cache.
package advice

import "sync"

// Store guards items with mu in Add and Remove; Peek forgets it.
type Store struct {
	mu    sync.Mutex
	items map[string]int
}

func (s *Store) Add(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[k] = v
}

func (s *Store) Remove(k string) {
	s.mu.Lock()
	delete(s.items, k)
	s.mu.Unlock()
}

func (s *Store) Peek(k string) int {
	return s.items[k] // want `read of map s.items.*MR1002.* fix: hold s.mu around this read of s.items, as Add and Remove do$`
}

// Names iterates under no lock: a sync.Mutex is held, not RLocked.
func (s *Store) Names() []string {
	var out []string
	for k := range s.items { // want `iteration of map s.items.*MR1005.* fix: hold s.mu for the whole iteration of s.items, as Add and Remove do, or iterate`
		out = append(out, k)
	}
	return out
}

// Index uses a sync.RWMutex: writers take Lock, readers RLock.
type Index struct {
	mu   sync.RWMutex
	byID map[int]string
}

func (x *Index) Put(id int, v string) {
	x.mu.Lock()
	x.byID[id] = v
	x.mu.Unlock()
}

func (x *Index) Get(id int) string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.byID[id]
}

func (x *Index) Drop(id int) {
	delete(x.byID, id) // want `write of map x.byID.*MR1002.* fix: hold x.mu \(Lock\) around this write of x.byID, as Get and Put do$`
}

// Jobs has a mutex nobody takes yet: the fix says to hold it, with no RLock for a sync.Mutex.
type Jobs struct {
	mu   sync.Mutex
	done map[string]bool
}

func (j *Jobs) Run(names []string) {
	for _, n := range names {
		go func() {
			j.done[n] = true // want `write of map j.done.*MR1002.* fix: hold j.mu around every access to j.done$`
		}()
	}
}

// Embedded is locked through the struct itself.
type Embedded struct {
	sync.Mutex
	seen map[string]bool
}

func (e *Embedded) Mark(k string) {
	e.Lock()
	e.seen[k] = true
	e.Unlock()
}

func (e *Embedded) Seen(k string) bool {
	return e.seen[k] // want `read of map e.seen.*MR1002.* fix: hold e around this read of e.seen, as Mark does$`
}
