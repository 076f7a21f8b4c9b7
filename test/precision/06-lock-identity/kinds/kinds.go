// Package kinds caches discovered kinds behind a lock that its callers take through SafeWrite and SafeRead.
package kinds

import "sync"

// Kinds maps API groups to their kinds. Silent: in the package, Append runs only inside SafeWrite; the tests
// call it on their own, one call at a time, which says nothing of how the program calls it.
type Kinds struct {
	m       sync.RWMutex
	byGroup map[string][]string
}

// New returns an empty cache.
func New() *Kinds {
	return &Kinds{byGroup: make(map[string][]string)}
}

// SafeWrite runs fn holding the write lock.
func (k *Kinds) SafeWrite(fn func()) {
	k.m.Lock()
	defer k.m.Unlock()
	fn()
}

// SafeRead runs fn holding the read lock.
func (k *Kinds) SafeRead(fn func()) {
	k.m.RLock()
	defer k.m.RUnlock()
	fn()
}

// Append adds a kind; the caller holds the write lock.
func (k *Kinds) Append(group, kind string) {
	k.byGroup[group] = append(k.byGroup[group], kind)
}

// Has reports whether a group has kinds.
func (k *Kinds) Has(group string) bool {
	var ok bool
	k.SafeRead(func() {
		_, ok = k.byGroup[group]
	})
	return ok
}

// Discover adds the kinds it is sent, each under the write lock.
func (k *Kinds) Discover(found <-chan [2]string) {
	for gk := range found {
		k.SafeWrite(func() {
			k.Append(gk[0], gk[1])
		})
	}
}
