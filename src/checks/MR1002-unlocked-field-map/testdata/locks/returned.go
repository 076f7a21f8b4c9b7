package locks

import (
	"errors"
	"sync"
)

// A helper that returns with a lock held and hands back its unlock function, as network drivers do.

type network struct {
	mu        sync.Mutex
	endpoints map[string]int
}

// Driver keeps networks; each network guards its endpoints with its own mutex.
type Driver struct {
	mu       sync.Mutex
	networks map[string]*network
}

// lockNetwork returns the network locked, and its unlock function; it retries while the network is replaced.
func (d *Driver) lockNetwork(id string) (*network, func(), error) {
	d.mu.Lock()
	n := d.networks[id]
	d.mu.Unlock()
	for {
		if n == nil {
			return nil, nil, errors.New("network not found")
		}
		n.mu.Lock()
		d.mu.Lock()
		current := d.networks[id]
		d.mu.Unlock()
		if current == n {
			return n, n.mu.Unlock, nil
		}
		n.mu.Unlock()
		n = current
	}
}

// CreateEndpoint writes under the network's lock, taken by lockNetwork. Silent.
func (d *Driver) CreateEndpoint(nid, eid string) error {
	n, unlock, err := d.lockNetwork(nid)
	if err != nil {
		return err
	}
	defer unlock()
	n.endpoints[eid] = len(n.endpoints)
	return nil
}

// HasEndpoint reads under the same lock. Silent.
func (d *Driver) HasEndpoint(nid, eid string) bool {
	n, unlock, err := d.lockNetwork(nid)
	if err != nil {
		return false
	}
	defer unlock()
	_, ok := n.endpoints[eid]
	return ok
}

// PeekEndpoint forgets the network's lock.
func (d *Driver) PeekEndpoint(nid, eid string) bool {
	d.mu.Lock()
	n := d.networks[nid]
	d.mu.Unlock()
	_, ok := n.endpoints[eid] // want "read of map n.endpoints.*MR1002"
	return ok
}
