// Package store holds the maps; the goroutines that use them are started in package app.
package store

import (
	"sync"

	"example.com/mr1002/crosspkg/sets"
)

// Store keeps counts by key and does not lock: callers from several goroutines race.
type Store struct {
	items map[string]int
}

// New returns an empty Store.
func New() *Store { return &Store{items: map[string]int{}} }

// Put sets a count.
func (s *Store) Put(k string, v int) {
	s.items[k] = v // want "write of map s.items races with read at crosspkg/store/store.go:25.*MR1002"
}

// Get reads a count.
func (s *Store) Get(k string) int {
	return s.items[k]
}

// Locked is Store with a mutex around every access: silent.
type Locked struct {
	mu    sync.Mutex
	items map[string]int
}

// NewLocked returns an empty Locked.
func NewLocked() *Locked { return &Locked{items: map[string]int{}} }

// Put sets a count under the lock.
func (l *Locked) Put(k string, v int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.items[k] = v
}

// Get reads a count under the lock.
func (l *Locked) Get(k string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.items[k]
}

// Journal has no lock; its callers join their goroutine before reading: silent.
type Journal struct {
	lines map[int]string
}

// NewJournal returns an empty Journal.
func NewJournal() *Journal { return &Journal{lines: map[int]string{}} }

// Add records a line.
func (j *Journal) Add(n int, s string) { j.lines[n] = s }

// Line reads a line.
func (j *Journal) Line(n int) string { return j.lines[n] }

// Registry keeps names in a map-based set of package sets.
type Registry struct {
	names sets.String
}

// NewRegistry returns an empty Registry.
func NewRegistry() *Registry { return &Registry{names: sets.String{}} }

// Add registers a name.
func (r *Registry) Add(name string) { r.names.Insert(name) }

// Known reports whether a name was registered.
func (r *Registry) Known(name string) bool { return r.names.Has(name) }

// KV is the interface the app uses to reach a key-value store.
type KV interface {
	Set(k, v string)
	Lookup(k string) string
}

// Memory is the KV the program creates; it does not lock.
type Memory struct {
	data map[string]string
}

// NewMemory returns an empty Memory as a KV.
func NewMemory() KV { return &Memory{data: map[string]string{}} }

// Set stores v at k.
func (m *Memory) Set(k, v string) {
	m.data[k] = v // want "write of map m.data races with .*MR1002"
}

// Lookup reads k.
func (m *Memory) Lookup(k string) string {
	return m.data[k]
}

// Sessions is written by the HTTP handlers of package app.
type Sessions struct {
	byPath map[string]string
}

// NewSessions returns an empty Sessions.
func NewSessions() *Sessions { return &Sessions{byPath: map[string]string{}} }

// Remember records the client of a path.
func (s *Sessions) Remember(path, addr string) {
	s.byPath[path] = addr // want "write of map s.byPath races with .*MR1002"
}

// Owned is used by one goroutine only: silent.
type Owned struct {
	seen map[string]bool
}

// NewOwned returns an empty Owned.
func NewOwned() *Owned { return &Owned{seen: map[string]bool{}} }

// Mark records k.
func (o *Owned) Mark(k string) { o.seen[k] = true }

// Seen reports whether k was marked.
func (o *Owned) Seen(k string) bool { return o.seen[k] }

// Audit is racy, and its write is documented as accepted with a directive, in this package: silent.
type Audit struct {
	events map[string]int
}

// NewAudit returns an empty Audit.
func NewAudit() *Audit { return &Audit{events: map[string]int{}} }

// Note counts an event.
func (a *Audit) Note(e string) {
	a.events[e]++ //maprace:ignore MR1002 demo: a lost count is accepted in this audit log
}
