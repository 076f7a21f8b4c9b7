package goroutines

import "sync"

type metric struct {
	tags map[string]string
}

// gatherer prepares each metric's tags, then reads them from one goroutine per region, and waits for those before
// it prepares the next metric. Silent: every iteration joins its goroutines before the next one writes.
type gatherer struct {
	mu      sync.Mutex
	metrics []*metric
	out     []string
}

func (g *gatherer) prepare(m *metric, region string) {
	m.tags["region"] = region
}

func (g *gatherer) gather(regions []string) {
	for _, m := range g.metrics {
		g.prepare(m, "eu")
		var wg sync.WaitGroup
		for _, r := range regions {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v := m.tags["region"] + r
				g.mu.Lock()
				g.out = append(g.out, v)
				g.mu.Unlock()
			}()
		}
		wg.Wait()
	}
}

// sample holds tags too.
type sample struct {
	tags map[string]string
}

// skipper does the same with samples, but a continue can skip the wait. Racy: the next iteration's write can overlap the
// goroutines the skipped wait did not join.
type skipper struct {
	mu      sync.Mutex
	samples []*sample
	out     []string
}

func (s *skipper) prepare(m *sample, region string) {
	m.tags["region"] = region // want "write of map m.tags races with read at .*MR1002"
}

func (s *skipper) gather(regions []string) {
	for _, m := range s.samples {
		s.prepare(m, "eu")
		var wg sync.WaitGroup
		for _, r := range regions {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v := m.tags["region"] + r
				s.mu.Lock()
				s.out = append(s.out, v)
				s.mu.Unlock()
			}()
		}
		if len(regions) > 8 {
			continue
		}
		wg.Wait()
	}
}

// Run gathers both on their own goroutines.
func Run(regions []string) {
	g := &gatherer{}
	s := &skipper{}
	go g.gather(regions)
	go s.gather(regions)
}
