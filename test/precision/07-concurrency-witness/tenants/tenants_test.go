package tenants

import "testing"

func TestPruneNow(t *testing.T) {
	ts := New(WithPruneNow())
	if !ts.pruneNow {
		t.Fatal("WithPruneNow did not set pruneNow")
	}
	ts.Write("a")
	ts.Prune()
}
