// Package metrics has two recorder types with the same shape; neither locks. Each Recorder is used by
// one goroutine; one Histogram is shared by two.
package metrics

// Recorder counts observations by label. Silent: each instance has one goroutine.
type Recorder struct {
	counts map[string]int
}

// NewRecorder returns an empty recorder.
func NewRecorder() *Recorder {
	return &Recorder{counts: make(map[string]int)}
}

// Observe counts one observation.
func (r *Recorder) Observe(label string) {
	r.counts[label]++
}

// Histogram counts observations by bucket. Racy: one instance has two goroutines.
type Histogram struct {
	buckets map[string]int
}

// NewHistogram returns an empty histogram.
func NewHistogram() *Histogram {
	return &Histogram{buckets: make(map[string]int)}
}

// Observe counts one observation.
func (h *Histogram) Observe(bucket string) {
	h.buckets[bucket]++ // want "write of map h.buckets races with write .*MR1002"
}
