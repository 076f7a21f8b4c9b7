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
