// Racy, but not analysed: .maprace.yaml excludes **/legacy/*.go.
package legacy

import "sync"

func Fill() {
	m := map[int]int{}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m[i] = i
		}()
	}
	wg.Wait()
}
