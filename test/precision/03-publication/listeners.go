package publication

import "sync"

// listener serves one address with its handlers.
type listener struct {
	addr     string
	handlers map[string]string
}

func newListener(addr string) *listener {
	return &listener{addr: addr, handlers: make(map[string]string)}
}

// listenAll makes a listener per address, keeps them in a map of its own and configures each. Silent: every
// call makes its own map of new listeners, so two servers starting at once configure different ones.
func listenAll(addrs []string, routes map[string]string) []*listener {
	byAddr := make(map[string]*listener)
	for _, a := range addrs {
		if _, ok := byAddr[a]; !ok {
			byAddr[a] = newListener(a)
		}
	}
	var out []*listener
	for _, l := range byAddr {
		for path, h := range routes {
			l.handlers[path] = h
		}
		out = append(out, l)
	}
	return out
}

// StartServers starts the servers of several configurations at once.
func StartServers(configs [][]string, routes map[string]string) {
	var wg sync.WaitGroup
	for _, addrs := range configs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			listenAll(addrs, routes)
		}()
	}
	wg.Wait()
}

// fallback is one listener for every configuration that names no address.
var fallback = newListener(":8080")

// listenOrFallback keeps the shared fallback listener in its map when an address is empty. Racy: two servers
// starting at once configure the one fallback.
func listenOrFallback(addrs []string, routes map[string]string) {
	byAddr := make(map[string]*listener)
	for _, a := range addrs {
		if a == "" {
			byAddr[a] = fallback
			continue
		}
		byAddr[a] = newListener(a)
	}
	for _, l := range byAddr {
		for path, h := range routes {
			l.handlers[path] = h // want "write of map l.handlers races with write in another goroutine.*MR1002"
		}
	}
}

// StartWithFallback starts the servers of several configurations at once.
func StartWithFallback(configs [][]string, routes map[string]string) {
	var wg sync.WaitGroup
	for _, addrs := range configs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			listenOrFallback(addrs, routes)
		}()
	}
	wg.Wait()
}
