package handlers

import (
	"context"
	"net/http"
)

// An access-log middleware: the outer handler makes one LogData per request and stores it in the request's
// context; inner handlers fetch it from there and add fields. Each request has its own map.

type ctxKey struct{}

// LogData is one request's log record.
type LogData struct {
	Core map[string]any
}

// GetLogData returns the request's LogData, if the access log put one there.
func GetLogData(req *http.Request) *LogData {
	if ld, ok := req.Context().Value(ctxKey{}).(*LogData); ok {
		return ld
	}
	return nil
}

// AccessLog makes the record and logs it after the request. Silent.
type AccessLog struct {
	next http.Handler
}

func (h *AccessLog) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	data := &LogData{Core: map[string]any{}}
	req = req.WithContext(context.WithValue(req.Context(), ctxKey{}, data))
	data.Core["start"] = "now"
	h.next.ServeHTTP(w, req)
	record(data)
}

func record(data *LogData) {
	data.Core["status"] = 200
	for k := range data.Core {
		_ = k
	}
}

// FieldHandler adds a field to the request's record. Silent.
type FieldHandler struct {
	next  http.Handler
	name  string
	value string
}

func (f *FieldHandler) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if table := GetLogData(req); table != nil {
		table.Core[f.name] = f.value
	}
	if table, ok := req.Context().Value(ctxKey{}).(*LogData); ok {
		table.Core[f.name+"-direct"] = f.value
	}
	f.next.ServeHTTP(w, req)
}

// Shared is one record for every request: the handlers below all write it.
type Shared struct {
	data *LogData
}

func (s *Shared) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	s.data.Core[req.URL.Path] = req.Method // want "write of map s.data.Core.*MR1002"
}
