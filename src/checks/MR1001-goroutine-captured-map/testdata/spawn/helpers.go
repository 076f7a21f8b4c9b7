package spawn

// bumpLater bumps k on a goroutine of its own and does not wait for it.
func bumpLater(m map[string]int, k string) {
	go func() {
		m[k]++ // want "write of map m races with write in another goroutine.*MR1001"
	}()
}

// bumpTwice hands its own map to two goroutines: one call of it races with itself, whichever goroutine runs it.
func bumpTwice() {
	m := map[string]int{}
	bumpLater(m, "a")
	bumpLater(m, "b")
}

// BumpFromWorkers runs bumpTwice on several workers.
func BumpFromWorkers() {
	for i := 0; i < 3; i++ {
		go bumpTwice()
	}
}

// countOnce counts on one goroutine and waits for it: each call's map is its own.
func countOnce(words []string) int {
	m := map[string]int{}
	done := make(chan struct{})
	go func() {
		for _, w := range words {
			m[w]++
		}
		close(done)
	}()
	<-done
	return len(m)
}

// CountFromWorkers runs countOnce on several workers: silent.
func CountFromWorkers(words []string) {
	for i := 0; i < 3; i++ {
		go countOnce(words)
	}
}
