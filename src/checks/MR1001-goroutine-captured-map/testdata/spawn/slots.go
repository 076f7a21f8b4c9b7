package spawn

import "sync"

// ShardSlots gives each goroutine its own map in a slot of a shared slice, at its own index. Silent.
func ShardSlots(n int, keys []string) []map[string]int {
	slots := make([]map[string]int, n)
	var wg sync.WaitGroup
	wg.Add(n)
	for i := range n {
		go func(idx int) {
			defer wg.Done()
			slots[idx] = make(map[string]int)
			local := slots[idx]
			for _, k := range keys {
				local[k]++
			}
		}(i)
	}
	wg.Wait()
	return slots
}

// SharedSlot has every goroutine write the map in slot 0.
func SharedSlot(n int, keys []string) []map[string]int {
	slots := []map[string]int{{}}
	var wg sync.WaitGroup
	wg.Add(n)
	for range n {
		go func() {
			defer wg.Done()
			local := slots[0]
			for _, k := range keys {
				local[k]++ // want "write of map local .*races with write in another goroutine.*MR1001"
			}
		}()
	}
	wg.Wait()
	return slots
}
