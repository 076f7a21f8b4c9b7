// Package reschedule: closures that start or schedule themselves (retry and reconnect loops, recursive
// fan-out) are walked once; the rest of the package is still analysed.
package reschedule

import (
	"sync"
	"time"
)

var (
	seen    = map[string]int{}
	fanned  = map[int]int{}
	spun    = map[int]int{}
	mu      sync.Mutex
	guarded = map[string]int{}
)

// Retry reschedules itself with time.AfterFunc while its caller goes on writing seen.
func Retry() {
	var retry func()
	retry = func() {
		seen["x"]++ // want "write of map seen races with write at .*MR1003"
		time.AfterFunc(time.Second, retry)
	}
	go retry()
	seen["y"]++ // want "write of map seen races with write at .*MR1003"
}

// FanOut starts a copy of itself for the next n; the caller writes fanned meanwhile.
func FanOut() {
	var f func(n int)
	f = func(n int) {
		fanned[n] = 1 // want "write of map fanned races with write at .*MR1003"
		if n > 0 {
			go f(n - 1)
		}
	}
	f(3)
	fanned[0] = 2 // want "write of map fanned races with write at .*MR1003"
}

// Spin starts itself forever.
func Spin() {
	var f func()
	f = func() {
		spun[1] = 1 // want "write of map spun races with write at .*MR1003"
		go f()
	}
	go f()
	spun[2] = 2 // want "write of map spun races with write at .*MR1003"
}

// Guarded reschedules itself under the lock that every access holds. Silent.
func Guarded() {
	var retry func()
	retry = func() {
		mu.Lock()
		guarded["x"]++
		mu.Unlock()
		time.AfterFunc(time.Second, retry)
	}
	go retry()
	mu.Lock()
	guarded["y"]++
	mu.Unlock()
}
