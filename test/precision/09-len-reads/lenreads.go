// Package lenreads: len(m) racing with a write is a data race, but the runtime never stops the program for
// it (len reads the map header's count and checks no flag), so such a pair is reported as a warning. A pair
// with any other access is still an error. The wants of this package start with the severity the finding
// must have ("warning: " or "error: "), which the precision test puts in front of the message.
package lenreads

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Queue locks its writers but not Len. Racy at warning severity: only a len read is unguarded.
type Queue struct {
	mu    sync.Mutex
	items map[string]time.Time
}

// Push adds an item.
func (q *Queue) Push(k string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items[k] = time.Now()
}

// Len reports the length without the lock.
func (q *Queue) Len() int {
	return len(q.items) // want "^warning: read of map q.items races with write at .*MR1002"
}

// Backlog locks Len too. Silent.
type Backlog struct {
	mu    sync.Mutex
	items map[string]time.Time
}

// NewBacklog makes an empty backlog.
func NewBacklog() *Backlog {
	return &Backlog{items: make(map[string]time.Time)}
}

// Push adds an item.
func (b *Backlog) Push(k string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.items[k] = time.Now()
}

// Len reports the length under the lock.
func (b *Backlog) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.items)
}

// ServeQueues pushes from requests and reports the lengths from another endpoint.
func ServeQueues(q *Queue, b *Backlog) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/push", func(w http.ResponseWriter, req *http.Request) {
		q.Push(req.URL.Path)
		b.Push(req.URL.Path)
	})
	mux.HandleFunc("/len", func(w http.ResponseWriter, req *http.Request) {
		_, _ = w.Write([]byte(strconv.Itoa(q.Len() + b.Len())))
	})
	return mux
}

// Progress polls the size of the map a worker fills. Racy at warning severity: the only other access is
// len.
func Progress(items []string, report chan<- int) map[string]bool {
	seen := make(map[string]bool)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, it := range items {
			seen[it] = true // want "^warning: write of map seen races with read at .*MR1001"
		}
	}()
	for {
		select {
		case <-done:
			return seen
		case <-time.After(time.Second):
			report <- len(seen)
		}
	}
}

// ProgressAfter reads the size after the worker is done. Silent.
func ProgressAfter(items []string, report chan<- int) map[string]bool {
	seen := make(map[string]bool)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, it := range items {
			seen[it] = true
		}
	}()
	wg.Wait()
	report <- len(seen)
	return seen
}

// Peek polls the size and looks up a key while a worker fills the map. Racy at error severity: the lookup
// can crash.
func Peek(items []string, report chan<- int) map[string]bool {
	seen := make(map[string]bool)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, it := range items {
			seen[it] = true // want "^error: write of map seen races with read at .*MR1001"
		}
	}()
	for {
		select {
		case <-done:
			return seen
		case <-time.After(time.Second):
			if !seen["last"] {
				report <- len(seen)
			}
		}
	}
}

// PeekLocked does the same under a mutex the worker holds too. Silent.
func PeekLocked(items []string, report chan<- int) map[string]bool {
	seen := make(map[string]bool)
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, it := range items {
			mu.Lock()
			seen[it] = true
			mu.Unlock()
		}
	}()
	for {
		select {
		case <-done:
			return seen
		case <-time.After(time.Second):
			mu.Lock()
			if !seen["last"] {
				report <- len(seen)
			}
			mu.Unlock()
		}
	}
}

// Conns tracks open connections under an RWMutex; the status page reads the count without it. Racy at
// warning severity.
type Conns struct {
	mu     sync.RWMutex
	active map[string]time.Time
}

// Track records a connection from its serving goroutine.
func (c *Conns) Track(addr string) {
	c.mu.Lock()
	c.active[addr] = time.Now()
	c.mu.Unlock()
}

// Status writes the count.
func (c *Conns) Status(w http.ResponseWriter, _ *http.Request) {
	_, _ = w.Write([]byte(strconv.Itoa(len(c.active)))) // want "^warning: read of map c.active races with write at .*MR1002"
}

// Sessions tracks sessions the same way, and the status page takes the read lock. Silent.
type Sessions struct {
	mu     sync.RWMutex
	active map[string]time.Time
}

// NewSessions makes an empty set of sessions.
func NewSessions() *Sessions {
	return &Sessions{active: make(map[string]time.Time)}
}

// Track records a session from its serving goroutine.
func (s *Sessions) Track(id string) {
	s.mu.Lock()
	s.active[id] = time.Now()
	s.mu.Unlock()
}

// Status writes the count.
func (s *Sessions) Status(w http.ResponseWriter, _ *http.Request) {
	s.mu.RLock()
	n := len(s.active)
	s.mu.RUnlock()
	_, _ = w.Write([]byte(strconv.Itoa(n)))
}

// ServeStatus tracks from requests and serves both status pages.
func ServeStatus(c *Conns, s *Sessions) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, req *http.Request) {
		c.Track(req.RemoteAddr)
		s.Track(req.FormValue("session"))
	})
	mux.HandleFunc("/status/conns", c.Status)
	mux.HandleFunc("/status/sessions", s.Status)
	return mux
}
