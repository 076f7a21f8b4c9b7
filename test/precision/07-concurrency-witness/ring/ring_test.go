package ring

import "testing"

func TestLoads(t *testing.T) {
	r := New()
	r.Add("a")
	r.Add("a")
	if got := r.Loads()["a"]; got != 2 {
		t.Fatalf("load of a = %d, want 2", got)
	}
}

func TestString(t *testing.T) {
	p := NewPool()
	p.Put("b")
	p.Put("a")
	if got := p.String(); got != "a,b" {
		t.Fatalf("String() = %q, want a,b", got)
	}
}

func TestSize(t *testing.T) {
	r := New()
	r.Add("a")
	var g Gauge
	g.Observe("a")
	if r.Size() != 1 || g.Size() != 1 {
		t.Fatalf("sizes %d and %d, want 1 and 1", r.Size(), g.Size())
	}
}
