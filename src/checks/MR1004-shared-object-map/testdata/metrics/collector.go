// Package metrics has Prometheus collectors: Collect runs once per scrape, and scrapes overlap.
package metrics

import (
	"net/http"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

var desc = prometheus.NewDesc("example_requests", "Requests by path.", []string{"path"}, nil)

// Requests counts requests in a handler and exports them in Collect, without a lock.
type Requests struct {
	counts map[string]float64
}

func (r *Requests) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.counts[req.URL.Path]++ // want "write of map r\\.counts races with.*MR1002"
}

func (r *Requests) Describe(ch chan<- *prometheus.Desc) { ch <- desc }

func (r *Requests) Collect(ch chan<- prometheus.Metric) {
	for path, n := range r.counts { // want "iteration of map r\\.counts races with write at metrics/collector.go:\\d+.*MR1005"
		ch <- prometheus.MustNewConstMetric(desc, prometheus.CounterValue, n, path)
	}
}

// LockedRequests does the same under a RWMutex. Silent.
type LockedRequests struct {
	mu     sync.RWMutex
	counts map[string]float64
}

func (r *LockedRequests) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.counts[req.URL.Path]++
	r.mu.Unlock()
}

func (r *LockedRequests) Describe(ch chan<- *prometheus.Desc) { ch <- desc }

func (r *LockedRequests) Collect(ch chan<- prometheus.Metric) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for path, n := range r.counts {
		ch <- prometheus.MustNewConstMetric(desc, prometheus.CounterValue, n, path)
	}
}

// Register wires both into one registry and server.
func Register(reg prometheus.Registerer, mux *http.ServeMux) {
	a := &Requests{counts: map[string]float64{}}
	b := &LockedRequests{counts: map[string]float64{}}
	reg.MustRegister(a, b)
	mux.Handle("/a", a)
	mux.Handle("/b", b)
}
