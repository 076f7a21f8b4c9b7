package locks

import "sync"

// A lock-striped container: stripe i of hashes is guarded by locks[i], and the stripes' own methods are called
// only with that lock held.

type stripe struct{ unique map[uint64]string }

// Set is called only under the container's stripe lock. Silent.
func (m *stripe) Set(h uint64, v string) { m.unique[h] = v }

// stripeLock pads each stripe's lock to its own cache line.
type stripeLock struct {
	sync.RWMutex
	_ [40]byte
}

// Striped guards each stripe with its own lock.
type Striped struct {
	size   int
	locks  []stripeLock
	hashes []stripe
}

// NewStriped starts the collector.
func NewStriped(n int) *Striped {
	s := &Striped{size: n, locks: make([]stripeLock, n), hashes: make([]stripe, n)}
	go s.collect()
	return s
}

// Put locks the stripe around Set. Silent.
func (s *Striped) Put(h uint64, v string) {
	i := int(h % uint64(s.size))
	s.locks[i].Lock()
	s.hashes[i].Set(h, v)
	s.locks[i].Unlock()
}

func (s *Striped) collect() {
	for i := 0; i < s.size; i++ {
		s.locks[i].Lock()
		for h := range s.hashes[i].unique {
			delete(s.hashes[i].unique, h)
		}
		s.locks[i].Unlock()
	}
}

type leakyStripe struct{ unique map[uint64]string }

// Set is also called without the lock (PutFast), so it may run while collect iterates.
func (m *leakyStripe) Set(h uint64, v string) {
	m.unique[h] = v // want "write of map m.unique.*MR1002"
}

// LeakyStriped forgets the stripe lock on one path.
type LeakyStriped struct {
	size   int
	locks  []sync.RWMutex
	hashes []leakyStripe
}

// NewLeakyStriped starts the collector.
func NewLeakyStriped(n int) *LeakyStriped {
	s := &LeakyStriped{size: n, locks: make([]sync.RWMutex, n), hashes: make([]leakyStripe, n)}
	go s.collect()
	return s
}

// Put locks the stripe around Set.
func (s *LeakyStriped) Put(h uint64, v string) {
	i := int(h % uint64(s.size))
	s.locks[i].Lock()
	s.hashes[i].Set(h, v)
	s.locks[i].Unlock()
}

// PutFast does not.
func (s *LeakyStriped) PutFast(h uint64, v string) {
	s.hashes[int(h%uint64(s.size))].Set(h, v)
}

func (s *LeakyStriped) collect() {
	for i := 0; i < s.size; i++ {
		s.locks[i].Lock()
		for h := range s.hashes[i].unique {
			delete(s.hashes[i].unique, h)
		}
		s.locks[i].Unlock()
	}
}
