// Package sets: Kubernetes sets are maps; Insert from per-object goroutines is the 300-restarts bug.
package sets

import (
	"sync"

	"k8s.io/apimachinery/pkg/util/sets"
)

// Object is a namespaced object to replicate.
type Object struct{ Namespace, Name string }

func replicate(o Object) error { return nil }

// ReplicateAll starts one goroutine per object; each inserts into one shared sets.String.
func ReplicateAll(objs []Object) sets.String {
	processed := sets.NewString()
	var wg sync.WaitGroup
	for _, o := range objs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if replicate(o) == nil {
				processed.Insert(o.Name) // want "write of map processed.*MR1001"
			}
		}()
	}
	wg.Wait()
	return processed
}

// ReplicateGeneric does the same with the generic sets.Set[string].
func ReplicateGeneric(objs []Object) sets.Set[string] {
	processed := sets.New[string]()
	var wg sync.WaitGroup
	for _, o := range objs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			processed.Insert(o.Name) // want "write of map processed.*MR1001"
		}()
	}
	wg.Wait()
	return processed
}

// ReplicateMerged gives each goroutine its own slot and builds the set after Wait. Silent.
func ReplicateMerged(objs []Object) sets.String {
	names := make([]string, len(objs))
	var wg sync.WaitGroup
	for i, o := range objs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if replicate(o) == nil {
				names[i] = o.Name
			}
		}()
	}
	wg.Wait()
	return sets.NewString(names...)
}

// ReplicateLocked guards the set with a mutex. Silent.
func ReplicateLocked(objs []Object) sets.String {
	processed := sets.NewString()
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, o := range objs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			processed.Insert(o.Name)
		}()
	}
	wg.Wait()
	return processed
}

// SkipKnown reads the set in goroutines while the spawner keeps inserting.
func SkipKnown(objs []Object, known sets.String) {
	for _, o := range objs {
		go func() {
			if known.Has(o.Name) {
				return
			}
			_ = replicate(o)
		}()
		known.Insert(o.Name) // want "write of map known.*MR1001"
	}
}
