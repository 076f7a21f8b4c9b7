// Package scope holds what one request works on: a Scope, made per request by New, and the objects made with
// it. Those are the request's own too; an object the caller hands to New is whatever the caller shares.
package scope

// Counts counts by kind.
type Counts struct {
	n map[string]int
}

// Add counts one of a kind.
func (c *Counts) Add(kind string) {
	c.n[kind]++
}

// Tracker counts names, and kinds in a Counts it makes. Silent: New makes a Tracker (and its Counts) with
// every Scope, and each request makes its own Scope.
type Tracker struct {
	names  map[string]int
	byKind *Counts
}

// NewTracker returns an empty tracker.
func NewTracker() *Tracker {
	return &Tracker{names: make(map[string]int), byKind: &Counts{n: make(map[string]int)}}
}

// Mark counts a name and its kind.
func (t *Tracker) Mark(name, kind string) {
	t.names[name]++
	t.byKind.Add(kind)
}

// Journal records names. Racy: New keeps the caller's journal in the Scope, and the server gives every
// request the same one.
type Journal struct {
	lines map[string]bool
}

// NewJournal returns an empty journal.
func NewJournal() *Journal {
	return &Journal{lines: make(map[string]bool)}
}

// Record notes a name.
func (j *Journal) Record(name string) {
	j.lines[name] = true // want "write of map j.lines races with write in another request .*MR1002"
}

// Scope is what one request works on.
type Scope struct {
	Tracker *Tracker
	Journal *Journal
}

// New returns a scope with a tracker of its own, writing to the caller's journal.
func New(j *Journal) *Scope {
	s := &Scope{Tracker: NewTracker()}
	s.Journal = j
	return s
}
