package goroutines

import "sync"

// Doc is a document with a generated-style deep copy.
type Doc struct {
	Fields map[string]string
}

// DeepCopy returns a copy that shares no map with d.
func (d *Doc) DeepCopy() *Doc {
	out := &Doc{Fields: make(map[string]string, len(d.Fields))}
	for k, v := range d.Fields {
		out.Fields[k] = v
	}
	return out
}

// Stamper stamps copies of its document from several goroutines. Silent: each writes its own deep copy.
type Stamper struct {
	cur *Doc
}

// Run starts the stampers.
func (s *Stamper) Run(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fields := s.cur.DeepCopy().Fields
			fields["stamped"] = "true"
		}()
	}
	wg.Wait()
}

// LiveStamper stamps its document itself from several goroutines.
type LiveStamper struct {
	cur *Doc
}

// Run starts the stampers.
func (s *LiveStamper) Run(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fields := s.cur.Fields
			fields["stamped"] = "true" // want "write of map .*Fields races with write .*MR1002"
		}()
	}
	wg.Wait()
}
