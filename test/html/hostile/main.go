// Command hostile is a fixture for the HTML reports: its source lines carry markup and script that the reports
// must show as text. Its map write races on purpose (MR1003).
package main

import (
	"fmt"
	"sync"
)

var seen = map[string]int{}

func record(wg *sync.WaitGroup) {
	defer wg.Done()
	seen["</script><script>window.__pwned=1</script><img src=x onerror=alert(1)>"]++ // <b>'quoted' & "double"</b>
}

func main() {
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go record(&wg)
	}
	wg.Wait()
	fmt.Println(len(seen))
}
