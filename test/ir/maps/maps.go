// Package maps exercises every map operation: index reads and writes, comma-ok, nested maps, increments,
// compound assignment, len, range, delete, clear, and library calls that read, write or iterate a map.
package maps

import (
	"encoding/json"
	"fmt"
	stdmaps "maps"
	"net/http"
)

type index struct {
	byName map[string]int
	nested map[string]map[string]bool
	hdr    http.Header
}

var counts = map[string]int{}

func (x *index) update(name string, n int) int {
	x.byName[name] = n
	x.byName[name]++
	x.byName[name] += 2
	x.nested[name]["seen"] = true
	v, ok := x.byName[name]
	if !ok {
		return len(x.byName)
	}
	delete(x.byName, name)
	clear(counts)
	counts[name] = v
	if x.nested["a"]["b"] {
		return 1
	}
	return x.byName[name]
}

func (x *index) export() ([]byte, error) {
	for k, v := range x.byName {
		counts[k] = v
	}
	keys := stdmaps.Keys(counts)
	_ = keys
	x.hdr.Set("a", "b")
	stdmaps.Copy(counts, x.byName)
	fmt.Printf("%v\n", counts)
	return json.Marshal(x.byName)
}

func fromAny(v any) int {
	return v.(*index).byName["x"]
}
