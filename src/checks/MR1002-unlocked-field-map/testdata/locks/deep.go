package locks

import "sync"

// registry guards its names with helpers that lock and unlock, which its methods call at the depth below which
// calls are no longer followed for their accesses: a lock helper's effect is still applied there.
type registry struct {
	mu    sync.RWMutex
	names map[string]bool
	loose map[string]bool
}

func (r *registry) lock()   { r.mu.Lock() }
func (r *registry) unlock() { r.mu.Unlock() }

// add holds the lock through the helpers: silent.
func (r *registry) add(name string) {
	r.lock()
	defer r.unlock()
	if r.names[name] {
		return
	}
	r.names[name] = true
}

// note forgets the helpers: reported.
func (r *registry) note(name string) {
	r.loose[name] = true // want "write of map r.loose races with write in another goroutine.*MR1002"
}

func level3(r *registry, name string) { r.add(name); r.note(name) }
func level2(r *registry, name string) { level3(r, name) }
func level1(r *registry, name string) { level2(r, name) }

// DeepWorkers adds names from many goroutines, through three levels of calls.
func DeepWorkers(names []string) {
	r := &registry{names: map[string]bool{}, loose: map[string]bool{}}
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			level1(r, n)
		}()
	}
	wg.Wait()
}
