// Command writes crashes with "fatal error: concurrent map writes": two goroutines insert into one map.
package main

import "sync"

var registry = map[int]int{}

func register(i int) {
	registry[i%64] = i
}

func worker(base int, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; i < 100_000_000; i++ {
		register(base + i)
	}
}

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go worker(0, &wg)
	go worker(1, &wg)
	wg.Wait()
}
