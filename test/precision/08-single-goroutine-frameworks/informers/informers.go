// Package informers registers informer event handlers: the handler funcs of one registration run on one
// goroutine, one at a time; the handlers of two registrations run on two.
package informers

import (
	corev1 "k8s.io/api/core/v1"
	coreinformers "k8s.io/client-go/informers/core/v1"
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
