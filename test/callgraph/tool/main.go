// Command tool is a second program of the module: it shares packages with the app, never memory.
package main

import "example.com/cg/store"

func main() {
	store.NewLedger().Record("tool")
}
