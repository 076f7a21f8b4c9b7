// Package pool runs functions on goroutines; its callers join them through WaitAll.
package pool

import "sync"

// Pool starts goroutines and waits for them.
type Pool struct {
	wg sync.WaitGroup
}

// Run starts f on a goroutine.
func (p *Pool) Run(f func()) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		f()
	}()
}

// WaitAll returns when every function started by Run has returned.
func (p *Pool) WaitAll() {
	p.wg.Wait()
}

// Wait waits for a WaitGroup; callers use it to wait with a timeout elsewhere.
func Wait(wg *sync.WaitGroup) {
	wg.Wait()
}
