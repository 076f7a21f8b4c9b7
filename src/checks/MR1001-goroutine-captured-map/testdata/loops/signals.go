package loops

// fillAndClose fills m, then closes done.
func fillAndClose(m map[string]int, keys []string, done chan<- struct{}) {
	for _, k := range keys {
		m[k] = len(k)
	}
	close(done)
}

// ClosedByHelper reads after the helper the goroutine runs closed done. Silent.
func ClosedByHelper(keys []string) int {
	m := map[string]int{}
	done := make(chan struct{})
	go fillAndClose(m, keys, done)
	<-done
	return m["a"]
}

// signalThenFill says it is ready before it fills m.
func signalThenFill(m map[string]int, keys []string, ready chan<- struct{}) {
	ready <- struct{}{}
	for _, k := range keys {
		m[k] = len(k) // want "write of map m races with read at .*MR1001"
	}
}

// ReadyBeforeFill reads after the goroutine said it is ready, while it still fills the map.
func ReadyBeforeFill(keys []string) int {
	m := map[string]int{}
	ready := make(chan struct{})
	go signalThenFill(m, keys, ready)
	<-ready
	return m["a"]
}

// ProgressWhileFilling receives one progress note per key while the goroutine goes on filling the map.
func ProgressWhileFilling(keys []string) int {
	m := map[string]int{}
	progress := make(chan string)
	go func() {
		for _, k := range keys {
			progress <- k
			m[k] = len(k) // want "write of map m races with read at .*MR1001"
		}
	}()
	<-progress
	return m["a"]
}

// DrainedAndClosed ranges over the channel until the producer closes it after its last write. Silent.
func DrainedAndClosed(keys []string) int {
	m := map[string]int{}
	out := make(chan string)
	go func() {
		defer close(out)
		for _, k := range keys {
			m[k] = len(k)
			out <- k
		}
	}()
	n := 0
	for range out {
		n++
	}
	return n + m["a"]
}
