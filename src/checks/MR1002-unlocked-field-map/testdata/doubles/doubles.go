// Package doubles calls recorders through an interface from many goroutines. The program makes two
// implementations; a third, the fake in recorder_fake.go, is what tests use, and the program never runs it.
package doubles

import "sync"

// Recorder records events.
type Recorder interface {
	Record(event string)
}

// lockedRecorder holds its lock around its map: silent.
type lockedRecorder struct {
	mu     sync.Mutex
	counts map[string]int
}

func (r *lockedRecorder) Record(event string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.counts[event]++
}

// countingRecorder takes no lock: reported.
type countingRecorder struct {
	counts map[string]int
}

func (r *countingRecorder) Record(event string) {
	r.counts[event]++ // want "write of map r.counts races with write in another goroutine.*MR1002"
}

// New returns the recorder the configuration asks for.
func New(locked bool) Recorder {
	if locked {
		return &lockedRecorder{counts: map[string]int{}}
	}
	return &countingRecorder{counts: map[string]int{}}
}

// Fanout records every event on its own goroutine.
func Fanout(rec Recorder, events []string) {
	var wg sync.WaitGroup
	for _, e := range events {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec.Record(e)
		}()
	}
	wg.Wait()
}
