// Package store is a lock-free key-value store: it is filled before the workers that read it start.
package store

// Store maps keys to quotas. It holds no lock: callers fill it before they share it.
type Store struct {
	quotas map[string]int
}

// New returns an empty store.
func New() *Store {
	return &Store{quotas: make(map[string]int)}
}

// Preload sets a quota. Silent: the app calls it only before it starts the workers that read.
func (s *Store) Preload(key string, quota int) {
	s.quotas[key] = quota
}

// Override sets a quota. Racy: the app calls it while the workers read.
func (s *Store) Override(key string, quota int) {
	s.quotas[key] = quota // want "write of map s.quotas races with read at store/store.go:\\d+.*MR1002"
}

// Quota reads a quota.
func (s *Store) Quota(key string) int {
	return s.quotas[key]
}
