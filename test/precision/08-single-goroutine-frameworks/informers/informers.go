// Package informers registers informer event handlers: the handler funcs of one registration run on one
// goroutine, one at a time; the handlers of two registrations run on two.
package informers

import (
	"context"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/fields"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
)

// PodIndex is written only by the handlers of one registration. Silent.
type PodIndex struct {
	nodes map[string]string
}

// NewPodIndex makes an empty index.
func NewPodIndex() *PodIndex {
	return &PodIndex{nodes: make(map[string]string)}
}

// Register adds the handlers.
func (x *PodIndex) Register(pods coreinformers.PodInformer) error {
	_, err := pods.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj interface{}) {
			if pod, ok := obj.(*corev1.Pod); ok {
				x.nodes[pod.Name] = pod.Spec.NodeName
			}
		},
		UpdateFunc: func(_, newObj interface{}) {
			if pod, ok := newObj.(*corev1.Pod); ok {
				x.nodes[pod.Name] = pod.Spec.NodeName
			}
		},
		DeleteFunc: func(obj interface{}) {
			if pod, ok := obj.(*corev1.Pod); ok {
				delete(x.nodes, pod.Name)
			}
		},
	})
	return err
}

// NameIndex is written by the handlers of two registrations (pods and services). Racy.
type NameIndex struct {
	kinds map[string]string
}

// Register adds the handlers of both informers.
func (x *NameIndex) Register(pods coreinformers.PodInformer, services coreinformers.ServiceInformer) error {
	if _, err := pods.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj interface{}) {
			if pod, ok := obj.(*corev1.Pod); ok {
				x.kinds[pod.Namespace+"/"+pod.Name] = "Pod" // want "write of map x.kinds races with write at .*MR1002"
			}
		},
	}); err != nil {
		return err
	}
	_, err := services.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj interface{}) {
			if svc, ok := obj.(*corev1.Service); ok {
				x.kinds[svc.Namespace+"/"+svc.Name] = "Service" // want "write of map x.kinds races with write at .*MR1002"
			}
		},
	})
	return err
}

// Endpoints locks its map in its helpers and in Snapshot, and reads it without the lock in UpdateFunc. Silent: the
// read and every write run in the handlers of one registration, one at a time; Snapshot only reads. Start is an
// exported method of a type that locks, but registering handlers is set-up, not something done twice at once.
type Endpoints struct {
	mu  sync.Mutex
	ips map[string]string
}

func (e *Endpoints) set(pod *corev1.Pod) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ips[pod.Name] = pod.Status.PodIP
}

func (e *Endpoints) remove(pod *corev1.Pod) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.ips, pod.Name)
}

// Start registers the handlers.
func (e *Endpoints) Start(pods coreinformers.PodInformer) error {
	_, err := pods.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj interface{}) {
			if pod, ok := obj.(*corev1.Pod); ok {
				e.set(pod)
			}
		},
		UpdateFunc: func(_, newObj interface{}) {
			pod, ok := newObj.(*corev1.Pod)
			if !ok {
				return
			}
			if _, known := e.ips[pod.Name]; known && pod.Status.PodIP == "" {
				e.remove(pod)
				return
			}
			e.set(pod)
		},
	})
	return err
}

// Snapshot copies the map under the lock.
func (e *Endpoints) Snapshot() map[string]string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]string, len(e.ips))
	for k, v := range e.ips {
		out[k] = v
	}
	return out
}

// PrunedEndpoints is the same, but Start also runs a pruning loop that deletes under the lock. Racy: the loop's
// delete overlaps the unlocked read in UpdateFunc.
type PrunedEndpoints struct {
	mu  sync.Mutex
	ips map[string]string
}

func (e *PrunedEndpoints) set(pod *corev1.Pod) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ips[pod.Name] = pod.Status.PodIP
}

// Start registers the handlers and starts the pruning loop.
func (e *PrunedEndpoints) Start(pods coreinformers.PodInformer, every time.Duration) error {
	_, err := pods.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		UpdateFunc: func(_, newObj interface{}) {
			pod, ok := newObj.(*corev1.Pod)
			if !ok {
				return
			}
			if _, known := e.ips[pod.Name]; !known { // want "read of map e.ips races with write at .*MR1002"
				e.set(pod)
			}
		},
	})
	go e.prune(every)
	return err
}

func (e *PrunedEndpoints) prune(every time.Duration) {
	for range time.Tick(every) {
		e.mu.Lock()
		clear(e.ips)
		e.mu.Unlock()
	}
}

// Watcher registers its handlers with cache.NewInformer on a goroutine its Start starts. Silent: one registration,
// whose handlers run one at a time; Start of a type that locks is still set-up, and so is what it starts.
type Watcher struct {
	mu   sync.Mutex
	pods map[string]string
}

func (w *Watcher) add(pod *corev1.Pod) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pods[pod.Name] = pod.Status.PodIP
}

func (w *Watcher) watch(ctx context.Context, client kubernetes.Interface, namespace string) {
	lw := cache.NewListWatchFromClient(client.CoreV1().RESTClient(), "pods", namespace, fields.Everything())
	_, controller := cache.NewInformer(lw, &corev1.Pod{}, 0, cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj interface{}) {
			if pod, ok := obj.(*corev1.Pod); ok {
				w.add(pod)
			}
		},
		UpdateFunc: func(_, newObj interface{}) {
			if pod, ok := newObj.(*corev1.Pod); ok {
				if _, known := w.pods[pod.Name]; !known {
					w.add(pod)
				}
			}
		},
	})
	controller.Run(ctx.Done())
}

// Start watches on a goroutine of its own.
func (w *Watcher) Start(ctx context.Context, client kubernetes.Interface) {
	go w.watch(ctx, client, "")
}

// Count reads under the lock.
func (w *Watcher) Count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.pods)
}

// NamespaceWatcher registers one informer per namespace, each on its own goroutine. Racy: the handlers of two
// registrations run at once, and one reads while the other writes.
type NamespaceWatcher struct {
	mu   sync.Mutex
	pods map[string]string
}

func (w *NamespaceWatcher) add(pod *corev1.Pod) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pods[pod.Name] = pod.Status.PodIP
}

func (w *NamespaceWatcher) watch(ctx context.Context, client kubernetes.Interface, namespace string) {
	lw := cache.NewListWatchFromClient(client.CoreV1().RESTClient(), "pods", namespace, fields.Everything())
	_, controller := cache.NewInformer(lw, &corev1.Pod{}, 0, cache.ResourceEventHandlerFuncs{
		UpdateFunc: func(_, newObj interface{}) {
			if pod, ok := newObj.(*corev1.Pod); ok {
				if _, known := w.pods[pod.Name]; !known { // want "read of map w.pods races with write at .*MR1002"
					w.add(pod)
				}
			}
		},
	})
	controller.Run(ctx.Done())
}

// Start watches every namespace.
func (w *NamespaceWatcher) Start(ctx context.Context, client kubernetes.Interface, namespaces []string) {
	for _, ns := range namespaces {
		go w.watch(ctx, client, ns)
	}
}
