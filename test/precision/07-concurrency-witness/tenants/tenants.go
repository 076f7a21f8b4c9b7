// Package tenants keeps a store per tenant and prunes idle ones. Deleting a tenant under the read lock is a race,
// but only where an option that makes Prune delete at once is set by something other than the tests.
package tenants

import (
	"sync"
	"time"
)

type store struct {
	lastWrite time.Time
}

func (s *store) idle() bool { return time.Since(s.lastWrite) > time.Hour }

// Tenants deletes idle tenants later, under the write lock. Silent: only with WithPruneNow, which only the tests
// pass, does Prune delete under the read lock.
type Tenants struct {
	mtx      sync.RWMutex
	stores   map[string]*store
	pruneNow bool
}

// Option configures Tenants.
type Option func(*Tenants)

// WithPruneNow makes Prune delete idle tenants at once.
func WithPruneNow() Option {
	return func(t *Tenants) { t.pruneNow = true }
}

// New returns Tenants configured by opts.
func New(opts ...Option) *Tenants {
	t := &Tenants{stores: make(map[string]*store)}
	for _, o := range opts {
		o(t)
	}
	return t
}

// Write notes a write of a tenant.
func (t *Tenants) Write(name string) {
	t.mtx.Lock()
	defer t.mtx.Unlock()
	t.stores[name] = &store{lastWrite: time.Now()}
}

// Prune deletes idle tenants.
func (t *Tenants) Prune() {
	t.mtx.RLock()
	defer t.mtx.RUnlock()
	for name, s := range t.stores {
		if !s.idle() {
			continue
		}
		if t.pruneNow {
			t.drop(name)
			continue
		}
		time.AfterFunc(time.Minute, func() {
			t.mtx.Lock()
			defer t.mtx.Unlock()
			t.drop(name)
		})
	}
}

func (t *Tenants) drop(name string) {
	delete(t.stores, name)
}

// Shards is the same with an option the app sets. Racy: the app passes WithEvictNow, so Evict deletes under the
// read lock while writes go on.
type Shards struct {
	mtx      sync.RWMutex
	shards   map[string]*store
	evictNow bool
}

// ShardOption configures Shards.
type ShardOption func(*Shards)

// WithEvictNow makes Evict delete idle shards at once.
func WithEvictNow() ShardOption {
	return func(s *Shards) { s.evictNow = true }
}

// NewShards returns Shards configured by opts.
func NewShards(opts ...ShardOption) *Shards {
	s := &Shards{shards: make(map[string]*store)}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Write notes a write of a shard.
func (s *Shards) Write(name string) {
	s.mtx.Lock()
	defer s.mtx.Unlock()
	s.shards[name] = &store{lastWrite: time.Now()}
}

// Evict deletes idle shards.
func (s *Shards) Evict() {
	s.mtx.RLock()
	defer s.mtx.RUnlock()
	for name, st := range s.shards {
		if !st.idle() {
			continue
		}
		if s.evictNow {
			s.evict(name)
			continue
		}
		time.AfterFunc(time.Minute, func() {
			s.mtx.Lock()
			defer s.mtx.Unlock()
			s.evict(name)
		})
	}
}

func (s *Shards) evict(name string) {
	delete(s.shards, name) // want "write of map s.shards races with .*MR1002"
}
