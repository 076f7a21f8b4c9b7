// Package pipeline runs an ingest and an export goroutine that record metrics in another package.
package pipeline

import (
	"sync"

	"example.com/precision/distinct/metrics"
)

func pump(events <-chan string, observe func(string), wg *sync.WaitGroup) {
	defer wg.Done()
	for e := range events {
		observe(e)
	}
}

// RunSeparate gives each goroutine its own recorder: two instances, two maps.
func RunSeparate(ingest, export <-chan string) {
	in, out := metrics.NewRecorder(), metrics.NewRecorder()
	var wg sync.WaitGroup
	wg.Add(2)
	go pump(ingest, in.Observe, &wg)
	go pump(export, out.Observe, &wg)
	wg.Wait()
}

// RunShared gives both goroutines one histogram (reported in metrics).
func RunShared(ingest, export <-chan string) {
	h := metrics.NewHistogram()
	var wg sync.WaitGroup
	wg.Add(2)
	go pump(ingest, h.Observe, &wg)
	go pump(export, h.Observe, &wg)
	wg.Wait()
}
