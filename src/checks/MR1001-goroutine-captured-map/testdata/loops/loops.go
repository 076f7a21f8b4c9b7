// Package loops: goroutines started in loops that share one local map, and the safe ways to do it.
package loops

import (
	"fmt"
	"sync"
)

// RacyLoop: every goroutine writes the one shared map.
func RacyLoop(items []string) map[string]int {
	counts := map[string]int{}
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[it]++ // want "write of map counts.*MR1001"
		}()
	}
	wg.Wait()
	return counts
}

// LockedLoop: the same map, guarded by a mutex held around the write. Silent.
func LockedLoop(items []string) map[string]int {
	counts := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			counts[it]++
		}()
	}
	wg.Wait()
	return counts
}

// SliceMerge: one slot per goroutine, merged into the map after Wait. Silent.
func SliceMerge(items []string) map[string]int {
	lens := make([]int, len(items))
	var wg sync.WaitGroup
	for i, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lens[i] = len(it)
		}()
	}
	wg.Wait()
	out := map[string]int{}
	for i, it := range items {
		out[it] = lens[i]
	}
	return out
}

// PrivateMap: each goroutine builds a map of its own. Silent.
func PrivateMap(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := map[string]int{}
			local[it] = 1
			fmt.Println(len(local))
		}()
	}
	wg.Wait()
}

// PerIterationMap: a map made in the loop body belongs to that iteration's goroutine only. Silent.
func PerIterationMap(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		m := map[string]bool{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			m[it] = true
		}()
	}
	wg.Wait()
}

// ReadWithoutWait: the spawner reads while the goroutine writes.
func ReadWithoutWait() int {
	m := map[int]int{}
	go func() {
		m[1] = 1 // want "write of map m.*MR1001"
	}()
	return m[1]
}

// BuiltBeforeStart: written before the goroutines start, only read by them. Silent.
func BuiltBeforeStart(keys []string) {
	lookup := map[string]int{"a": 1, "b": 2}
	lookup["c"] = 3
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(lookup[k])
		}()
	}
	wg.Wait()
}

// SpawnerWritesLate: goroutines read while the spawner writes after starting them.
func SpawnerWritesLate(keys []string) {
	lookup := map[string]int{}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(lookup[k])
		}()
	}
	lookup["late"] = 1 // want "write of map lookup.*MR1001"
	wg.Wait()
}

// WriteAfterWait: writes after Wait are ordered after every goroutine. Silent.
func WriteAfterWait(keys []string) map[string]int {
	lookup := map[string]int{}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(lookup[k])
		}()
	}
	wg.Wait()
	lookup["done"] = 1
	return lookup
}

// SpawnerWritesInLoop: the spawner writes in the same loop that starts readers (later iterations overlap).
func SpawnerWritesInLoop(keys []string) {
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for _, k := range keys {
		seen[k] = true // want "write of map seen.*MR1001"
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(seen[k])
		}()
	}
	wg.Wait()
}

// IterateWhileWriting: a goroutine ranges over the map while the spawner writes it.
func IterateWhileWriting() {
	m := map[string]int{"a": 1}
	done := make(chan struct{})
	go func() {
		for k, v := range m { // want "iteration of map m .*MR1005"
			fmt.Println(k, v)
		}
		close(done)
	}()
	m["b"] = 2 // want "write of map m.*MR1001"
	<-done
}

// DoneChannel: the spawner reads only after the goroutine signalled it is done. Silent.
func DoneChannel() int {
	m := map[int]int{}
	done := make(chan bool)
	go func() {
		m[1] = 1
		done <- true
	}()
	<-done
	return m[1]
}

// HandOff: the goroutine builds a map and sends it; the receiver owns it from then on. Silent.
func HandOff() int {
	ch := make(chan map[string]int)
	go func() {
		m := map[string]int{"a": 1}
		m["b"] = 2
		ch <- m
	}()
	got := <-ch
	got["c"] = 3
	return len(got)
}

// SyncMap: sync.Map is safe for concurrent use. Silent.
func SyncMap(items []string) {
	var m sync.Map
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.Store(it, true)
		}()
	}
	wg.Wait()
}

// TwoGoroutines: two different goroutines write the same map.
func TwoGoroutines() {
	m := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		m["a"] = 1 // want "write of map m.*MR1001"
	}()
	go func() {
		defer wg.Done()
		delete(m, "a") // want "write of map m.*MR1001"
	}()
	wg.Wait()
}

// Sequential: the second goroutine starts after the first was waited for. Silent.
func Sequential() {
	m := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m["a"] = 1
	}()
	wg.Wait()
	wg.Add(1)
	go func() {
		defer wg.Done()
		m["b"] = 2
	}()
	wg.Wait()
}
