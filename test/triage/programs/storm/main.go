// Command storm starts 10,000 idle goroutines and then crashes with concurrent map writes, like a busy server.
package main

import (
	"sync"
	"time"
)

var sessions = map[int]time.Time{}

func idle(ch chan struct{}) { <-ch }

func login(id int) { sessions[id%128] = time.Now() }

func main() {
	block := make(chan struct{})
	for i := 0; i < 10_000; i++ {
		go idle(block)
	}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				login(i + w)
			}
		}()
	}
	wg.Wait()
}
