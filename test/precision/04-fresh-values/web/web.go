// Package web copies shared maps before it changes them: maps.Clone, a copy loop into a new map, and a getter
// that returns a copy are fresh; a getter that returns the map itself is not.
package web

import (
	"maps"
	"net/http"
	"strings"
	"sync"
)

// Server holds default labels, tags and headers that requests extend; each pair of handlers below has its own
// map.
type Server struct {
	mu       sync.RWMutex
	defaults map[string]string
	shared   map[string]string
	base     map[string]string
	current  map[string]string
	static   http.Header
	common   http.Header
}

// NewServer makes the server's maps, each its own copy of defaults.
func NewServer(defaults map[string]string) *Server {
	fill := func() map[string]string {
		m := make(map[string]string, len(defaults))
		for k, v := range defaults {
			m[k] = v
		}
		return m
	}
	return &Server{defaults: fill(), shared: fill(), base: fill(), current: fill(), static: http.Header{}, common: http.Header{}}
}

// Snapshot returns a copy of base, made with a copy loop under the lock.
func (s *Server) Snapshot() map[string]string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make(map[string]string, len(s.base))
	for k, v := range s.base {
		out[k] = v
	}
	return out
}

// Current returns the current map itself.
func (s *Server) Current() map[string]string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.current
}

// Labels clones the defaults before adding the request's label. Silent.
func (s *Server) Labels(w http.ResponseWriter, req *http.Request) {
	labels := maps.Clone(s.defaults)
	labels["path"] = req.URL.Path
	_, _ = w.Write([]byte(strings.Join(mapsKeys(labels), ",")))
}

// LabelsInPlace adds the request's label to the shared map itself. Racy.
func (s *Server) LabelsInPlace(w http.ResponseWriter, req *http.Request) {
	labels := s.shared
	labels["path"] = req.URL.Path // want "write of map .*races with .*MR100[124]"
	_, _ = w.Write([]byte(labels["path"]))
}

// Tagged extends the copy Snapshot made. Silent.
func (s *Server) Tagged(w http.ResponseWriter, req *http.Request) {
	tags := s.Snapshot()
	tags["method"] = req.Method
	_, _ = w.Write([]byte(tags["method"]))
}

// TaggedInPlace extends what Current returned: the server's map itself. Racy.
func (s *Server) TaggedInPlace(w http.ResponseWriter, req *http.Request) {
	tags := s.Current()
	tags["method"] = req.Method // want "write of map .*races with .*MR100[124]"
	_, _ = w.Write([]byte(tags["method"]))
}

// WithRequestID clones the static headers before setting the request's own. Silent: Clone makes a new header.
func (s *Server) WithRequestID(w http.ResponseWriter, req *http.Request) {
	h := s.static.Clone()
	h.Set("X-Request-Id", req.Header.Get("X-Request-Id"))
	_, _ = w.Write([]byte(h.Get("X-Request-Id")))
}

// WithRequestIDInPlace sets the request's header on the common headers themselves. Racy.
func (s *Server) WithRequestIDInPlace(w http.ResponseWriter, req *http.Request) {
	h := s.common
	h.Set("X-Request-Id", req.Header.Get("X-Request-Id")) // want "write of map .*races with .*MR100[124]"
	_, _ = w.Write([]byte(h.Get("X-Request-Id")))
}

func mapsKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

// Mux registers the handlers; every request runs on its own goroutine.
func (s *Server) Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/labels", s.Labels)
	mux.HandleFunc("/labels/raw", s.LabelsInPlace)
	mux.HandleFunc("/tags", s.Tagged)
	mux.HandleFunc("/tags/raw", s.TaggedInPlace)
	mux.HandleFunc("/id", s.WithRequestID)
	mux.HandleFunc("/id/raw", s.WithRequestIDInPlace)
	return mux
}
