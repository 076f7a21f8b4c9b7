// Package informers is a sample-controller style controller: informer event handlers fill maps that
// workqueue workers read, and objects from the lister are shared with every other reader of the cache.
package informers

import (
	"context"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/wait"
	coreinformers "k8s.io/client-go/informers/core/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
)

type Controller struct {
	podLister corelisters.PodLister
	queue     workqueue.TypedRateLimitingInterface[string]

	// pending is written by the event handlers and read by the workers, without a lock.
	pending map[string]*corev1.Pod

	mu    sync.RWMutex
	owner map[string]string
}

func NewController(pods coreinformers.PodInformer) *Controller {
	c := &Controller{
		podLister: pods.Lister(),
		queue:     workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]()),
		pending:   map[string]*corev1.Pod{},
		owner:     map[string]string{},
	}
	_, _ = pods.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: c.onAdd,
		UpdateFunc: func(oldObj, newObj interface{}) {
			pod := newObj.(*corev1.Pod)
			pod.Annotations["example.com/seen"] = "true" // want "write of map pod\\.Annotations of an object shared with the informer cache.*MR1004"
			c.onAdd(newObj)
		},
		DeleteFunc: func(obj interface{}) {
			if pod, ok := obj.(*corev1.Pod); ok {
				c.mu.Lock()
				delete(c.owner, pod.Name)
				c.mu.Unlock()
			}
		},
	})
	return c
}

func (c *Controller) onAdd(obj interface{}) {
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		return
	}
	c.pending[pod.Name] = pod // want "write of map c\\.pending races with read at informers/controller.go:\\d+.*MR1002"
	c.mu.Lock()
	c.owner[pod.Name] = pod.Spec.NodeName
	c.mu.Unlock()
	c.queue.Add(pod.Namespace + "/" + pod.Name)
}

func (c *Controller) Run(ctx context.Context, workers int) {
	defer c.queue.ShutDown()
	for i := 0; i < workers; i++ {
		go wait.UntilWithContext(ctx, c.runWorker, time.Second)
	}
	<-ctx.Done()
}

func (c *Controller) runWorker(ctx context.Context) {
	for c.processNext(ctx) {
	}
}

func (c *Controller) processNext(ctx context.Context) bool {
	key, shutdown := c.queue.Get()
	if shutdown {
		return false
	}
	defer c.queue.Done(key)
	ns, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return true
	}
	if p := c.pending[name]; p != nil {
		_ = p.Name
	}
	c.mu.RLock()
	node := c.owner[name]
	c.mu.RUnlock()

	pod, err := c.podLister.Pods(ns).Get(name)
	if err != nil {
		return true
	}
	pod.Labels["example.com/node"] = node // want "write of map pod\\.Labels of an object shared with the informer cache.*MR1004"

	// A deep copy is the controller's own. Silent.
	fresh := pod.DeepCopy()
	fresh.Labels["example.com/node"] = node

	all, _ := c.podLister.List(labels.Everything())
	for _, p := range all {
		anns := p.GetAnnotations()
		anns["example.com/synced"] = "true" // want "write of map anns of an object shared with the informer cache.*MR1004"
		// Silent.
		q := p.DeepCopy()
		q.GetAnnotations()["example.com/synced"] = "true"
	}
	c.queue.Forget(key)
	return true
}
