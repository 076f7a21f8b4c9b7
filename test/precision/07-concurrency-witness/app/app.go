// Package app wires the caches and indexes to their goroutines: the lru cache has one calling goroutine,
// the index two (the ingest goroutine and the HTTP requests).
package app

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"example.com/precision/witness/catalog"
	"example.com/precision/witness/index"
	"example.com/precision/witness/ingest"
	"example.com/precision/witness/lru"
	"example.com/precision/witness/ring"
	"example.com/precision/witness/tenants"
)

// Resolve answers lookups on one goroutine: Cache's methods have one caller goroutine, this loop.
func Resolve(names <-chan string, answers chan<- string) {
	c := lru.New()
	for n := range names {
		v, ok := c.Get(n)
		if !ok {
			v = strings.ToLower(n)
			c.Add(n, v)
		}
		answers <- v
	}
}

// Search feeds the index on the ingest goroutine and searches it on request goroutines (reported in index):
// two roots reach Index.
func Search(docs <-chan string) *http.ServeMux {
	x := index.New()
	ingest.Start(x, docs)
	mux := http.NewServeMux()
	mux.HandleFunc("/search", func(w http.ResponseWriter, req *http.Request) {
		_, _ = w.Write([]byte(strings.Join(x.Lookup(req.FormValue("q")), "\n")))
	})
	return mux
}

// Services starts a catalog once and a registry that every request adds to.
func Services(names []string) *http.ServeMux {
	c := &catalog.Catalog{}
	c.Start(names)
	r := &catalog.Registry{}
	r.Start()
	mux := http.NewServeMux()
	mux.HandleFunc("/register", func(w http.ResponseWriter, req *http.Request) {
		r.Register(req.FormValue("name"))
		_, _ = w.Write([]byte(strings.Repeat("*", c.Count(req.FormValue("name")))))
	})
	return mux
}

// Balance adds members and picks owners from every request, and describes a pool that every request adds to.
func Balance() *http.ServeMux {
	r := ring.New()
	p := ring.NewPool()
	mux := http.NewServeMux()
	mux.HandleFunc("/join", func(w http.ResponseWriter, req *http.Request) {
		r.Add(req.FormValue("name"))
		p.Put(req.RemoteAddr)
		_, _ = w.Write([]byte(r.Owner() + " " + ring.Describe(p)))
	})
	return mux
}

// gauge counts the requests per path; Load reports how full it is.
var gauge ring.Gauge

// Load counts every request's path and says how full the gauge is.
func Load() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/load", func(w http.ResponseWriter, req *http.Request) {
		gauge.Observe(req.URL.Path)
		_, _ = w.Write([]byte(strconv.FormatFloat(ring.Fill(&gauge), 'f', 2, 64)))
	})
	return mux
}

// Storage prunes tenants and evicts shards every minute while requests write them.
func Storage() *http.ServeMux {
	t := tenants.New()
	s := tenants.NewShards(tenants.WithEvictNow())
	go func() {
		for range time.Tick(time.Minute) {
			t.Prune()
			s.Evict()
		}
	}()
	mux := http.NewServeMux()
	mux.HandleFunc("/write", func(w http.ResponseWriter, req *http.Request) {
		t.Write(req.FormValue("tenant"))
		s.Write(req.FormValue("shard"))
	})
	return mux
}
