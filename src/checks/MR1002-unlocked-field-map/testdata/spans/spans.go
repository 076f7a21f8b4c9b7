// Package spans starts a span per request through a Tracer interface; the only tracer the program makes returns a
// span with a new baggage map, so each request writes and ranges its own map. Silent.
package spans

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

type loggingSpan struct {
	name    string
	baggage map[string]string
}

func (s loggingSpan) SetBaggageItem(k, v string) { s.baggage[k] = v }

func (s loggingSpan) Finish() {
	for k, v := range s.baggage {
		fmt.Println(s.name, k, v)
	}
}

type loggingTracer struct{}

func (loggingTracer) StartSpan(name string) Span {
	return loggingSpan{name: name, baggage: make(map[string]string)}
}

// Server traces every request.
type Server struct {
	tracer Tracer
}

// NewServer traces with the logging tracer.
func NewServer() *Server { return &Server{tracer: loggingTracer{}} }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	span := s.tracer.StartSpan(r.URL.Path)
	span.SetBaggageItem("method", r.Method)
	defer span.Finish()
	w.WriteHeader(http.StatusOK)
}
