// Package pool runs callbacks held in a struct field on goroutines of their own.
package pool

import "sync"

// Pool runs onEvent for each event.
type Pool struct {
	onEvent func(string)
	wg      sync.WaitGroup
}

// New returns a Pool that runs fn.
func New(fn func(string)) *Pool { return &Pool{onEvent: fn} }

// Run starts one goroutine per event and waits for them.
func (p *Pool) Run(events []string) {
	for _, e := range events {
		p.wg.Add(1)
		go p.work(e)
	}
	p.wg.Wait()
}

func (p *Pool) work(e string) {
	defer p.wg.Done()
	p.onEvent(e)
}
