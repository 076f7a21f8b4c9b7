// Command clone crashes with "fatal error: concurrent map clone and map write" (maps.Clone, Go 1.21+).
package main

import "maps"

func main() {
	labels := map[string]string{}
	for i := 0; i < 100; i++ {
		labels[string(rune('a'+i%26))+string(rune('a'+i/26))] = "v"
	}
	go func() {
		for i := 0; ; i++ {
			labels[string(rune('a'+i%26))] = "x"
			delete(labels, string(rune('a'+i%26)))
		}
	}()
	for {
		_ = maps.Clone(labels)
	}
}
