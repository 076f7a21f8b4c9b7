// Package spawns exercises goroutines and their synchronisation: go statements (a literal, a method), a
// WaitGroup, channels (send, receive, close, range, select), sync.Once and time.AfterFunc.
package spawns

import (
	"sync"
	"time"
)

type worker struct {
	seen map[int]bool
	once sync.Once
}

func (w *worker) run(id int, out chan<- int) {
	w.seen[id] = true
	out <- id
}

func (w *worker) start(n int) int {
	var wg sync.WaitGroup
	out := make(chan int, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			w.run(id, out)
		}(i)
	}
	go w.run(n, out)
	wg.Wait()
	close(out)
	total := 0
	for v := range out {
		total += v
	}
	w.once.Do(func() { w.seen = map[int]bool{} })
	done := make(chan struct{})
	time.AfterFunc(time.Second, func() { close(done) })
	select {
	case <-done:
	case v, ok := <-out:
		if ok {
			total += v
		}
	}
	return total
}
