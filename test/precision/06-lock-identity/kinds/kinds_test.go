package kinds

import "testing"

func TestAppend(t *testing.T) {
	k := New()
	k.Append("apps", "Deployment")
	k.Append("apps", "StatefulSet")
	if !k.Has("apps") {
		t.Fatal("apps has no kinds")
	}
}
