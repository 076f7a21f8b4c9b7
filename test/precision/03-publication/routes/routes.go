// Package routes publishes routes: a route stored in the table is read by every request, without a lock,
// so it must not change after Publish.
package routes

import (
	"sync"

	"example.com/precision/publication/model"
)

// Table maps names to published routes.
type Table struct {
	mu     sync.RWMutex
	routes map[string]*model.Route
}

// NewTable returns an empty table.
func NewTable() *Table {
	return &Table{routes: make(map[string]*model.Route)}
}

// Publish makes r visible to every reader.
func (t *Table) Publish(name string, r *model.Route) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.routes[name] = r
}

// Header reads a header of a published route, outside the table's lock.
func (t *Table) Header(name, key string) string {
	t.mu.RLock()
	r := t.routes[name]
	t.mu.RUnlock()
	if r == nil {
		return ""
	}
	return r.Headers[key]
}
