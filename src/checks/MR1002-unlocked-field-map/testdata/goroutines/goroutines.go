// Package goroutines: struct maps shared between a goroutine the type starts and its other methods.
package goroutines

import (
	"sync"
	"time"
)

// Watcher counts events in a goroutine while callers read the counts.
type Watcher struct {
	services map[string]int
}

// Start runs the event loop on its own goroutine.
func (w *Watcher) Start(events <-chan string) {
	go w.loop(events)
}

func (w *Watcher) loop(events <-chan string) {
	for e := range events {
		w.services[e]++ // want "write of map w.services.*MR1002"
	}
}

// Count reads while loop writes.
func (w *Watcher) Count(name string) int {
	return w.services[name]
}

// SafeWatcher is the same with a mutex. Silent.
type SafeWatcher struct {
	mu       sync.Mutex
	services map[string]int
}

// Start runs the event loop on its own goroutine.
func (w *SafeWatcher) Start(events <-chan string) {
	go w.loop(events)
}

func (w *SafeWatcher) loop(events <-chan string) {
	for e := range events {
		w.mu.Lock()
		w.services[e]++
		w.mu.Unlock()
	}
}

// Count reads under the lock.
func (w *SafeWatcher) Count(name string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.services[name]
}

// Pool starts workers that all write one field map.
type Pool struct {
	results map[int]int
}

// Run starts n workers and waits for them.
func (p *Pool) Run(n int) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.results[i] = i * i // want "write of map p.results.*MR1002"
		}()
	}
	wg.Wait()
}

// Janitor expires entries from a timer goroutine.
type Janitor struct {
	mu      sync.Mutex
	entries map[string]time.Time
}

// Schedule expires entries later, forgetting the lock in the callback.
func (j *Janitor) Schedule() {
	time.AfterFunc(time.Minute, func() {
		for k, t := range j.entries { // want "iteration of map j.entries.*MR1005"
			if time.Since(t) > time.Hour {
				delete(j.entries, k) // want "write of map j.entries.*MR1002"
			}
		}
	})
}

// Touch writes under the lock.
func (j *Janitor) Touch(k string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries[k] = time.Now()
}

// stream is created per call and owned by the goroutine that runs it.
type stream struct {
	subs map[int]string
}

func (s *stream) run(ids []int) {
	for _, id := range ids {
		s.subs[id] = "sub"
	}
}

// Client starts a fresh stream per request; each goroutine owns its own object. Silent.
type Client struct {
	mu   sync.Mutex
	open map[string]int
}

// Open starts a new stream goroutine.
func (c *Client) Open(name string, ids []int) {
	c.mu.Lock()
	c.open[name]++
	c.mu.Unlock()
	s := &stream{subs: map[int]string{}}
	go s.run(ids)
}
