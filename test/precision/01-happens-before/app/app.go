// Package app starts workers that read a store of another package.
package app

import (
	"sync"

	"example.com/precision/happensbefore/store"
)

func work(st *store.Store, keys <-chan string, wg *sync.WaitGroup) {
	defer wg.Done()
	for k := range keys {
		_ = st.Quota(k)
	}
}

// RunPreloaded fills the store, then starts the workers: Preload happens before every go statement.
func RunPreloaded(defaults map[string]int, keys <-chan string) {
	st := store.New()
	for k, q := range defaults {
		st.Preload(k, q)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go work(st, keys, &wg)
	}
	wg.Wait()
}

// RunWithOverrides starts the workers and then overrides quotas while they read (reported in the store).
func RunWithOverrides(overrides map[string]int, keys <-chan string) {
	st := store.New()
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go work(st, keys, &wg)
	}
	for k, q := range overrides {
		st.Override(k, q)
	}
	wg.Wait()
}
