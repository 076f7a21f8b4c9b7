// Command repanic panics, recovers, and panics again from the deferred function: the dump starts with a
// "[recovered]" panic followed by the nested one.
package main

import "errors"

func load() {
	defer func() {
		if r := recover(); r != nil {
			panic(errors.New("reload failed"))
		}
	}()
	panic("config missing")
}

func main() {
	load()
}
