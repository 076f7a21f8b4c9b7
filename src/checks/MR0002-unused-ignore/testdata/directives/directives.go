// Package directives: maprace:ignore directives that silence nothing.
package directives

import "sync"

// Fixed: the race this directive was written for is gone (results are merged after Wait).
func Fixed(keys []string) map[string]int {
	lens := make([]int, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lens[i] = len(k)
		}()
	}
	wg.Wait()
	out := map[string]int{}
	for i, k := range keys {
		/* want "maprace:ignore MR1001 silences nothing.*MR0002" */ //maprace:ignore MR1001 results are merged after Wait
		out[k] = lens[i]
	}
	return out
}

// Used: the directive silences a real race on the next line. Silent.
func Used(keys []string) {
	m := map[string]int{}
	for _, k := range keys {
		go func() {
			//maprace:ignore MR1001 demo: callers pass a single key
			m[k] = 1
		}()
	}
}

// TwoCodes: one directive may name several codes; it counts as used when one of them matches. Silent.
func TwoCodes(keys []string) {
	m := map[string]int{}
	for _, k := range keys {
		go func() {
			//maprace:ignore MR1001,MR1002 demo: callers pass a single key
			m[k] = 1
		}()
	}
}
