// Package tenants replicates a tenant's objects into its namespaces, one goroutine per namespace.
package tenants

import (
	"maps"
	"sync"

	"k8s.io/apimachinery/pkg/util/sets"
)

type TenantSpec struct {
	Namespaces  []string
	Annotations map[string]string
}

type Tenant struct {
	Name string
	Spec TenantSpec
}

type Object struct {
	Namespace   string
	Annotations map[string]string
}

// mutate copies the pointer to the tenant's annotations map and adds keys to it: every namespace's goroutine
// writes the one map of the shared tenant.
func mutate(obj *Object, t *Tenant) {
	obj.Annotations = t.Spec.Annotations
	obj.Annotations["example.com/namespace"] = obj.Namespace // want "write of map obj\\.Annotations \\(the map of t\\.Spec\\.Annotations\\) .*MR1004"
}

func Replicate(t *Tenant) []*Object {
	var wg sync.WaitGroup
	out := make([]*Object, len(t.Spec.Namespaces))
	for i, ns := range t.Spec.Namespaces {
		wg.Add(1)
		go func() {
			defer wg.Done()
			obj := &Object{Namespace: ns}
			mutate(obj, t)
			out[i] = obj
		}()
	}
	wg.Wait()
	return out
}

// mutateCopy clones first. Silent.
func mutateCopy(obj *Object, t *Tenant) {
	obj.Annotations = maps.Clone(t.Spec.Annotations)
	obj.Annotations["example.com/namespace"] = obj.Namespace
}

func ReplicateCopy(t *Tenant) []*Object {
	var wg sync.WaitGroup
	out := make([]*Object, len(t.Spec.Namespaces))
	for i, ns := range t.Spec.Namespaces {
		wg.Add(1)
		go func() {
			defer wg.Done()
			obj := &Object{Namespace: ns}
			mutateCopy(obj, t)
			out[i] = obj
		}()
	}
	wg.Wait()
	return out
}

// Processed names from per-object goroutines: inserted into one set at once.
func ProcessAll(objs []*Object) sets.Set[string] {
	processed := sets.New[string]()
	var wg sync.WaitGroup
	for _, o := range objs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			processed.Insert(o.Namespace) // want "write of map processed races with write in another goroutine.*MR1001"
		}()
	}
	wg.Wait()
	return processed
}

// ProcessAllMerged collects per goroutine into a slice indexed by the loop and merges after Wait. Silent.
func ProcessAllMerged(objs []*Object) sets.Set[string] {
	names := make([]string, len(objs))
	var wg sync.WaitGroup
	for i, o := range objs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			names[i] = o.Namespace
		}()
	}
	wg.Wait()
	return sets.New(names...)
}
