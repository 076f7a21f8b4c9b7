// Package pool runs submitted functions on a fixed set of worker goroutines.
package pool

import "sync"

// Pool is a fixed set of workers reading tasks from a channel.
type Pool struct {
	tasks chan func()
	wg    sync.WaitGroup
}

// New starts n workers.
func New(n int) *Pool {
	p := &Pool{tasks: make(chan func())}
	for range n {
		p.wg.Add(1)
		go p.work()
	}
	return p
}

func (p *Pool) work() {
	defer p.wg.Done()
	for f := range p.tasks {
		f()
	}
}

// Submit runs f on one of the workers.
func (p *Pool) Submit(f func()) { p.tasks <- f }

// Close waits for the submitted functions to finish.
func (p *Pool) Close() {
	close(p.tasks)
	p.wg.Wait()
}

// Parallel calls f(0), ..., f(n-1) at the same time and waits for them.
func Parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(i)
		}()
	}
	wg.Wait()
}
