// Package sets is a map-based set, in the style of Kubernetes' sets.String.
package sets

// String is a set of strings.
type String map[string]struct{}

// Insert adds the keys.
func (s String) Insert(keys ...string) {
	for _, k := range keys {
		s[k] = struct{}{} // want "write of map .*MR1002"
	}
}

// Has reports whether k is in the set.
func (s String) Has(k string) bool {
	_, ok := s[k]
	return ok
}
