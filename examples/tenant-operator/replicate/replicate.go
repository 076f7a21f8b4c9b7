// Package replicate copies a tenant's objects into every tenant namespace.
//
// The bug: one goroutine per object, each inserting into one shared sets.String of processed names.
// In production this crashed the operator with `fatal error: concurrent map writes` (300 restarts in
// 14 days).
package replicate

import (
	"context"
	"sync"

	"k8s.io/apimachinery/pkg/util/sets"
)

// Object is the part of a Kubernetes object the replicator needs.
type Object struct {
	Namespace, Name string
	Labels          map[string]string
}

// Client writes objects to the API server.
type Client interface {
	Apply(ctx context.Context, namespace string, o Object) error
}

// Replicator replicates objects into tenant namespaces.
type Replicator struct {
	client     Client
	namespaces []string
}

// New returns a Replicator for the given tenant namespaces.
func New(c Client, namespaces []string) *Replicator {
	return &Replicator{client: c, namespaces: namespaces}
}

// Sync replicates every object into every namespace and returns the names it processed.
func (r *Replicator) Sync(ctx context.Context, objs []Object) sets.String {
	processed := sets.NewString()
	var wg sync.WaitGroup
	for _, o := range objs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, ns := range r.namespaces {
				if err := r.client.Apply(ctx, ns, o); err != nil {
					return
				}
			}
			processed.Insert(o.Name) // want "write of map processed.*MR1001"
		}()
	}
	wg.Wait()
	return processed
}

// SyncFixed is the fix: each goroutine owns one slot, and the set is built after Wait.
func (r *Replicator) SyncFixed(ctx context.Context, objs []Object) sets.String {
	done := make([]bool, len(objs))
	var wg sync.WaitGroup
	for i, o := range objs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, ns := range r.namespaces {
				if err := r.client.Apply(ctx, ns, o); err != nil {
					return
				}
			}
			done[i] = true
		}()
	}
	wg.Wait()
	processed := sets.NewString()
	for i, o := range objs {
		if done[i] {
			processed.Insert(o.Name)
		}
	}
	return processed
}
