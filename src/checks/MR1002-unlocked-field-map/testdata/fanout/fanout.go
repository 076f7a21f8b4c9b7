// Package fanout runs a function on many goroutines and waits for all of them.
package fanout

import "sync"

// RunAll runs f(0) … f(n-1) on n goroutines and returns when every one has returned.
func RunAll(n int, f func(i int)) {
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
