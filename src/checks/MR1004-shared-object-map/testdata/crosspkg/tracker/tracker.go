// Package tracker keeps what the reconcilers of package controllers have seen; it starts no goroutine itself.
package tracker

import (
	"maps"
	"sync"
)

// Seen records the last resource version per name and does not lock.
type Seen struct {
	versions map[string]string
}

// NewSeen returns an empty Seen.
func NewSeen() *Seen { return &Seen{versions: map[string]string{}} }

// Observe records a version.
func (s *Seen) Observe(name, version string) {
	s.versions[name] = version // want "write of map s\\.versions races with write in a concurrent Reconcile.*MR1002"
}

// Version reads a version.
func (s *Seen) Version(name string) string { return s.versions[name] }

// Defaults holds labels filled once, before any reconcile starts, and only read afterwards.
type Defaults struct {
	labels map[string]string
}

// NewDefaults returns Defaults with the given labels.
func NewDefaults(team string) *Defaults {
	d := &Defaults{labels: map[string]string{}}
	d.labels["team"] = team
	return d
}

// Labels returns a copy of the labels that its caller owns.
func (d *Defaults) Labels() map[string]string { return maps.Clone(d.labels) }

// Guarded is Seen with a mutex around every access.
type Guarded struct {
	mu       sync.Mutex
	versions map[string]string
}

// NewGuarded returns an empty Guarded.
func NewGuarded() *Guarded { return &Guarded{versions: map[string]string{}} }

// Observe records a version under the lock.
func (g *Guarded) Observe(name, version string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.versions[name] = version
}
