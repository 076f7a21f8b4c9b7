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

// reading is built by newReading from the tags it is given.
type reading struct {
	tags   map[string]string
	fields map[string]int
}

func newReading(tags map[string]string) *reading {
	return &reading{tags: tags, fields: make(map[string]int)}
}

type host struct {
	name string
	tags map[string]string
}

func (h *host) defaultTags() map[string]string {
	tags := make(map[string]string)
	tags["host"] = h.name
	return tags
}

// Collect builds a reading per host on one goroutine each: with new tags (silent), and with the host's own tags,
// which every goroutine of the same host shares (racy).
func Collect(hosts []*host, rounds int) {
	for _, h := range hosts {
		for r := 0; r < rounds; r++ {
			go func() {
				own := newReading(h.defaultTags())
				own.tags["round"] = "r"
				shared := newReading(h.tags)
				shared.tags["round"] = "r" // want "write of map shared.tags races with write in another goroutine .*MR1002"
			}()
		}
	}
}
