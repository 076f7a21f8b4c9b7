// Package directives: maprace:ignore directives with and without a reason.
package directives

import "sync"

// WithReason: the race is silenced and the directive explains why. Silent.
func WithReason(keys []string) {
	m := map[string]int{}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			//maprace:ignore MR1001 demo of a documented suppression: the caller passes one key
			m[k] = 1
		}()
	}
	wg.Wait()
}

// SameLine: a directive at the end of the racy line. Silent.
func SameLine(keys []string) {
	m := map[string]int{}
	for _, k := range keys {
		go func() {
			m[k] = 1 //maprace:ignore MR1001 demo: keys has one element in every caller
		}()
	}
}

// NoReason: the race is silenced, but the directive itself is reported.
func NoReason(keys []string) {
	m := map[string]int{}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			/* want "maprace:ignore MR1001 gives no reason.*MR0001" */ //maprace:ignore MR1001
			m[k] = 1
		}()
	}
	wg.Wait()
}

// WrongCode: a directive for another check silences nothing, so the race is still reported.
func WrongCode(keys []string) {
	m := map[string]int{}
	for _, k := range keys {
		go func() {
			/* want "maprace:ignore MR1003 silences nothing.*MR0002" */ //maprace:ignore MR1003 wrong code on purpose
			m[k] = 1                                                    // want "write of map m.*MR1001"
		}()
	}
}
