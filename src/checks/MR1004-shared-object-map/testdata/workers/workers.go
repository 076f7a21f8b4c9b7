// Package workers has a handler object registered with an informer, a wait.Group and a manager Runnable.
package workers

import (
	"context"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/manager"
)

// Tracker implements cache.ResourceEventHandler: the informer calls OnAdd/OnUpdate/OnDelete on its goroutine.
type Tracker struct {
	nodes map[string]string
}

func (t *Tracker) OnAdd(obj interface{}, isInInitialList bool) {
	if n, ok := obj.(*corev1.Node); ok {
		t.nodes[n.Name] = n.Spec.PodCIDR         // want "write of map t\\.nodes races with iteration at workers/workers.go:\\d+.*MR1002"
		n.Labels["example.com/tracked"] = "true" // want "write of map n\\.Labels of an object shared with the informer cache.*MR1004"
	}
}

func (t *Tracker) OnUpdate(oldObj, newObj interface{}) { t.OnAdd(newObj, false) }

func (t *Tracker) OnDelete(obj interface{}) {
	if n, ok := obj.(*corev1.Node); ok {
		delete(t.nodes, n.Name) // want "write of map t\\.nodes races with iteration at workers/workers.go:\\d+.*MR1002"
	}
}

// Start is run by the manager on its own goroutine.
func (t *Tracker) Start(ctx context.Context) error {
	<-ctx.Done()
	for name := range t.nodes { // want "iteration of map t\\.nodes races with write at workers/workers.go:\\d+.*MR1005"
		_ = name
	}
	return nil
}

func Register(mgr manager.Manager, informer cache.SharedIndexInformer) error {
	t := &Tracker{nodes: map[string]string{}}
	if _, err := informer.AddEventHandler(t); err != nil {
		return err
	}
	return mgr.Add(t)
}

// Shards fills one map per shard from a wait.Group: every goroutine writes its own map, read after Wait. Silent.
func Shards(names []string) []map[string]bool {
	out := make([]map[string]bool, len(names))
	var g wait.Group
	for i, name := range names {
		g.Start(func() {
			m := map[string]bool{name: true}
			out[i] = m
		})
	}
	g.Wait()
	return out
}

// SharedShard writes one map from every goroutine of a wait.Group.
func SharedShard(names []string) map[string]bool {
	seen := map[string]bool{}
	var mu sync.Mutex
	var g wait.Group
	for _, name := range names {
		g.Start(func() {
			seen[name] = true // want "write of map seen races with write in another goroutine.*MR1001"
		})
		g.Start(func() {
			mu.Lock()
			defer mu.Unlock()
			_ = len(names)
		})
	}
	g.Wait()
	return seen
}

// Desired is filled by an informer handler and compared by a periodic worker.
type Desired struct {
	want map[string]string
	have map[string]string
}

func (d *Desired) Register(informer cache.SharedIndexInformer, stop <-chan struct{}) error {
	_, err := informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj interface{}) {
			if cm, ok := obj.(*corev1.ConfigMap); ok {
				d.want[cm.Name] = cm.ResourceVersion // want "write of map d\\.want races with iteration.*MR1002"
			}
		},
	})
	go wait.Until(func() {
		if !equality.Semantic.DeepEqual(d.want, d.have) { // want "iteration of map d\\.want races with write.*MR1005"
			d.have = map[string]string{}
		}
	}, time.Second, stop)
	return err
}
