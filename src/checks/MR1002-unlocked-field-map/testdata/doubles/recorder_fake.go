package doubles

// FakeRecorder remembers events for tests' assertions. It takes no lock, and needs none: tests call it from
// one goroutine, and the program never makes one.
type FakeRecorder struct {
	Events map[string]int
}

// NewFakeRecorder returns an empty fake.
func NewFakeRecorder() *FakeRecorder {
	return &FakeRecorder{Events: map[string]int{}}
}

// Record counts the event.
func (f *FakeRecorder) Record(event string) {
	f.Events[event]++
}
