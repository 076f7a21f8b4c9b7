package locks

import "sync"

// job is read under its table's lock while it is in the table.
type job struct {
	labels map[string]string
}

// Jobs takes a job out of the table under the lock and labels it afterwards: nobody else reaches it. Silent.
type Jobs struct {
	mu   sync.Mutex
	byID map[string]*job
}

// Add publishes a job.
func (j *Jobs) Add(id string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.byID[id] = &job{labels: map[string]string{}}
}

// Label reads a label under the lock.
func (j *Jobs) Label(id, key string) string {
	j.mu.Lock()
	defer j.mu.Unlock()
	if x, ok := j.byID[id]; ok {
		return x.labels[key]
	}
	return ""
}

// Finish takes the job out, then labels it.
func (j *Jobs) Finish(id string) {
	j.mu.Lock()
	x := j.byID[id]
	delete(j.byID, id)
	j.mu.Unlock()
	if x != nil {
		x.labels["done"] = "true"
	}
}

// task is read under its table's lock too.
type task struct {
	labels map[string]string
}

// Tasks releases the lock between the read and the delete: two Finish calls can both read the task before
// either deletes it, and both label it.
type Tasks struct {
	mu   sync.Mutex
	byID map[string]*task
}

// Add publishes a task.
func (t *Tasks) Add(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.byID[id] = &task{labels: map[string]string{}}
}

// Label reads a label under the lock.
func (t *Tasks) Label(id, key string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if x, ok := t.byID[id]; ok {
		return x.labels[key]
	}
	return ""
}

// Finish reads the task, lets the lock go, and deletes it later.
func (t *Tasks) Finish(id string) {
	t.mu.Lock()
	x := t.byID[id]
	t.mu.Unlock()
	t.mu.Lock()
	delete(t.byID, id)
	t.mu.Unlock()
	if x != nil {
		x.labels["done"] = "true" // want "write of map x.labels races with read at .*MR1002"
	}
}

// step is read under its table's lock too.
type step struct {
	labels map[string]string
}

// Steps deletes the step on one path only: on the other it is still in the table when Finish labels it.
type Steps struct {
	mu   sync.Mutex
	byID map[string]*step
}

// Add publishes a step.
func (s *Steps) Add(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byID[id] = &step{labels: map[string]string{}}
}

// Label reads a label under the lock.
func (s *Steps) Label(id, key string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if x, ok := s.byID[id]; ok {
		return x.labels[key]
	}
	return ""
}

// Finish deletes the step only when it is the last.
func (s *Steps) Finish(id string, last bool) {
	s.mu.Lock()
	x := s.byID[id]
	if last {
		delete(s.byID, id)
	}
	s.mu.Unlock()
	if x != nil {
		x.labels["done"] = "true" // want "write of map x.labels races with read at .*MR1002"
	}
}
