// Package collector holds OpenTelemetry Collector components: the collector calls every component's Start, then
// every Shutdown, on its service goroutine.
package collector

import (
	"context"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
)

// Storage is an extension whose backends other components look up while they start. Silent: Backend runs only
// from Exporter.Start, Shutdown only from the collector, both on the collector's goroutine, one after the other.
type Storage struct {
	mu       sync.Mutex
	backends map[string]string
	lookups  map[string]int
}

// NewStorage makes the extension for the collector.
func NewStorage() component.Component {
	return &Storage{backends: make(map[string]string), lookups: make(map[string]int)}
}

// Start opens the backends.
func (s *Storage) Start(_ context.Context, _ component.Host) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.backends["memory"] = "memory://"
	return nil
}

// Backend finds a backend; lookups are counted under the lock.
func (s *Storage) Backend(name string) (string, bool) {
	b, ok := s.backends[name]
	s.mu.Lock()
	s.lookups[name]++
	s.mu.Unlock()
	return b, ok
}

// Shutdown closes the backends.
func (s *Storage) Shutdown(context.Context) error {
	for name := range s.backends {
		delete(s.backends, name)
	}
	return nil
}

// Exporter looks its backend up when it starts.
type Exporter struct {
	backend string
}

// NewExporter makes the exporter for the collector.
func NewExporter() component.Component {
	return &Exporter{}
}

// Start finds the storage extension and its backend.
func (e *Exporter) Start(_ context.Context, host component.Host) error {
	for _, c := range host.GetExtensions() {
		if s, ok := c.(*Storage); ok {
			e.backend, _ = s.Backend("memory")
		}
	}
	return nil
}

// Shutdown has nothing to close.
func (e *Exporter) Shutdown(context.Context) error {
	return nil
}

// Cache is an extension that refreshes its entries on a goroutine of its own. Racy: Start starts the refresh
// loop and Shutdown ranges over the entries without stopping it first.
type Cache struct {
	mu      sync.Mutex
	entries map[string]time.Time
	misses  map[string]int
}

// NewCache makes the extension for the collector.
func NewCache() component.Component {
	return &Cache{entries: make(map[string]time.Time), misses: make(map[string]int)}
}

// Start starts the refresh loop.
func (c *Cache) Start(context.Context, component.Host) error {
	go func() {
		for now := range time.Tick(time.Minute) {
			c.entries["now"] = now // want "write of map c.entries races with iteration at .*MR1002"
		}
	}()
	return nil
}

// Miss counts a miss under the lock.
func (c *Cache) Miss(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.misses[key]++
}

// Shutdown forgets the entries.
func (c *Cache) Shutdown(context.Context) error {
	for k := range c.entries { // want "iteration of map c.entries races with write at .*MR1005"
		delete(c.entries, k) // want "write of map c.entries races with write at .*MR1002"
	}
	return nil
}
