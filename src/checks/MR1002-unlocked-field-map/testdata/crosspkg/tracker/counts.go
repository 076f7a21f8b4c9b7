// Package tracker counts events; its methods are handed to package controllers' pool as function values.
package tracker

import "sync"

// Counts counts events by reason and does not lock.
type Counts struct {
	byReason map[string]int
}

// NewCounts returns an empty Counts.
func NewCounts() *Counts { return &Counts{byReason: map[string]int{}} }

// Add counts one event.
func (c *Counts) Add(reason string) {
	c.byReason[reason]++ // want "write of map c\\.byReason races with write in another goroutine.*MR1002"
}

// Total reads a count.
func (c *Counts) Total(reason string) int { return c.byReason[reason] }

// Locked is Counts with a mutex around every access: silent.
type Locked struct {
	mu       sync.Mutex
	byReason map[string]int
}

// NewLocked returns an empty Locked.
func NewLocked() *Locked { return &Locked{byReason: map[string]int{}} }

// Add counts one event under the lock.
func (l *Locked) Add(reason string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.byReason[reason]++
}

// Tally is written by one goroutine only: silent.
type Tally struct {
	byReason map[string]int
}

// NewTally returns an empty Tally.
func NewTally() *Tally { return &Tally{byReason: map[string]int{}} }

// Add counts one event.
func (t *Tally) Add(reason string) { t.byReason[reason]++ }

// Copies is written by one goroutine only: silent.
type Copies struct {
	byReason map[string]int
}

// NewCopies returns an empty Copies.
func NewCopies() *Copies { return &Copies{byReason: map[string]int{}} }

// Add counts one event.
func (k *Copies) Add(reason string) { k.byReason[reason]++ }

// Served is written by the goroutines of a pool that calls it through Pool.Handle.
type Served struct {
	byReason map[string]int
}

// NewServed returns an empty Served.
func NewServed() *Served { return &Served{byReason: map[string]int{}} }

// Add counts one event.
func (s *Served) Add(reason string) {
	s.byReason[reason]++ // want "write of map s\\.byReason races with write in another goroutine.*MR1002"
}

// Log is written by a goroutine while its creator reads it.
type Log struct {
	lines map[string]string
}

// NewLog returns an empty Log.
func NewLog() *Log { return &Log{lines: map[string]string{}} }

// Add records an event.
func (l *Log) Add(reason string) {
	l.lines[reason] = "seen" // want "write of map l\\.lines races with read.*MR1002"
}

// Line reads an event's line.
func (l *Log) Line(reason string) string { return l.lines[reason] }

// Journal is Log's twin whose writer is joined before the read: silent.
type Journal struct {
	lines map[string]string
}

// NewJournal returns an empty Journal.
func NewJournal() *Journal { return &Journal{lines: map[string]string{}} }

// Add records an event.
func (j *Journal) Add(reason string) { j.lines[reason] = "seen" }

// Line reads an event's line.
func (j *Journal) Line(reason string) string { return j.lines[reason] }

// Hits counts events from a func literal the pool's goroutines run.
type Hits struct {
	byReason map[string]int
}

// NewHits returns an empty Hits.
func NewHits() *Hits { return &Hits{byReason: map[string]int{}} }

// Hit counts one event.
func (h *Hits) Hit(reason string) {
	h.byReason[reason]++ // want "write of map h\\.byReason races with write in another goroutine.*MR1002"
}

// Single is written by one goroutine only: silent.
type Single struct {
	byReason map[string]int
}

// NewSingle returns an empty Single.
func NewSingle() *Single { return &Single{byReason: map[string]int{}} }

// Hit counts one event.
func (s *Single) Hit(reason string) { s.byReason[reason]++ }

// Notes is written by the goroutines of a pool that calls a declared function.
type Notes struct {
	byReason map[string]bool
}

// NewNotes returns an empty Notes.
func NewNotes() *Notes { return &Notes{byReason: map[string]bool{}} }

// Note records an event.
func (n *Notes) Note(reason string) {
	n.byReason[reason] = true // want "write of map n\\.byReason races with write in another goroutine.*MR1002"
}

// Memos is written by one goroutine only: silent.
type Memos struct {
	byReason map[string]bool
}

// NewMemos returns an empty Memos.
func NewMemos() *Memos { return &Memos{byReason: map[string]bool{}} }

// Note records an event.
func (m *Memos) Note(reason string) { m.byReason[reason] = true }
