// Package spawn: every way of starting a goroutine that shares a local map.
package spawn

import (
	"maps"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

func fill(m map[string]int, k string) {
	m[k] = len(k) // want "write of map m.*MR1001"
}

// NamedFunc: the map is passed to a named function called from the goroutine.
func NamedFunc(keys []string) {
	m := map[string]int{}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fill(m, k)
		}()
	}
	wg.Wait()
}

// GoNamed: the named function itself is the goroutine (reported at the same write in fill).
func GoNamed(keys []string) {
	m := map[string]int{}
	for _, k := range keys {
		go fill(m, k)
	}
}

type recorder struct{ prefix string }

func (r recorder) record(m map[int]string, i int) {
	m[i] = r.prefix // want "write of map m.*MR1001"
}

// MethodValue: a method with the map as argument is the goroutine.
func MethodValue(n int) {
	m := map[int]string{}
	r := recorder{prefix: "x"}
	for i := range n {
		go r.record(m, i)
	}
}

func level3(m map[int]int, i int) {
	m[i] = i // want "write of map m.*MR1001"
}

func level2(m map[int]int, i int) { level3(m, i) }

func level1(m map[int]int, i int) { level2(m, i) }

// ThreeCallsDeep: the write happens three calls below the goroutine.
func ThreeCallsDeep(n int) {
	m := map[int]int{}
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			level1(m, i)
		}()
	}
	wg.Wait()
}

// ErrGroup: errgroup.Group.Go starts a goroutine per key.
func ErrGroup(keys []string) error {
	sizes := map[string]int{}
	var g errgroup.Group
	for _, k := range keys {
		g.Go(func() error {
			sizes[k] = len(k) // want "write of map sizes.*MR1001"
			return nil
		})
	}
	return g.Wait()
}

// ErrGroupLocked: the same with a mutex. Silent.
func ErrGroupLocked(keys []string) (map[string]int, error) {
	sizes := map[string]int{}
	var mu sync.Mutex
	var g errgroup.Group
	for _, k := range keys {
		g.Go(func() error {
			mu.Lock()
			sizes[k] = len(k)
			mu.Unlock()
			return nil
		})
	}
	err := g.Wait()
	return sizes, err
}

// WaitGroupGo: sync.WaitGroup.Go (Go 1.25) starts a goroutine per key.
func WaitGroupGo(keys []string) map[string]int {
	m := map[string]int{}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() {
			m[k] = 1 // want "write of map m.*MR1001"
		})
	}
	wg.Wait()
	return m
}

// WaitGroupGoRead: goroutines only read a map written before they start. Silent.
func WaitGroupGoRead(keys []string) int {
	m := map[string]int{"a": 1}
	total := make([]int, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Go(func() {
			total[i] = m[k]
		})
	}
	wg.Wait()
	return len(total)
}

// AfterFunc: the timer callback runs on its own goroutine while the caller keeps writing.
func AfterFunc(m map[string]int) {
	time.AfterFunc(time.Second, func() {
		delete(m, "expired") // want "write of map m.*MR1001"
	})
	m["fresh"] = 1 // want "write of map m.*MR1001"
}

// CopyAndClear: maps.Copy and clear are writes to their first argument.
func CopyAndClear(dst, src map[string]int) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		maps.Copy(dst, src) // want "write of map dst.*MR1001"
	}()
	go func() {
		defer wg.Done()
		clear(dst) // want "write of map dst.*MR1001"
	}()
	wg.Wait()
}

// Prune: maps.DeleteFunc writes while the caller reads the length.
func Prune(m map[string]int) int {
	go func() {
		maps.DeleteFunc(m, func(_ string, v int) bool { return v == 0 }) // want "write of map m.*MR1001"
	}()
	return len(m)
}

// CloneFirst: each goroutine works on its own maps.Clone copy. Silent.
func CloneFirst(base map[string]int, keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		own := maps.Clone(base)
		wg.Add(1)
		go func() {
			defer wg.Done()
			own[k] = 1
		}()
	}
	wg.Wait()
}
