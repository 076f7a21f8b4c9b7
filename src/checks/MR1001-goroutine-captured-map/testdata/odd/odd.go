// Package odd: source shapes that once stopped the analysis of a whole package: closures that call themselves,
// and methods whose names are also names of JavaScript's Object.prototype.
package odd

import "sync"

// Node is a tree.
type Node struct {
	Name     string
	Children []*Node
}

// CountNames walks the tree with a closure that calls itself, from goroutines that share one map.
func CountNames(roots []*Node) map[string]int {
	counts := map[string]int{}
	var wg sync.WaitGroup
	for _, root := range roots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var walk func(n *Node)
			walk = func(n *Node) {
				counts[n.Name]++ // want "write of map counts.*MR1001"
				for _, c := range n.Children {
					walk(c)
				}
			}
			walk(root)
		}()
	}
	wg.Wait()
	return counts
}

// CountLocked does the same under a mutex. Silent.
func CountLocked(roots []*Node) map[string]int {
	counts := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, root := range roots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var walk func(n *Node)
			walk = func(n *Node) {
				mu.Lock()
				counts[n.Name]++
				mu.Unlock()
				for _, c := range n.Children {
					walk(c)
				}
			}
			walk(root)
		}()
	}
	wg.Wait()
	return counts
}

// Proto has methods named like Object.prototype's.
type Proto struct{ seen map[string]bool }

func (p *Proto) constructor()         { p.seen = map[string]bool{} }
func (p *Proto) toString() string     { return "proto" }
func (p *Proto) hasOwnProperty() bool { return p.seen != nil }
func (p *Proto) valueOf() int         { return len(p.seen) }

// Use calls them on a private value. Silent.
func Use() int {
	p := &Proto{}
	p.constructor()
	p.seen[p.toString()] = p.hasOwnProperty()
	return p.valueOf()
}
