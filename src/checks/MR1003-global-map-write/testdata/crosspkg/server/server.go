// Package server starts the goroutines and handlers; the maps live in package registry.
package server

import (
	"net/http"
	"sync"
	"time"

	"example.com/mr1003/crosspkg/registry"
)

// LoadPlugins registers every plugin on its own goroutine.
func LoadPlugins(paths map[string]string) {
	for name, path := range paths {
		go registry.Register(name, path)
	}
}

// LoadPluginsLocked is LoadPlugins' twin through the locked registry: silent.
func LoadPluginsLocked(paths map[string]string) {
	for name, path := range paths {
		go registry.RegisterLocked(name, path)
	}
}

// Routes registers a function of package registry as a handler (a function value of another package).
func Routes(mux *http.ServeMux) {
	mux.HandleFunc("/hit", registry.Hit)
}

// Defaults writes the defaults on one goroutine and waits for it before reading: silent.
func Defaults() string {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		registry.SetDefault("region", "eu")
	}()
	wg.Wait()
	return registry.Default("region")
}

// Schedule runs registry.Expire on the timer's goroutine while it reads what Expire writes.
func Schedule() bool {
	time.AfterFunc(time.Second, registry.Expire)
	return registry.Expired()
}
