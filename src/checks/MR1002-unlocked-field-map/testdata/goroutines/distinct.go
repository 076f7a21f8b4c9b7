package goroutines

import "sync"

// Objects told apart: two allocations are two objects, unless a variable is assigned again or the objects were
// given one map; the elements of a struct slice at each goroutine's own index are apart, pointers in a slice
// are not.

type tally struct {
	seen map[string]int
}

func (t *tally) add(items []string, wg *sync.WaitGroup) {
	defer wg.Done()
	for _, it := range items {
		t.seen[it]++ // want "write of map t.seen races with write in another goroutine.*MR1002"
	}
}

type counter struct {
	seen map[string]int
}

func (c *counter) add(items []string, wg *sync.WaitGroup) {
	defer wg.Done()
	for _, it := range items {
		c.seen[it]++
	}
}

// twoCounters runs one goroutine on each of two new counters: no race.
func twoCounters(left, right []string) {
	a := &counter{seen: make(map[string]int)}
	b := &counter{}
	b.seen = make(map[string]int)
	var wg sync.WaitGroup
	wg.Add(2)
	go a.add(left, &wg)
	go b.add(right, &wg)
	wg.Wait()
}

// repointed assigns a again: its second goroutine runs on b's tally, as b's own goroutine does.
func repointed(left, right []string) {
	a := &tally{seen: make(map[string]int)}
	b := &tally{seen: make(map[string]int)}
	var wg sync.WaitGroup
	wg.Add(3)
	go a.add(left, &wg)
	go b.add(right, &wg)
	a = b
	go a.add(left, &wg)
	wg.Wait()
}

type ledger struct {
	seen map[string]int
}

func (l *ledger) add(items []string, wg *sync.WaitGroup) {
	defer wg.Done()
	for _, it := range items {
		l.seen[it]++ // want "write of map l.seen races with write in another goroutine.*MR1002"
	}
}

// oneMap gives two new ledgers the same map.
func oneMap(left, right []string) {
	m := make(map[string]int)
	a := &ledger{seen: m}
	b := &ledger{seen: m}
	var wg sync.WaitGroup
	wg.Add(2)
	go a.add(left, &wg)
	go b.add(right, &wg)
	wg.Wait()
}

type slot struct {
	hits map[string]int
}

// ownSlots gives goroutine i the element at index i: no race.
func ownSlots(parts [][]string) []slot {
	slots := make([]slot, len(parts))
	var wg sync.WaitGroup
	for i, part := range parts {
		slots[i].hits = make(map[string]int)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, p := range part {
				slots[i].hits[p]++
			}
		}()
	}
	wg.Wait()
	return slots
}

// sharedSlots holds pointers, which can all point at one slot.
func sharedSlots(parts [][]string) {
	one := &slot{hits: make(map[string]int)}
	slots := make([]*slot, len(parts))
	var wg sync.WaitGroup
	for i, part := range parts {
		slots[i] = one
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, p := range part {
				slots[i].hits[p]++ // want "write of map slots\\[i\\].hits races with write in another goroutine.*MR1002"
			}
		}()
	}
	wg.Wait()
}

type cache struct {
	data map[string]int
}

func (c *cache) use(m map[string]int) { c.data = m }

func (c *cache) fill(items []string, wg *sync.WaitGroup) {
	defer wg.Done()
	for _, it := range items {
		c.data[it]++ // want "write of map c.data races with write in another goroutine.*MR1002"
	}
}

// givenOneMap makes two caches with maps of their own, then gives both one map while their goroutines run.
func givenOneMap(shared map[string]int, left, right []string) {
	a := &cache{data: make(map[string]int)}
	b := &cache{data: make(map[string]int)}
	var wg sync.WaitGroup
	wg.Add(2)
	go a.fill(left, &wg)
	go b.fill(right, &wg)
	a.use(shared)
	b.use(shared)
	wg.Wait()
}

type bin struct {
	hits map[string]int
}

// oneMapPerSlot gives every element the same map: each goroutine's own element still holds it.
func oneMapPerSlot(parts [][]string) {
	bins := make([]bin, len(parts))
	hits := make(map[string]int)
	var wg sync.WaitGroup
	for i, part := range parts {
		bins[i].hits = hits
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, p := range part {
				bins[i].hits[p]++ // want "write of map bins\\[i\\].hits races with write in another goroutine.*MR1002"
			}
		}()
	}
	wg.Wait()
}
