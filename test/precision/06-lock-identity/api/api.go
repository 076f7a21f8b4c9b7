// Package api serves the allocators of package ipam over HTTP: every request runs on its own goroutine.
package api

import (
	"net/http"
	"strings"

	"example.com/precision/locks/ipam"
	"example.com/precision/locks/kinds"
)

// Mux registers the handlers.
func Mux(a *ipam.Allocator, p *ipam.Pool) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/request", func(w http.ResponseWriter, req *http.Request) {
		a.Request(req.FormValue("subnet"), req.FormValue("ip"))
	})
	mux.HandleFunc("/free", func(w http.ResponseWriter, req *http.Request) {
		a.Free(req.FormValue("subnet"), req.FormValue("ip"))
	})
	mux.HandleFunc("/lease", func(w http.ResponseWriter, req *http.Request) {
		p.Lease(req.FormValue("block"), req.FormValue("ip"), req.FormValue("owner"))
	})
	mux.HandleFunc("/report", func(w http.ResponseWriter, req *http.Request) {
		_, _ = w.Write([]byte(strings.Join(p.Report(req.FormValue("block")), ",")))
	})
	return mux
}

// Discovery adds kinds on a goroutine while requests ask for them.
func Discovery(k *kinds.Kinds, found <-chan [2]string) *http.ServeMux {
	go k.Discover(found)
	mux := http.NewServeMux()
	mux.HandleFunc("/has", func(w http.ResponseWriter, req *http.Request) {
		if !k.Has(req.FormValue("group")) {
			w.WriteHeader(http.StatusNotFound)
		}
	})
	return mux
}
