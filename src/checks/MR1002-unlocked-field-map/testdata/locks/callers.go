package locks

import "sync"

// watchSet starts a watch per missing kind. startMissing takes no lock itself: every call of it holds w.mu, so
// its writes to w.watching are guarded while the watch goroutines it started take w.mu to stop. Silent.
type watchSet struct {
	mu       sync.Mutex
	watching map[string]bool
}

func (w *watchSet) stop(kind string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.watching, kind)
}

func (w *watchSet) watch(kind string, events <-chan string) {
	for e := range events {
		if e == "gone" {
			w.stop(kind)
			return
		}
	}
}

func (w *watchSet) startMissing(kinds []string, events <-chan string) {
	for _, k := range kinds {
		if !w.watching[k] {
			w.watching[k] = true
			go w.watch(k, events)
		}
	}
}

// Refresh starts the missing watches under the lock.
func (w *watchSet) Refresh(kinds []string, events <-chan string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.startMissing(kinds, events)
}

// Resume does it again, also under the lock.
func (w *watchSet) Resume(kinds []string, events <-chan string) {
	w.mu.Lock()
	w.startMissing(kinds, events)
	w.mu.Unlock()
}

// looseSet is the same, but one caller forgets the lock: reported.
type looseSet struct {
	mu       sync.Mutex
	watching map[string]bool
}

func (w *looseSet) stop(kind string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.watching, kind)
}

func (w *looseSet) watch(kind string, events <-chan string) {
	for e := range events {
		if e == "gone" {
			w.stop(kind)
			return
		}
	}
}

func (w *looseSet) startMissing(kinds []string, events <-chan string) {
	for _, k := range kinds {
		if !w.watching[k] { // want "read of map w.watching races with write .*MR1002"
			w.watching[k] = true // want "write of map w.watching races with write .*MR1002"
			go w.watch(k, events)
		}
	}
}

// Refresh starts the missing watches under the lock.
func (w *looseSet) Refresh(kinds []string, events <-chan string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.startMissing(kinds, events)
}

// Resume forgets the lock.
func (w *looseSet) Resume(kinds []string, events <-chan string) {
	w.startMissing(kinds, events)
}
