// Package app builds routes and publishes them in the table of another package while requests read it.
package app

import (
	"net/http"

	"example.com/precision/publication/model"
	"example.com/precision/publication/routes"
)

// addRoute fills the route's headers before it publishes it. Silent: nobody else holds r before Publish.
func addRoute(t *routes.Table, name, backend string) {
	r := &model.Route{Backend: backend, Headers: make(map[string]string)}
	r.Headers["X-Forwarded-Proto"] = "https"
	t.Publish(name, r)
}

// addTracedRoute adds a header after Publish. Racy: requests read r.Headers as soon as it is published.
func addTracedRoute(t *routes.Table, name, backend string) {
	r := &model.Route{Backend: backend, Headers: make(map[string]string)}
	t.Publish(name, r)
	r.Headers["X-Trace"] = "on" // want "write of map r.Headers races with read at routes/routes.go:\\d+.*MR1002"
}

// Mux serves requests from the table and adds routes from an admin endpoint, both on request goroutines.
func Mux(t *routes.Table) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/admin/routes", func(w http.ResponseWriter, req *http.Request) {
		name, backend := req.FormValue("name"), req.FormValue("backend")
		if req.FormValue("trace") != "" {
			addTracedRoute(t, name, backend)
			return
		}
		addRoute(t, name, backend)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("X-Forwarded-Proto", t.Header(req.URL.Path, "X-Forwarded-Proto"))
	})
	return mux
}
