// Package telegrafinputs holds Telegraf inputs: the agent calls one input's Start, Gather (each call after the
// last one returned) and Stop one after another.
package telegrafinputs

import (
	"sync"
	"time"

	"github.com/influxdata/telegraf"
)

// Scraper counts how often it has seen each URL. Silent: only Gather and Stop touch the counts, and Telegraf
// never runs them at once for one scraper.
type Scraper struct {
	URLs []string

	mu     sync.Mutex
	seen   map[string]int
	errors map[string]int
}

// Init makes the counts.
func (s *Scraper) Init() error {
	s.seen = make(map[string]int)
	s.errors = make(map[string]int)
	return nil
}

// Gather scrapes every URL on a goroutine of its own and waits for them.
func (s *Scraper) Gather(acc telegraf.Accumulator) error {
	var wg sync.WaitGroup
	for _, u := range s.URLs {
		s.seen[u]++
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			s.mu.Lock()
			s.errors[u] = 0
			s.mu.Unlock()
			acc.AddFields("scrape", map[string]interface{}{"url": u}, nil)
		}(u)
	}
	wg.Wait()
	for u, n := range s.seen {
		if n > 100 {
			delete(s.seen, u)
		}
	}
	return nil
}

// Stop forgets the counts.
func (s *Scraper) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.seen)
	clear(s.errors)
}

// Listener is a service input whose Start runs a discovery loop that adds targets. Racy: the loop writes the
// targets while Gather ranges over them.
type Listener struct {
	mu      sync.Mutex
	targets map[string]time.Time
	failed  map[string]int
}

// Start starts the discovery loop.
func (l *Listener) Start(telegraf.Accumulator) error {
	l.targets = make(map[string]time.Time)
	l.failed = make(map[string]int)
	go func() {
		for now := range time.Tick(time.Second) {
			l.targets[now.String()] = now // want "write of map l.targets races with iteration at .*MR1002"
		}
	}()
	return nil
}

// Gather reports every target.
func (l *Listener) Gather(acc telegraf.Accumulator) error {
	for t := range l.targets { // want "iteration of map l.targets races with write at .*MR1005"
		acc.AddFields("target", map[string]interface{}{"name": t}, nil)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	clear(l.failed)
	return nil
}

// Stop has nothing to stop: the loop runs until the process exits.
func (l *Listener) Stop() {}
