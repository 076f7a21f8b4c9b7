// Package vip keeps the VIPs and routes of LoadBalancer services.
//
// The bug: watch handlers run on their own goroutines and write the services, endpoints and routes maps
// while the reconcile loop reads them. With ~150 LoadBalancer services on 80 nodes the manager crashed with
// `concurrent map read and map write`, taking VIPs and routes down with it.
package vip

import (
	"sync"
	"time"
)

// Event is a watch event for a Service or its Endpoints.
type Event struct {
	Kind, Name, VIP string
	Nodes           []string
	Deleted         bool
}

// Manager assigns VIPs to services and routes them to nodes.
type Manager struct {
	services  map[string]string   // service name → VIP
	endpoints map[string][]string // service name → node names
	routes    *RouteTable
}

// NewManager returns an empty Manager.
func NewManager() *Manager {
	return &Manager{services: map[string]string{}, endpoints: map[string][]string{}, routes: NewRouteTable()}
}

// Run handles each watch event on its own goroutine and reconciles every 10 seconds.
func (m *Manager) Run(events <-chan Event, stop <-chan struct{}) {
	go m.reconcileLoop(stop)
	for ev := range events {
		go m.handle(ev)
	}
}

func (m *Manager) handle(ev Event) {
	switch ev.Kind {
	case "Service":
		if ev.Deleted {
			delete(m.services, ev.Name) // want "write of map m.services.*MR1002"
			return
		}
		m.services[ev.Name] = ev.VIP // want "write of map m.services.*MR1002"
	case "Endpoints":
		m.endpoints[ev.Name] = ev.Nodes // want "write of map m.endpoints.*MR1002"
	}
}

func (m *Manager) reconcileLoop(stop <-chan struct{}) {
	t := time.NewTicker(10 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			for name, vip := range m.services { // want "iteration of map m.services.*MR1005"
				m.routes.Set(vip, m.endpoints[name])
			}
		}
	}
}

// RouteTable is guarded correctly: every access holds mu.
type RouteTable struct {
	mu     sync.RWMutex
	routes map[string][]string // VIP → next hops
}

// NewRouteTable returns an empty table.
func NewRouteTable() *RouteTable {
	return &RouteTable{routes: map[string][]string{}}
}

// Set replaces the next hops of a VIP.
func (t *RouteTable) Set(vip string, hops []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.routes[vip] = hops
}

// Get returns the next hops of a VIP.
func (t *RouteTable) Get(vip string) []string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.routes[vip]
}
