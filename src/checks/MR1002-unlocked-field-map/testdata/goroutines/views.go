package goroutines

// A function that returns a struct built from its receiver's map hands out that map; one that builds it with a new
// map hands out a map of the caller's own.
type view struct {
	m map[string]int
}

type viewStore struct {
	m map[string]int
}

func (s *viewStore) view() view { return view{m: s.m} }

func (s *viewStore) fresh() view { return view{m: map[string]int{}} }

// Count counts on n goroutines: into the store's map through view (racy), and into new maps (silent).
func (s *viewStore) Count(n int) {
	for i := 0; i < n; i++ {
		go func() {
			v := s.view()
			v.m["x"]++ // want "write of map v.m races with write in another goroutine .*MR1002"
			w := s.fresh()
			w.m["y"]++
		}()
	}
}
