// Package store has an interface with two implementations, only one of which the program creates.
package store

// KV is what the app stores through.
type KV interface {
	Put(k, v string)
	Get(k string) string
}

// Memory is created by the app.
type Memory struct{ data map[string]string }

// NewMemory returns a Memory as a KV.
func NewMemory() KV { return &Memory{data: map[string]string{}} }

// Put stores v.
func (m *Memory) Put(k, v string) { m.data[k] = v }

// Get reads k.
func (m *Memory) Get(k string) string { return m.data[k] }

// Disk implements KV too, but nothing creates one: calls through KV never run its methods.
type Disk struct{ path string }

// Put does nothing.
func (d *Disk) Put(k, v string) {}

// Get returns the path.
func (d *Disk) Get(k string) string { return d.path }

// Counts counts events; its Add is handed around as a function value.
type Counts struct{ n map[string]int }

// NewCounts returns an empty Counts.
func NewCounts() *Counts { return &Counts{n: map[string]int{}} }

// Add counts one event.
func (c *Counts) Add(reason string) { c.n[reason]++ }

// Ledger records lines without a lock: the app's goroutine and the tool's main each use one, in programs of their own.
type Ledger struct{ lines map[string]bool }

// NewLedger returns an empty Ledger.
func NewLedger() *Ledger { return &Ledger{lines: map[string]bool{}} }

// Record notes a line.
func (l *Ledger) Record(s string) { l.lines[s] = true }
