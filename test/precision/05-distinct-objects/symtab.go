package distinct

import "sync"

// symtab interns strings; it is a struct value, passed by address to the helpers that fill it.
type symtab struct {
	ids map[string]int
}

func newSymtab() symtab {
	return symtab{ids: map[string]int{"": 0}}
}

func (t *symtab) intern(s string) int {
	id, ok := t.ids[s]
	if !ok {
		id = len(t.ids)
		t.ids[s] = id
	}
	return id
}

func internAll(t *symtab, batch []string) []int {
	out := make([]int, 0, len(batch))
	for _, s := range batch {
		out = append(out, t.intern(s))
	}
	return out
}

// InternPerShard gives each shard goroutine a symtab of its own, passed to the helper by address. Silent.
func InternPerShard(batches [][]string) {
	var wg sync.WaitGroup
	for _, b := range batches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := newSymtab()
			internAll(&t, b)
		}()
	}
	wg.Wait()
}

// sharedSymtab interns strings for every shard at once. Racy: one for all the shard goroutines.
type sharedSymtab struct {
	ids map[string]int
}

func (t *sharedSymtab) intern(s string) int {
	id, ok := t.ids[s]
	if !ok {
		id = len(t.ids)
		t.ids[s] = id // want "write of map t.ids races with .*MR1002"
	}
	return id
}

var commonShared = &sharedSymtab{ids: map[string]int{}}

// InternShared gives every shard goroutine the one shared symtab.
func InternShared(batches [][]string) {
	var wg sync.WaitGroup
	for _, b := range batches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, s := range b {
				commonShared.intern(s)
			}
		}()
	}
	wg.Wait()
}
