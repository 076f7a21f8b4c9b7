// Racy, and analysed: no exclude pattern matches this file.
package main

import "sync"

func main() {
	m := map[int]int{}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m[i] = i // want "write of map m races with write in another goroutine.*MR1001"
		}()
	}
	wg.Wait()
}
