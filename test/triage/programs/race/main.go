// Command race has a map data race that the race detector reports (run with -race).
package main

import (
	"fmt"
	"sync"
)

func main() {
	counts := map[string]int{}
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[fmt.Sprint("k", i)]++
		}()
	}
	wg.Wait()
	fmt.Println(len(counts))
}
