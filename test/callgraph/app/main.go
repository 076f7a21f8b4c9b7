// Package main wires everything together: goroutines here reach methods of the other packages through an
// interface, a function value in a struct field and a method value.
package main

import (
	"net/http"
	"sync"
	"time"

	"example.com/cg/pool"
	"example.com/cg/store"
	"example.com/cg/web"
)

var once sync.Once

func setup() { go store.NewLedger().Record("app") }

func main() {
	once.Do(setup)
	kv := store.NewMemory()
	go kv.Put("boot", "1")
	lookup := kv.Get
	go lookup("boot")
	counts := store.NewCounts()
	p := pool.New(counts.Add)
	p.Run([]string{"a", "b"})
	time.AfterFunc(time.Second, func() { kv.Get("boot") })
	mux := http.NewServeMux()
	web.Routes(mux, kv)
	_ = http.ListenAndServe(":8080", mux)
}

func init() {
	go tick()
}

func tick() {}
