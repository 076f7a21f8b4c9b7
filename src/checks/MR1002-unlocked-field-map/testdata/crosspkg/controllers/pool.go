// Package controllers hands methods and literals of package tracker to a pool as function values in a struct
// field; the pool's goroutines call them.
package controllers

import (
	"sync"

	"example.com/mr1002/crosspkg/tracker"
)

// Pool runs a callback for each event on a goroutine of its own.
type Pool struct {
	onEvent func(reason string)
}

// Run starts one goroutine per event.
func (p *Pool) Run(reasons []string) {
	for _, r := range reasons {
		go p.onEvent(r)
	}
}

// RunOne starts one goroutine for one event.
func (p *Pool) RunOne(reason string) {
	go p.onEvent(reason)
}

// RunAndWait handles one event on a goroutine and waits for it.
func (p *Pool) RunAndWait(reason string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		p.onEvent(reason)
	}()
	wg.Wait()
}

// Start handles one event on a goroutine and returns at once.
func (p *Pool) Start(reason string) {
	go func() {
		p.onEvent(reason)
	}()
}

// Handle runs the callback on the caller's goroutine.
func (p *Pool) Handle(reason string) {
	p.onEvent(reason)
}

// Serve handles each event on a goroutine of its own, through Handle.
func (p *Pool) Serve(reasons []string) {
	for _, r := range reasons {
		go p.Handle(r)
	}
}

// CountEvents hands a tracker.Counts method to the pool as a function value: the pool's goroutines write it.
func CountEvents(reasons []string) {
	c := tracker.NewCounts()
	p := &Pool{onEvent: c.Add}
	p.Run(reasons)
}

// CountLocked is CountEvents' twin with a Counts that locks: silent.
func CountLocked(reasons []string) {
	c := tracker.NewLocked()
	p := &Pool{onEvent: c.Add}
	p.Run(reasons)
}

// CountTwo gives two pools different callbacks: only the first one's goroutines run in a loop, the second's
// callback runs on one goroutine, and a Tally is written by nothing else: the second is silent.
func CountTwo(reasons []string) {
	c := tracker.NewCounts()
	t := tracker.NewTally()
	all := &Pool{onEvent: c.Add}
	one := &Pool{onEvent: t.Add}
	all.Run(reasons)
	one.RunOne("first")
}

// Copied gives a copy of a pool another callback: the original keeps its own, whose goroutines race (reported
// in CountEvents' callee), and the copy's one goroutine writes a Copies alone: silent.
func Copied(reasons []string) {
	c := tracker.NewCounts()
	orig := &Pool{onEvent: c.Add}
	cp := *orig
	k := tracker.NewCopies()
	cp.onEvent = k.Add
	cp.RunOne("first")
	orig.Run(reasons)
}

// ServeTwo serves two pools through the same Handle: the first one's callback locks (silent), the second
// one's does not, and its goroutines race.
func ServeTwo(reasons []string) {
	safe := tracker.NewLocked()
	racy := tracker.NewServed()
	a := &Pool{onEvent: safe.Add}
	b := &Pool{onEvent: racy.Add}
	a.Serve(reasons)
	b.Serve(reasons)
}

// Lines starts the callback on a goroutine and reads while it runs.
func Lines(reason string) string {
	l := tracker.NewLog()
	p := &Pool{}
	p.onEvent = l.Add
	p.Start(reason)
	return l.Line(reason)
}

// Joined is Lines' twin whose pool waits for its goroutine before the read: silent.
func Joined(reason string) string {
	j := tracker.NewJournal()
	p := &Pool{}
	p.onEvent = j.Add
	p.RunAndWait(reason)
	return j.Line(reason)
}

// Hits stores a func literal in the field: the goroutines run the literal, which writes into h.
func Hits(reasons []string) {
	h := tracker.NewHits()
	p := &Pool{}
	p.onEvent = func(reason string) { h.Hit(reason) }
	p.Run(reasons)
}

// HitOnce is Hits' twin with one goroutine: silent.
func HitOnce(reason string) {
	s := tracker.NewSingle()
	p := &Pool{}
	p.onEvent = func(reason string) { s.Hit(reason) }
	p.RunOne(reason)
}

// noted is written by the pool's goroutines (its type written out: a package variable's type is not inferred
// from a call into another package).
var noted *tracker.Notes = tracker.NewNotes()

// note is a declared function stored in the field.
func note(reason string) { noted.Note(reason) }

// Notes starts a declared function from the field on one goroutine per event.
func Notes(reasons []string) {
	p := &Pool{onEvent: note}
	p.Run(reasons)
}

// memos is written by one goroutine only.
var memos *tracker.Memos = tracker.NewMemos()

// memo is a declared function stored in the field.
func memo(reason string) { memos.Note(reason) }

// NoteOne is Notes' twin with one goroutine: silent.
func NoteOne(reason string) {
	p := &Pool{onEvent: memo}
	p.RunOne(reason)
}
