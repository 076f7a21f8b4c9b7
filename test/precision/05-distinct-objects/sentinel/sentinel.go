// Package sentinel polls a list of servers with one goroutine per server: each goroutine gets its own element of
// the slice, so the maps an element owns are written by that goroutine alone.
package sentinel

import "sync"

type server struct {
	addr string
	tags map[string]string
}

func (s *server) observe(role string) {
	s.tags["role"] = role
}

// Sentinels gives each server a tags map of its own. Silent: every goroutine of Poll writes its own server's map.
type Sentinels struct {
	Addrs   []string
	servers []*server
}

// Init makes one server per address.
func (s *Sentinels) Init() {
	for _, a := range s.Addrs {
		s.servers = append(s.servers, &server{addr: a, tags: map[string]string{"addr": a}})
	}
}

// Poll observes every server at once and waits for them.
func (s *Sentinels) Poll() {
	var wg sync.WaitGroup
	for _, srv := range s.servers {
		wg.Add(1)
		go func(srv *server) {
			defer wg.Done()
			srv.observe("master")
		}(srv)
	}
	wg.Wait()
}

// Replicas gives every replica the same tags map. Racy: the goroutines of Poll write that one map at once.
type Replicas struct {
	Addrs    []string
	common   map[string]string
	replicas []*replica
}

type replica struct {
	addr string
	tags map[string]string
}

func (r *replica) observe(role string) {
	r.tags["role"] = role // want "write of map r.tags races with write in another goroutine.*MR1002"
}

// Init makes one replica per address, all with the common tags.
func (r *Replicas) Init() {
	r.common = map[string]string{"cluster": "main"}
	for _, a := range r.Addrs {
		r.replicas = append(r.replicas, &replica{addr: a, tags: r.common})
	}
}

// Poll observes every replica at once and waits for them.
func (r *Replicas) Poll() {
	var wg sync.WaitGroup
	for _, rep := range r.replicas {
		wg.Add(1)
		go func(rep *replica) {
			defer wg.Done()
			rep.observe("replica")
		}(rep)
	}
	wg.Wait()
}

// Monitors makes each monitor's labels in the loop that makes the monitor, then writes them through a helper that
// aliases the map. Silent: every goroutine of Poll writes the labels of its own monitor.
type Monitors struct {
	Addrs    []string
	monitors []*monitor
}

type monitor struct {
	addr   string
	labels map[string]string
}

func (m *monitor) stats(role string) map[string]string {
	return label(m.labels, role)
}

func label(base map[string]string, role string) map[string]string {
	labels := base
	labels["role"] = role
	return labels
}

// Init makes one monitor per address, each with labels made for it.
func (m *Monitors) Init() {
	for _, a := range m.Addrs {
		labels := make(map[string]string, 1)
		labels["addr"] = a
		m.monitors = append(m.monitors, &monitor{addr: a, labels: labels})
	}
}

// Poll asks every monitor at once and waits for them.
func (m *Monitors) Poll() {
	var wg sync.WaitGroup
	for _, mon := range m.monitors {
		wg.Add(1)
		go func(mon *monitor) {
			defer wg.Done()
			mon.stats("master")
		}(mon)
	}
	wg.Wait()
}

// Probes makes one labels map before the loop and gives it to every probe. Racy: the goroutines of Poll write
// that one map at once, through the same helper.
type Probes struct {
	Addrs  []string
	probes []*probe
}

type probe struct {
	addr   string
	labels map[string]string
}

func (p *probe) stats(role string) map[string]string {
	return relabel(p.labels, role)
}

func relabel(base map[string]string, role string) map[string]string {
	labels := base
	labels["role"] = role // want "write of map p.labels races with write in another goroutine.*MR1002"
	return labels
}

// Init makes one probe per address, all with one labels map.
func (p *Probes) Init() {
	labels := make(map[string]string, 1)
	for _, a := range p.Addrs {
		p.probes = append(p.probes, &probe{addr: a, labels: labels})
	}
}

// Poll asks every probe at once and waits for them.
func (p *Probes) Poll() {
	var wg sync.WaitGroup
	for _, pr := range p.probes {
		wg.Add(1)
		go func(pr *probe) {
			defer wg.Done()
			pr.stats("replica")
		}(pr)
	}
	wg.Wait()
}
