// Package engine_shared: one object shared by every goroutine of a loop, against one object per goroutine.
package engine_shared

import "sync"

type worker struct{ seen map[string]bool }

func (w *worker) run(k string) {
	w.seen[k] = true // want "write of map w.seen races with write in another goroutine.*MR1002"
}

// Shared starts every goroutine on the one worker made before the loop.
func Shared(keys []string) {
	w := &worker{seen: map[string]bool{}}
	for _, k := range keys {
		go w.run(k)
	}
}

type ownWorker struct{ seen map[string]bool }

func (w *ownWorker) run(k string) { w.seen[k] = true }

// PerGoroutine makes one worker per iteration: each goroutine owns its map.
func PerGoroutine(keys []string) {
	for _, k := range keys {
		w := &ownWorker{seen: map[string]bool{}}
		go w.run(k)
	}
}

type joinedWorker struct{ seen map[string]bool }

func (w *joinedWorker) run(k string) { w.seen[k] = true }

// Single starts one goroutine on a fresh worker and waits for it before reading.
func Single(k string) int {
	w := &joinedWorker{seen: map[string]bool{}}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		w.run(k)
	}()
	wg.Wait()
	return len(w.seen)
}
