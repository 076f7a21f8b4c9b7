// Package witness: a lock-free type's exported method runs concurrently only when the program has two roots
// that reach it, or one root that runs concurrently with itself. A type that guards a map with its mutex in
// some methods and not in others is inconsistent whoever calls it.
package witness

import (
	"net/http"
	"strconv"
	"sync"
)

// Tally counts hits without a lock. Silent: CountInBackground calls it from one goroutine.
type Tally struct {
	hits map[string]int
}

// Inc counts one hit.
func (t *Tally) Inc(path string) {
	t.hits[path]++
}

// CountInBackground counts on one goroutine, started once.
func CountInBackground(paths <-chan string) *Tally {
	t := &Tally{hits: make(map[string]int)}
	go func() {
		for p := range paths {
			t.Inc(p)
		}
	}()
	return t
}

// Counter counts hits without a lock too. Racy: CountPerRequest calls it from every request.
type Counter struct {
	hits map[string]int
}

// Inc counts one hit.
func (c *Counter) Inc(path string) {
	c.hits[path]++ // want "write of map c.hits races with write in another request.*MR1002"
}

// CountPerRequest counts in the handler: every request runs it on its own goroutine.
func CountPerRequest() *http.ServeMux {
	c := &Counter{hits: make(map[string]int)}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, req *http.Request) {
		c.Inc(req.URL.Path)
	})
	return mux
}

// Plugins locks in Register and Unregister, but not in Lookup. Racy: inconsistent locking, reported at the
// access that does not hold the mutex, naming the methods that do.
type Plugins struct {
	mu     sync.Mutex
	byName map[string]func() error
}

// Register adds a plugin.
func (p *Plugins) Register(name string, f func() error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.byName[name] = f
}

// Unregister removes a plugin.
func (p *Plugins) Unregister(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.byName, name)
}

// Lookup forgets the mutex.
func (p *Plugins) Lookup(name string) func() error {
	return p.byName[name] // want "read of map p.byName races with write .*MR1002.*fix: hold p.mu around this read of p.byName, as Register and Unregister do"
}

// Drivers locks in every exported method; lookupLocked is only called with the mutex held. Silent.
type Drivers struct {
	mu     sync.Mutex
	byName map[string]func() error
}

// NewDrivers makes an empty set of drivers.
func NewDrivers() *Drivers {
	return &Drivers{byName: make(map[string]func() error)}
}

// Register adds a driver.
func (d *Drivers) Register(name string, f func() error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.lookupLocked(name) == nil {
		d.byName[name] = f
	}
}

// Unregister removes a driver.
func (d *Drivers) Unregister(name string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.byName, name)
}

// Lookup returns a driver.
func (d *Drivers) Lookup(name string) func() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.lookupLocked(name)
}

func (d *Drivers) lookupLocked(name string) func() error {
	return d.byName[name]
}

// Form collects fields. A Form is not safe for concurrent use. Silent: Submit uses it from one goroutine.
type Form struct {
	fields map[string]string
}

// Set sets a field.
func (f *Form) Set(k, v string) {
	f.fields[k] = v
}

// Encode renders the fields.
func (f *Form) Encode() string {
	out := ""
	for k, v := range f.fields {
		out += k + "=" + v + "&"
	}
	return out
}

// Submit fills and encodes a form on the calling goroutine: documented not safe, used by one.
func Submit(values []string) string {
	f := &Form{fields: make(map[string]string)}
	for i, v := range values {
		f.Set(strconv.Itoa(i), v)
	}
	return f.Encode()
}

// Query collects fields. A Query is not safe for concurrent use. Racy: SubmitAsync uses it from two
// goroutines.
type Query struct {
	fields map[string]string
}

// Set sets a field.
func (q *Query) Set(k, v string) {
	q.fields[k] = v // want "write of map q.fields races with .*MR1002"
}

// Encode renders the fields.
func (q *Query) Encode() string {
	out := ""
	for k, v := range q.fields { // want "iteration of map q.fields races with write at .*MR1005"
		out += k + "=" + v + "&"
	}
	return out
}

// SubmitAsync encodes on a goroutine while the caller keeps setting fields: the documentation does not make
// a second goroutine safe.
func SubmitAsync(values []string, out chan<- string) {
	q := &Query{fields: make(map[string]string)}
	go func() { out <- q.Encode() }()
	for i, v := range values {
		q.Set(strconv.Itoa(i), v)
	}
}
