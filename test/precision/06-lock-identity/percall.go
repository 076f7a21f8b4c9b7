package locks

import "sync"

// PruneTwice prunes one map twice. Silent: the workers of one call share its mutex, and the first call's workers
// are done before the second call starts its own.
func PruneTwice(metas map[string]int) {
	pruneJoined(metas, []string{"a"})
	pruneJoined(metas, []string{"b"})
}

// pruneJoined deletes ids from metas on workers that share one mutex of this call, and waits for them.
func pruneJoined(metas map[string]int, ids []string) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	ch := make(chan string)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range ch {
				mu.Lock()
				delete(metas, id)
				mu.Unlock()
			}
		}()
	}
	for _, id := range ids {
		ch <- id
	}
	close(ch)
	wg.Wait()
}

// PruneTwiceDetached prunes one map twice without waiting. Racy: the workers of the two calls hold two different
// mutexes, one per call.
func PruneTwiceDetached(metas map[string]int) {
	pruneDetached(metas, []string{"a"})
	pruneDetached(metas, []string{"b"})
}

// pruneDetached is pruneJoined without the wait: its workers outlive the call.
func pruneDetached(metas map[string]int, ids []string) {
	var mu sync.Mutex
	ch := make(chan string)
	for i := 0; i < 4; i++ {
		go func() {
			for id := range ch {
				mu.Lock()
				delete(metas, id) // want "write of map metas races with write in another goroutine.*each holds its own mu.*MR1001"
				mu.Unlock()
			}
		}()
	}
	for _, id := range ids {
		ch <- id
	}
	close(ch)
}
