// Command iterate crashes with "fatal error: concurrent map iteration and map write".
package main

type store struct {
	services map[string]string
}

func (s *store) handle(i int) {
	s.services[string(rune('a'+i%26))] = "vip"
}

func (s *store) reconcile() int {
	n := 0
	for range s.services {
		n++
	}
	return n
}

func main() {
	s := &store{services: map[string]string{"x": "y"}}
	go func() {
		for i := 0; ; i++ {
			s.handle(i)
		}
	}()
	for {
		s.reconcile()
	}
}
