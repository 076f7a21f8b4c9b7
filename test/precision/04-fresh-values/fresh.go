// Package fresh: values a function makes are its own — constructor results, make and literals — so writes into
// them are not writes into anyone else's map.
package fresh

import (
	"sync"

	"example.com/precision/fresh/tracker"
)

// ScanFresh gives each worker a tracker from the constructor. Silent: every t is a new object.
func ScanFresh(batches [][]string) {
	var wg sync.WaitGroup
	for _, batch := range batches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := tracker.New()
			for _, item := range batch {
				t.Seen[item] = true
			}
		}()
	}
	wg.Wait()
}

// ScanShared gives every worker the registry's one "default" tracker. Racy.
func ScanShared(reg *tracker.Registry, batches [][]string) {
	var wg sync.WaitGroup
	for _, batch := range batches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := reg.Get("default")
			for _, item := range batch {
				t.Seen[item] = true // want "write of map t.Seen races with write in another goroutine.*MR1002"
			}
		}()
	}
	wg.Wait()
}

// CountPerWorker makes one map per goroutine with a literal and sends it back. Silent.
func CountPerWorker(batches [][]string) []map[string]int {
	out := make(chan map[string]int, len(batches))
	for _, batch := range batches {
		go func() {
			counts := map[string]int{}
			for _, item := range batch {
				counts[item]++
			}
			out <- counts
		}()
	}
	all := make([]map[string]int, 0, len(batches))
	for range batches {
		all = append(all, <-out)
	}
	return all
}

// CountIntoOne makes the map once, outside the goroutines. Racy.
func CountIntoOne(batches [][]string) map[string]int {
	counts := map[string]int{}
	done := make(chan struct{}, len(batches))
	for _, batch := range batches {
		go func() {
			for _, item := range batch {
				counts[item]++ // want "write of map counts races with write in another goroutine.*MR1001"
			}
			done <- struct{}{}
		}()
	}
	for range batches {
		<-done
	}
	return counts
}
