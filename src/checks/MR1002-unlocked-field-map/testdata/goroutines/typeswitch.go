package goroutines

// A type switch's variable is the switched value's dynamic value: its map, or a copy of a struct that holds the
// same maps.

// Slot holds a value of any type that several goroutines bump.
type Slot struct {
	v any
}

// Counts is a struct value with a map.
type Counts struct {
	m map[string]int
}

func (s *Slot) bump(k string) {
	switch x := s.v.(type) {
	case map[string]int:
		x[k]++ // want "write of map s.v races with write in another goroutine.*MR1002"
	case Counts:
		x.m[k]++ // want "write of map x.m races with write in another goroutine.*MR1002"
	}
}

// BumpAll bumps the slot's value from several goroutines: every goroutine writes the slot's one map.
func BumpAll(s *Slot) {
	for i := 0; i < 3; i++ {
		go s.bump("a")
	}
}

func bumpOwn(k string) int {
	var v any = map[string]int{}
	switch x := v.(type) {
	case map[string]int:
		x[k]++
		return x[k]
	}
	return 0
}

// BumpOwnAll bumps maps each call makes for itself: silent.
func BumpOwnAll() {
	for i := 0; i < 3; i++ {
		go bumpOwn("a")
	}
}
