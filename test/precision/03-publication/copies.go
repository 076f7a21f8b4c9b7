package publication

import "net/http"

// Labels is a struct value that holds a map: a copy of it holds the same map.
type Labels struct {
	m map[string]string
}

func stamp(l Labels, k string) {
	l.m[k] = "true"
}

// Batch is handed to one worker over a channel, by value. Silent: a worker stamps the labels of the batch it
// received through a copy of their struct, which holds the batch's map: the worker's own.
type Batch struct {
	labels Labels
}

// RelabelBatches starts the workers.
func RelabelBatches(batches <-chan Batch, workers int) {
	for i := 0; i < workers; i++ {
		go func() {
			for b := range batches {
				l := b.labels
				stamp(l, "relabelled")
			}
		}()
	}
}

// Applier holds defaults every request uses. Racy: Apply copies the defaults' struct into a variable first, but
// the copy holds the same map.
type Applier struct {
	defaults Labels
}

// Apply runs in every request.
func (a *Applier) Apply(k string) {
	var l Labels
	l = a.defaults
	l.m[k] = "applied" // want "write of map l.m races with write in another request.*MR1002"
}

// Handler serves Apply.
func (a *Applier) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.Apply(r.URL.Path)
	})
}

// Rule counts its hits in a map.
type Rule struct {
	hits map[string]int
}

// Engine keeps its rules in a slice of values. Racy: the loop variable of Count is a copy of an element, which
// holds the element's map, and Count runs on many goroutines.
type Engine struct {
	rules []Rule
}

// Count counts a hit on every rule.
func (e *Engine) Count(k string) {
	for _, r := range e.rules {
		r.hits[k]++ // want "write of map r.hits races with write in another goroutine.*MR1002"
	}
}

// Start counts from n goroutines.
func (e *Engine) Start(n int) {
	for i := 0; i < n; i++ {
		go e.Count("start")
	}
}

// CountFresh builds rules of its own with new maps, then counts on them. Silent: each call's rules are its own.
func CountFresh(keys []string) int {
	rules := []Rule{}
	for range 3 {
		rules = append(rules, Rule{hits: map[string]int{}})
	}
	n := 0
	for _, r := range rules {
		for _, k := range keys {
			r.hits[k]++
			n += r.hits[k]
		}
	}
	return n
}

// StartFresh counts from n goroutines.
func StartFresh(keys []string, n int) {
	for i := 0; i < n; i++ {
		go CountFresh(keys)
	}
}
