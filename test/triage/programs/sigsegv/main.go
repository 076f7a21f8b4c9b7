// Command sigsegv dies of a nil pointer dereference: "panic: runtime error: invalid memory address or nil pointer
// dereference" followed by a "[signal SIGSEGV: ...]" line.
package main

type node struct {
	children map[string]*node
}

func (n *node) child(name string) *node { return n.children[name] }

func main() {
	root := &node{children: map[string]*node{}}
	println(root.child("a").child("b"))
}
