package informers

import (
	"context"
	"maps"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
)

// Stamper reads ConfigMaps and unstructured objects from indexers.
type Stamper struct {
	configMaps cache.Indexer
	objects    cache.Indexer
}

// stamp writes into the ConfigMap it is given.
func stamp(cm *corev1.ConfigMap, key string) {
	cm.Data["stamped-by"] = key // want "write of map cm\\.Data of an object shared with the informer cache.*MR1004"
}

func (s *Stamper) StampConfigMap(key string) error {
	item, exists, err := s.configMaps.GetByKey(key)
	if err != nil || !exists {
		return err
	}
	cm := item.(*corev1.ConfigMap)
	stamp(cm, key)
	return nil
}

// StampCopy stamps a deep copy. Silent.
func (s *Stamper) StampCopy(key string) error {
	item, exists, err := s.configMaps.GetByKey(key)
	if err != nil || !exists {
		return err
	}
	cm := item.(*corev1.ConfigMap).DeepCopy()
	cm.Data["stamped-by"] = key
	return nil
}

func (s *Stamper) MarkUnstructured(key string) {
	item, _, _ := s.objects.GetByKey(key)
	if u, ok := item.(*unstructured.Unstructured); ok {
		u.Object["stamped"] = true // want "write of map u\\.Object of an object shared with the informer cache.*MR1004"
	}
}

// MarkUnstructuredCopy writes a copy of the object's map. Silent.
func (s *Stamper) MarkUnstructuredCopy(key string) map[string]interface{} {
	item, _, _ := s.objects.GetByKey(key)
	u, ok := item.(*unstructured.Unstructured)
	if !ok {
		return nil
	}
	obj := maps.Clone(u.Object)
	obj["stamped"] = true
	return obj
}

// OwnLabels writes labels of an object it made itself. Silent.
func OwnLabels(name string) *corev1.Pod {
	pod := &corev1.Pod{}
	pod.Name = name
	pod.Labels = map[string]string{}
	pod.Labels["app"] = name
	return pod
}

// Watches maps events to requests; the event's object is the cache's.
func Watches() handler.EventHandler {
	return handler.Funcs{
		CreateFunc: func(ctx context.Context, e event.CreateEvent, q workqueue.TypedRateLimitingInterface[reconcile.Request]) {
			e.Object.GetLabels()["example.com/queued"] = "true" // want "write of map e\\.Object\\.GetLabels\\(\\) of an object shared with the informer cache.*MR1004"
			q.Add(reconcile.Request{})
		},
		// UpdateFunc only reads the labels. Silent.
		UpdateFunc: func(ctx context.Context, e event.UpdateEvent, q workqueue.TypedRateLimitingInterface[reconcile.Request]) {
			if e.ObjectNew.GetLabels()["example.com/queued"] == "" {
				q.Add(reconcile.Request{})
			}
		},
	}
}

// Requeue copies the lister's object into the same variable before changing it. Silent.
func (s *Stamper) Requeue(key string) error {
	item, exists, err := s.configMaps.GetByKey(key)
	if err != nil || !exists {
		return err
	}
	cm := item.(*corev1.ConfigMap)
	cm = cm.DeepCopy()
	cm.Data["requeued"] = "true"
	return nil
}

// Relabel writes the lister's object after re-pointing the variable at another cached object.
func (s *Stamper) Relabel(key, other string) {
	item, _, _ := s.configMaps.GetByKey(key)
	cm := item.(*corev1.ConfigMap).DeepCopy()
	next, _, _ := s.configMaps.GetByKey(other)
	cm = next.(*corev1.ConfigMap)
	cm.Labels["relabelled"] = "true" // want "write of map cm\\.Labels of an object shared with the informer cache.*MR1004"
}

// Ensure creates the ConfigMap when the cache has none, and then writes whichever object it holds: on the path
// where the cache had it, that is the cache's own object.
func (s *Stamper) Ensure(key string) {
	item, exists, _ := s.configMaps.GetByKey(key)
	cm, _ := item.(*corev1.ConfigMap)
	if !exists {
		cm = &corev1.ConfigMap{Data: map[string]string{}}
	}
	cm.Data["ensured"] = "true" // want "write of map cm\\.Data of an object shared with the informer cache.*MR1004"
}

// EnsureCopy takes its own object on both paths. Silent.
func (s *Stamper) EnsureCopy(key string) {
	item, exists, _ := s.configMaps.GetByKey(key)
	cm, _ := item.(*corev1.ConfigMap)
	if !exists {
		cm = &corev1.ConfigMap{Data: map[string]string{}}
	} else {
		cm = cm.DeepCopy()
	}
	cm.Data["ensured"] = "true"
}

// Touch copies inside the branch that writes. Silent.
func (s *Stamper) Touch(key string, force bool) {
	item, _, _ := s.configMaps.GetByKey(key)
	cm := item.(*corev1.ConfigMap)
	if force {
		cm = cm.DeepCopy()
		cm.Data["touched"] = "true"
	}
	switch {
	case cm.Data == nil:
		return
	default:
		cm = cm.DeepCopy()
	}
	cm.Data["switched"] = "true"
}

// Sweep copies in a loop that may not run, then writes. The object may still be the cache's.
func (s *Stamper) Sweep(key string, n int) {
	item, _, _ := s.configMaps.GetByKey(key)
	cm := item.(*corev1.ConfigMap)
	for i := 0; i < n; i++ {
		cm = cm.DeepCopy()
	}
	cm.Data["swept"] = "true" // want "write of map cm\\.Data of an object shared with the informer cache.*MR1004"
}
