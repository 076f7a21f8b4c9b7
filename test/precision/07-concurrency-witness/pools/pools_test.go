package pools

import (
	"testing"

	"example.com/precision/witness/shapes"
)

// The test gives both pools one getter and calls both methods on it: the program never does.
func TestShared(t *testing.T) {
	var g *shapes.Getter
	g = shapes.NewGetter()
	n := &Nodes{shapes: g, names: []string{"a"}}
	i := &Instances{shapes: n.shapes, ids: []string{"b"}}
	if n.shapes.NodeShape("a") != 1 || i.shapes.PoolShape("b") != 2 {
		t.Fatal("wrong shapes")
	}
}
