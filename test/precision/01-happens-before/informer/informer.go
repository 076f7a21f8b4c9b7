// Package informer registers informer event handlers over state set up before the registration.
package informer

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/tools/cache"
)

// Namespaces tracks pods of a fixed set of namespaces.
type Namespaces struct {
	watched map[string]bool
	pods    chan string
}

// NewNamespaces fills the watched set before AddEventHandler and Start. Silent: the handler reads a map
// that is complete before it can run.
func NewNamespaces(factory informers.SharedInformerFactory, names []string, stop <-chan struct{}) (*Namespaces, error) {
	n := &Namespaces{watched: make(map[string]bool), pods: make(chan string, 64)}
	for _, name := range names {
		n.watched[name] = true
	}
	_, err := factory.Core().V1().Pods().Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj interface{}) {
			if pod, ok := obj.(*corev1.Pod); ok && n.watched[pod.Namespace] {
				n.pods <- pod.Name
			}
		},
	})
	if err != nil {
		return nil, err
	}
	factory.Start(stop)
	return n, nil
}

// LateNamespaces adds a namespace after the informers started. Racy: the handler reads while it is written.
type LateNamespaces struct {
	watched map[string]bool
	pods    chan string
}

// NewLateNamespaces starts the informers and only then adds the default namespace.
func NewLateNamespaces(factory informers.SharedInformerFactory, stop <-chan struct{}) (*LateNamespaces, error) {
	n := &LateNamespaces{watched: make(map[string]bool), pods: make(chan string, 64)}
	_, err := factory.Core().V1().Pods().Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj interface{}) {
			if pod, ok := obj.(*corev1.Pod); ok && n.watched[pod.Namespace] {
				n.pods <- pod.Name
			}
		},
	})
	if err != nil {
		return nil, err
	}
	factory.Start(stop)
	n.watched["default"] = true // want "write of map n.watched races with read at .*MR1002"
	return n, nil
}
