package fresh

import "sync"

// Deduper drops blank names from a set it makes per call, on a goroutine it starts and then waits for. Silent:
// each call's goroutine deletes from that call's own set, whichever goroutine calls Dedupe.
type Deduper struct{}

// Dedupe builds the set, then prunes it on a goroutine.
func (d *Deduper) Dedupe(names []string) map[string]bool {
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		seen[n] = true
	}
	done := make(chan struct{})
	go func() {
		delete(seen, "")
		close(done)
	}()
	<-done
	return seen
}

// DedupeAll calls Dedupe from a goroutine per batch.
func DedupeAll(d *Deduper, batches [][]string) {
	var wg sync.WaitGroup
	for _, b := range batches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.Dedupe(b)
		}()
	}
	wg.Wait()
}

// Pruner prunes its per-call set from two goroutines it starts. Racy: the two goroutines of one call share it.
type Pruner struct{}

// Prune builds the set, then prunes it on two goroutines.
func (p *Pruner) Prune(names []string) map[string]bool {
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		seen[n] = true
	}
	var wg sync.WaitGroup
	for _, prefix := range []string{"", "tmp"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			delete(seen, prefix) // want "write of map seen races with write in another goroutine.*MR1001"
		}()
	}
	wg.Wait()
	return seen
}

// PruneAll calls Prune from a goroutine per batch.
func PruneAll(p *Pruner, batches [][]string) {
	var wg sync.WaitGroup
	for _, b := range batches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.Prune(b)
		}()
	}
	wg.Wait()
}
