package iterate

import "sync"

// dedup scans metas, then fans groups of equal values out to workers, which send the duplicates to a collector
// that deletes them. Silent: the collector deletes only names the workers received from groups after the scan.
func dedup(metas map[string]int, workers int) {
	groups := make(chan []string)
	dups := make(chan string)
	done := make(chan struct{})
	go func() {
		for d := range dups {
			delete(metas, d)
		}
		close(done)
	}()
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for g := range groups {
				for _, name := range g[1:] {
					dups <- name
				}
			}
		}()
	}
	byValue := map[int][]string{}
	for name, v := range metas {
		byValue[v] = append(byValue[v], name)
	}
	for _, g := range byValue {
		groups <- g
	}
	close(groups)
	wg.Wait()
	close(dups)
	<-done
}

// dedupEarly sends each group from inside the scan. Racy: the collector deletes while the range goes on.
func dedupEarly(metas map[string]int, workers int) {
	groups := make(chan []string)
	dups := make(chan string)
	done := make(chan struct{})
	go func() {
		for d := range dups {
			delete(metas, d) // want "write of map metas races with iteration at .*MR1001"
		}
		close(done)
	}()
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for g := range groups {
				for _, name := range g[1:] {
					dups <- name
				}
			}
		}()
	}
	for name := range metas { // want "iteration of map metas races with write at .*MR1005"
		groups <- []string{name, name + "-copy"}
	}
	close(groups)
	wg.Wait()
	close(dups)
	<-done
}
