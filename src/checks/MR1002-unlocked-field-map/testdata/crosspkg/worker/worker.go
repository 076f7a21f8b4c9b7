// Package worker is a second package whose goroutines write into a store.Store: the finding is reported once.
package worker

import "example.com/mr1002/crosspkg/store"

// Fill writes from a goroutine while the caller reads.
func Fill(s *store.Store) int {
	go s.Put("w", 1)
	return s.Get("w")
}
