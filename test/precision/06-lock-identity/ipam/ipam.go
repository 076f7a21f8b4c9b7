// Package ipam keeps one allocation map per subnet; the allocator's mutex, held by every caller of a
// subnet's methods, protects the subnets' maps.
package ipam

import "sync"

// Subnet holds its allocations without a lock of its own. Silent: every caller holds the Allocator's mutex.
type Subnet struct {
	allocated map[string]bool
}

// Allocate marks ip as used; the Allocator calls it with its mutex held.
func (s *Subnet) Allocate(ip string) bool {
	if s.allocated[ip] {
		return false
	}
	s.allocated[ip] = true
	return true
}

// Release frees ip; the Allocator calls it with its mutex held.
func (s *Subnet) Release(ip string) {
	delete(s.allocated, ip)
}

// Allocator owns the subnets; every path to a Subnet method holds a.mutex.
type Allocator struct {
	mutex   sync.Mutex
	subnets map[string]*Subnet
}

// NewAllocator makes an allocator over the given subnet names.
func NewAllocator(names []string) *Allocator {
	a := &Allocator{subnets: make(map[string]*Subnet)}
	for _, n := range names {
		a.subnets[n] = &Subnet{allocated: make(map[string]bool)}
	}
	return a
}

// Request allocates ip in subnet.
func (a *Allocator) Request(subnet, ip string) bool {
	a.mutex.Lock()
	defer a.mutex.Unlock()
	if s, ok := a.subnets[subnet]; ok {
		return s.Allocate(ip)
	}
	return false
}

// Free releases ip in subnet.
func (a *Allocator) Free(subnet, ip string) {
	a.mutex.Lock()
	defer a.mutex.Unlock()
	if s, ok := a.subnets[subnet]; ok {
		s.Release(ip)
	}
}

// Block holds its leases without a lock of its own. Racy: Pool.Report calls Owners without the pool's mutex.
type Block struct {
	leases map[string]string
}

// Lease records a lease; the Pool calls it with its mutex held.
func (b *Block) Lease(ip, owner string) {
	b.leases[ip] = owner
}

// Owners lists the owners; the Pool calls it without its mutex.
func (b *Block) Owners() []string {
	out := make([]string, 0, len(b.leases))
	for _, o := range b.leases { // want "iteration of map b.leases races with write at ipam/ipam.go:\\d+.*MR1005"
		out = append(out, o)
	}
	return out
}

// Pool owns the blocks, but Report reaches a block without the pool's mutex.
type Pool struct {
	mutex  sync.Mutex
	blocks map[string]*Block
}

// NewPool makes a pool over the given block names.
func NewPool(names []string) *Pool {
	p := &Pool{blocks: make(map[string]*Block)}
	for _, n := range names {
		p.blocks[n] = &Block{leases: make(map[string]string)}
	}
	return p
}

// Lease records a lease in block.
func (p *Pool) Lease(block, ip, owner string) {
	p.mutex.Lock()
	defer p.mutex.Unlock()
	if b, ok := p.blocks[block]; ok {
		b.Lease(ip, owner)
	}
}

// Report lists a block's owners after releasing the mutex.
func (p *Pool) Report(block string) []string {
	p.mutex.Lock()
	b, ok := p.blocks[block]
	p.mutex.Unlock()
	if !ok {
		return nil
	}
	return b.Owners()
}
