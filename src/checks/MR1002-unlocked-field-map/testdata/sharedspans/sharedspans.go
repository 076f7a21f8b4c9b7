// Package sharedspans is spans with a tracer that gives every span the same baggage map. Racy: the requests write
// and range one map.
package sharedspans

import (
	"fmt"
	"net/http"
)

// Span is one traced operation.
type Span interface {
	SetBaggageItem(k, v string)
	Finish()
}

// Tracer starts spans.
type Tracer interface {
	StartSpan(name string) Span
}

type sharedSpan struct {
	name    string
	baggage map[string]string
}

func (s sharedSpan) SetBaggageItem(k, v string) { s.baggage[k] = v } // want "write of map s.baggage races with iteration at .*MR1002"

func (s sharedSpan) Finish() {
	for k, v := range s.baggage { // want "iteration of map s.baggage races with write at .*MR1005"
		fmt.Println(s.name, k, v)
	}
}

type sharedTracer struct {
	baggage map[string]string
}

func (t sharedTracer) StartSpan(name string) Span {
	return sharedSpan{name: name, baggage: t.baggage}
}

// Server traces every request.
type Server struct {
	tracer Tracer
}

// NewServer traces with one tracer for all requests.
func NewServer() *Server { return &Server{tracer: sharedTracer{baggage: map[string]string{}}} }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	span := s.tracer.StartSpan(r.URL.Path)
	span.SetBaggageItem("method", r.Method)
	defer span.Finish()
	w.WriteHeader(http.StatusOK)
}
