// Package component is a stand-in for go.opentelemetry.io/collector/component written for these fixtures: the
// declarations of the API they use, so that they compile without the network. The fixtures are analysed, never run.
//
// The contract it stands for: the collector's service calls Start of every component, then, when it stops,
// Shutdown of every component, on one goroutine, one call at a time. Pipeline calls (ConsumeTraces and its kin)
// run on other goroutines, concurrently.
package component

import "context"

// ID names a component.
type ID struct {
	name string
}

// MustNewID returns the ID of a component named name.
func MustNewID(name string) ID {
	return ID{name: name}
}

// Component is what the collector starts and shuts down.
type Component interface {
	Start(ctx context.Context, host Host) error
	Shutdown(ctx context.Context) error
}

// Host is what a component sees of the collector while it starts.
type Host interface {
	GetExtensions() map[ID]Component
}
