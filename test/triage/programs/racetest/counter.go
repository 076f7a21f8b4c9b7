// Package racetest has a map written from several goroutines; its tests, run with -race, print many data race
// reports for the same two lines, as a whole test log does.
package racetest

import "sync"

// Tally counts words in parallel, without a lock around the shared map.
func Tally(words []string) map[string]int {
	counts := map[string]int{}
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[w]++
		}()
	}
	wg.Wait()
	return counts
}

// Seen reports whether a word was counted, reading the map while another goroutine may write it.
func Seen(counts map[string]int, w string) bool {
	_, ok := counts[w]
	return ok
}
