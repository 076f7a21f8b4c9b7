package loops

import "sync"

func use(m map[string]int) int { return m["n"] }

// FilledPerIteration makes and fills a map in each iteration before the goroutine that reads it starts. Silent.
func FilledPerIteration(items []string) {
	var wg sync.WaitGroup
	for i := range items {
		m := map[string]int{}
		m["n"] = i
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = use(m)
		}()
	}
	wg.Wait()
}

// WrittenAfterStart writes the iteration's map after its goroutine started: they overlap.
func WrittenAfterStart(items []string) {
	var wg sync.WaitGroup
	for i := range items {
		m := map[string]int{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = use(m)
		}()
		m["n"] = i // want "write of map m races with read at .*MR1001"
	}
	wg.Wait()
}

// table returns the same map every time.
type table struct{ m map[string]int }

func (t *table) get() map[string]int { return t.m }

// ReusedPerIteration gets the one map of t in each iteration: the previous goroutine still reads it.
func ReusedPerIteration(t *table, items []string) {
	var wg sync.WaitGroup
	for i := range items {
		m := t.get()
		m["n"] = i // want "write of map m races with read at .*MR1001"
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = use(m)
		}()
	}
	wg.Wait()
}

// InnerLoops makes a map per outer iteration and starts a goroutine per inner one: the goroutines of one outer
// iteration share its map.
func InnerLoops(groups [][]string) {
	var wg sync.WaitGroup
	for _, g := range groups {
		m := map[string]int{}
		for i := range g {
			m["n"] = i // want "write of map m races with read at .*MR1001"
			wg.Add(1)
			go func() {
				defer wg.Done()
				_ = use(m)
			}()
		}
	}
	wg.Wait()
}
