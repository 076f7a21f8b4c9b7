// Package workers: types whose mutex coordinates the worker goroutines one call starts.
package workers

import "sync"

// Manager resolves downloaders in parallel inside Build.
type Manager struct {
	mu          sync.Mutex
	downloaders map[string]string
}

// Build resolves every URL on its own goroutine and waits for all of them.
func (m *Manager) Build(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.resolve(u)
		}()
	}
	wg.Wait()
}

func (m *Manager) resolve(u string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.downloaders[u]; !ok {
		m.downloaders[u] = "dl-" + u
	}
}

// Clear runs after Build returned, when its workers are done: the lock only guards the workers. Silent.
func (m *Manager) Clear() {
	for k := range m.downloaders {
		delete(m.downloaders, k)
	}
}

// AsyncManager starts its workers and returns without waiting.
type AsyncManager struct {
	mu          sync.Mutex
	downloaders map[string]string
}

// Build returns while the workers still run.
func (m *AsyncManager) Build(urls []string) {
	for _, u := range urls {
		go m.resolve(u)
	}
}

func (m *AsyncManager) resolve(u string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.downloaders[u] = "dl-" + u
}

// Clear can run while the workers write.
func (m *AsyncManager) Clear() {
	for k := range m.downloaders { // want "iteration of map m.downloaders.*MR1005"
		delete(m.downloaders, k) // want "write of map m.downloaders.*MR1002"
	}
}

// Nested starts its workers from an outer goroutine; Build's Wait covers them all.
type Nested struct {
	mu   sync.Mutex
	deps map[string]int
}

// Build waits for the outer goroutine and every worker it started.
func (n *Nested) Build(names []string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, name := range names {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n.mu.Lock()
				n.deps[name]++
				n.mu.Unlock()
			}()
		}
	}()
	wg.Wait()
}

// Clear runs after Build returned. Silent.
func (n *Nested) Clear() {
	clear(n.deps)
}

// Template carries labels; Clone returns a deep copy that its caller owns.
type Template struct {
	Labels map[string]string
}

// Clone copies the template and its labels.
func (t *Template) Clone() *Template {
	c := &Template{Labels: make(map[string]string, len(t.Labels))}
	for k, v := range t.Labels {
		c.Labels[k] = v
	}
	return c
}

// StampClones stamps a copy of the template per worker: every c is a new object. Silent.
func StampClones(t *Template, names []string) {
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := t.Clone()
			c.Labels["name"] = name
		}()
	}
	wg.Wait()
}

// StampShared stamps the template itself from every worker.
func StampShared(t *Template, names []string) {
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := t
			c.Labels["name"] = name // want "write of map c.Labels races with write in another goroutine.*MR1002"
		}()
	}
	wg.Wait()
}
