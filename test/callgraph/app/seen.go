package main

import "example.com/cg/internal/refs"

// countSeen counts on a goroutine and reads the size here: refs.Map's Size is called, Len is not.
func countSeen() {
	seen := refs.NewMap()
	go seen.Add("boot")
	_ = seen.Size()
}

func init() {
	countSeen()
}
