package locks

import "sync"

// A caller that holds a lock while it starts workers and waits for them: the workers run inside its critical
// section, so other holders of the lock cannot overlap them; nothing else about the workers is ordered.

type resyncer struct {
	mu     sync.Mutex
	status map[string]string
}

// resync holds r.mu from before the worker starts until after it is joined.
func (r *resyncer) resync() {
	r.mu.Lock()
	defer r.mu.Unlock()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.status["phase"] = "syncing"
	}()
	wg.Wait()
	r.status["phase"] = "done"
}

// get holds r.mu, so it runs before or after a whole resync.
func (r *resyncer) get(k string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.status[k]
}

// perRound takes the lock in each round and joins the round's worker before it releases it.
func (r *resyncer) perRound(rounds int) {
	for i := 0; i < rounds; i++ {
		r.mu.Lock()
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.status["round"] = "running"
		}()
		wg.Wait()
		r.mu.Unlock()
	}
}

// borrowed locks through a pointer to its mutex.
func (r *resyncer) borrowed(k, v string) {
	mu := &r.mu
	mu.Lock()
	defer mu.Unlock()
	r.status[k] = v
}

func runResyncer(r *resyncer) {
	go r.resync()
	go r.perRound(3)
	go r.borrowed("a", "b")
	go func() { _ = r.get("phase") }()
}

type earlyReturn struct {
	mu     sync.Mutex
	status map[string]string
}

// resync returns without waiting on one path: the deferred unlock runs while the worker still writes.
func (e *earlyReturn) resync(skip bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		e.status["phase"] = "syncing" // want "write of map e.status races with read at .*MR1002"
	}()
	if skip {
		return
	}
	wg.Wait()
}

func (e *earlyReturn) get(k string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.status[k]
}

// relock releases the lock at the top of each round, while the previous round's worker may still write.
func (e *earlyReturn) relock(rounds int) {
	e.mu.Lock()
	var wg sync.WaitGroup
	for i := 0; i < rounds; i++ {
		e.mu.Unlock()
		e.mu.Lock()
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.status["round"] = "running" // want "write of map e.status races with .*MR1002"
		}()
	}
	wg.Wait()
	e.mu.Unlock()
}

func runEarlyReturn(e *earlyReturn) {
	go e.resync(true)
	go e.relock(3)
	go func() { _ = e.get("phase") }()
}

type fanOut struct {
	mu     sync.Mutex
	counts map[string]int
}

// count holds f.mu around all the workers, which run together inside that one critical section.
func (f *fanOut) count(keys []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.counts[k]++ // want "write of map f.counts races with write in another goroutine.*MR1002"
		}()
	}
	wg.Wait()
}

// meanwhile writes inside the critical section while its worker runs.
func (f *fanOut) meanwhile() {
	f.mu.Lock()
	defer f.mu.Unlock()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		f.counts["worker"]++ // want "write of map f.counts races with write at locks/heldacross.go:144 .*MR1002"
	}()
	f.counts["spawner"]++ // holds f.mu: the worker's write above is the one reported
	wg.Wait()
}

func runFanOut(f *fanOut) {
	go f.count([]string{"a", "b"})
	go f.meanwhile()
}

type condWaiter struct {
	mu     sync.Mutex
	cond   *sync.Cond
	done   bool
	status map[string]string
}

// run waits on a Cond over c.mu: the wait releases c.mu while the worker writes.
func (c *condWaiter) run() {
	c.mu.Lock()
	defer c.mu.Unlock()
	go func() {
		c.status["phase"] = "syncing" // want "write of map c.status races with read at .*MR1002"
		c.mu.Lock()
		c.done = true
		c.mu.Unlock()
		c.cond.Signal()
	}()
	for !c.done {
		c.cond.Wait()
	}
}

func (c *condWaiter) get(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status[k]
}

func runCondWaiter(c *condWaiter) {
	c.cond = sync.NewCond(&c.mu)
	go c.run()
	go func() { _ = c.get("phase") }()
}
