// Package app hands work to the pool of package pool. The pool's Submit and Parallel are goroutine roots
// only through .maprace.yaml: without it every case here is silent.
package app

import (
	"sync"

	"example.com/roots/pool"
)

// Index counts words with one pool task per document.
func Index(p *pool.Pool, docs []string) map[string]int {
	counts := map[string]int{}
	for _, d := range docs {
		p.Submit(func() {
			counts[d]++ // want "write of map counts races with write in another goroutine started at app/app.go:15.*MR1001"
		})
	}
	return counts
}

// IndexLocked guards the counts with a mutex. Silent.
func IndexLocked(p *pool.Pool, docs []string) map[string]int {
	var mu sync.Mutex
	counts := map[string]int{}
	for _, d := range docs {
		p.Submit(func() {
			mu.Lock()
			defer mu.Unlock()
			counts[d]++
		})
	}
	return counts
}

// Flag sets a flag from a pool task while the caller reads the map.
func Flag(p *pool.Pool) bool {
	flags := map[string]bool{}
	p.Submit(func() {
		flags["ready"] = true // want "write of map flags races with read at app/app.go:42.*MR1001"
	})
	return flags["ready"]
}

// FlagWaited reads the map after the task has finished. Silent.
func FlagWaited(p *pool.Pool) bool {
	flags := map[string]bool{}
	var wg sync.WaitGroup
	wg.Add(1)
	p.Submit(func() {
		defer wg.Done()
		flags["ready"] = true
	})
	wg.Wait()
	return flags["ready"]
}

// Once submits a single task that owns the map until it is done: Submit is not concurrent. Silent.
func Once(p *pool.Pool, keys []string) {
	seen := map[string]bool{}
	p.Submit(func() {
		for _, k := range keys {
			seen[k] = true
		}
	})
}

// Shards writes one map from every call of a Parallel callback: it runs n times at once.
func Shards(n int) map[int]int {
	sizes := map[int]int{}
	pool.Parallel(n, func(i int) {
		sizes[i%4] = i // want "write of map sizes races with write in another goroutine started at app/app.go:71.*MR1001"
	})
	return sizes
}

// ShardsSliced gives every call its own slot and builds the map after Parallel returns. Silent.
func ShardsSliced(n int) map[int]int {
	out := make([]int, n)
	pool.Parallel(n, func(i int) {
		out[i] = i
	})
	sizes := map[int]int{}
	for i, v := range out {
		sizes[i%4] = v
	}
	return sizes
}

var background = pool.New(4)

// async runs f in the background; .maprace.yaml declares it a root of this package.
func async(f func()) { background.Submit(f) }

// Record counts events from background tasks started by the package's own helper.
func Record(events []string) map[string]int {
	seen := map[string]int{}
	for _, e := range events {
		async(func() {
			seen[e]++ // want "write of map seen races with write in another goroutine started at app/app.go:99.*MR1001"
		})
	}
	return seen
}

// Tally writes the map in the loop while the tasks of earlier iterations read it.
func Tally(p *pool.Pool, docs []string) {
	totals := map[string]int{}
	for _, d := range docs {
		totals[d] = len(d) // want "write of map totals races with read at app/app.go:112.*MR1001"
		p.Submit(func() {
			_ = totals[d]
		})
	}
}
