// Package stream merges the items of one request. A merger wraps a Stream and is a Stream itself, so a call
// through the interface may land in a merger's Next. The objects a request makes are its own, through calls
// into the interface as through direct ones; only an object shared by every request races.
package stream

import (
	"net/http"
	"strconv"
)

// Stream yields items one at a time.
type Stream interface {
	Next() bool
	At() string
}

// source counts up to n.
type source struct {
	i, n int
}

// NewSource returns a source of n items.
func NewSource(n int) *source {
	return &source{n: n}
}

func (s *source) Next() bool {
	s.i++
	return s.i <= s.n
}

func (s *source) At() string {
	return strconv.Itoa(s.i)
}

// merger drops repeated items. Silent: every request makes its own (count, nested), and NewMerger's call
// through the interface runs the Next of the object the request passed in.
type merger struct {
	src  Stream
	seen map[string]bool
	cur  string
}

// NewMerger wraps src, reading its first item through the interface.
func NewMerger(src Stream) *merger {
	m := &merger{src: src, seen: make(map[string]bool)}
	if src.Next() {
		m.cur = src.At()
	}
	return m
}

func (m *merger) Next() bool {
	for m.src.Next() {
		v := m.src.At()
		if !m.seen[v] {
			m.seen[v] = true
			m.cur = v
			return true
		}
	}
	return false
}

func (m *merger) At() string {
	return m.cur
}

// count merges a source of its own.
func count(w http.ResponseWriter, r *http.Request) {
	m := NewMerger(NewSource(10))
	n := 0
	for m.Next() {
		n++
	}
	_, _ = w.Write([]byte(strconv.Itoa(n)))
}

// nested wraps a merger of its own in another one: the outer merger's calls through the interface reach the
// inner merger, which this request made.
func nested(w http.ResponseWriter, r *http.Request) {
	m := NewMerger(NewMerger(NewSource(10)))
	for m.Next() {
		_, _ = w.Write([]byte(m.At()))
	}
}

// ledger is a merger over a source. Racy: one ledger (made by a package variable's constructor call) serves
// every request.
type ledger struct {
	src  *source
	seen map[string]bool
	cur  string
}

// NewLedger wraps src.
func NewLedger(src *source) *ledger {
	l := &ledger{src: src, seen: make(map[string]bool)}
	if src.Next() {
		l.cur = src.At()
	}
	return l
}

func (l *ledger) Next() bool {
	for l.src.Next() {
		v := l.src.At()
		if !l.seen[v] {
			l.seen[v] = true // want "write of map l.seen races with read at .*stream.go:108 .*MR1002"
			l.cur = v
			return true
		}
	}
	return false
}

// everyone is one ledger for all requests.
var everyone = NewLedger(NewSource(1000))

// shared reads the one ledger from every request.
func shared(w http.ResponseWriter, r *http.Request) {
	if everyone.Next() {
		_, _ = w.Write([]byte(everyone.cur))
	}
}

// Register serves the three handlers.
func Register(mux *http.ServeMux) {
	mux.HandleFunc("/count", count)
	mux.HandleFunc("/nested", nested)
	mux.HandleFunc("/shared", shared)
}
