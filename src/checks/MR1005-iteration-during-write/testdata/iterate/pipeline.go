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

// dedupHelpers is dedup with its stages in helpers: the workers send through a helper handed the channel, and the
// collector deletes through another. Silent, as dedup: the helpers run after the receives of their callers.
func dedupHelpers(metas map[string]int, workers int) {
	groups := make(chan []string)
	dups := make(chan string)
	done := make(chan struct{})
	go func() {
		for d := range dups {
			drop(metas, d)
		}
		close(done)
	}()
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for g := range groups {
				sendCopies(g, dups)
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

func drop(metas map[string]int, name string) {
	delete(metas, name)
}

func sendCopies(g []string, dups chan<- string) {
	for _, name := range g[1:] {
		dups <- name
	}
}

// dedupPrimed has each worker send a name through the helper before it receives any group. Racy: the collector
// may delete that name while the scan goes on.
func dedupPrimed(metas map[string]int, workers int) {
	groups := make(chan []string)
	dups := make(chan string)
	done := make(chan struct{})
	go func() {
		for d := range dups {
			dropPrimed(metas, d)
		}
		close(done)
	}()
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sendCopies([]string{"", "seed"}, dups)
			for g := range groups {
				sendCopies(g, dups)
			}
		}()
	}
	byValue := map[int][]string{}
	for name, v := range metas { // want "iteration of map metas races with write at .*MR1005"
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

func dropPrimed(metas map[string]int, name string) {
	delete(metas, name) // want "write of map metas races with iteration at .*MR1001"
}

// dedupShards dedups each shard in turn. Silent: each call waits for its goroutines before it returns, so no
// collector of one iteration runs while the next iteration scans.
func dedupShards(shards []map[string]int) {
	for _, metas := range shards {
		dedupHelpers(metas, 4)
	}
}

// pruneRounds starts one collector for every round. Racy: it may still delete what round r sent while round r+1
// scans the map.
func pruneRounds(metas map[string]int, rounds int) {
	drops := make(chan string)
	done := make(chan struct{})
	go func() {
		for name := range drops {
			delete(metas, name) // want "write of map metas races with iteration at .*MR1001"
		}
		close(done)
	}()
	for r := 0; r < rounds; r++ {
		var stale []string
		for name, v := range metas { // want "iteration of map metas races with write at .*MR1005"
			if v < r {
				stale = append(stale, name)
			}
		}
		for _, name := range stale {
			drops <- name
		}
	}
	close(drops)
	<-done
}

// pruneEachRound starts a collector per round and never waits for it. Racy: round r's collector may still delete
// while round r+1 scans the map.
func pruneEachRound(metas map[string]int, rounds int) {
	for r := 0; r < rounds; r++ {
		drops := make(chan string)
		go func() {
			for name := range drops {
				delete(metas, name) // want "write of map metas races with iteration at .*MR1001"
			}
		}()
		var stale []string
		for name, v := range metas { // want "iteration of map metas races with write at .*MR1005"
			if v < r {
				stale = append(stale, name)
			}
		}
		for _, name := range stale {
			drops <- name
		}
		close(drops)
	}
}
