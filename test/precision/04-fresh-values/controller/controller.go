// Package controller writes into objects of the informer cache only after copying them: DeepCopy,
// DeepCopyObject and the DeepCopy of an unstructured object are fresh.
package controller

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/dynamic/dynamiclister"
	coreinformers "k8s.io/client-go/informers/core/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
)

// Controller labels pods and configmaps and stamps custom resources.
type Controller struct {
	pods    corelisters.PodLister
	widgets dynamiclister.Lister
	keys    chan string
	updates chan runtime.Object
}

// New registers the configmap and secret handlers.
func New(pods corelisters.PodLister, widgets dynamiclister.Lister, cms coreinformers.ConfigMapInformer, secrets coreinformers.SecretInformer) (*Controller, error) {
	c := &Controller{pods: pods, widgets: widgets, keys: make(chan string, 64), updates: make(chan runtime.Object, 64)}
	if _, err := cms.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		UpdateFunc: c.onConfigMapUpdate,
	}); err != nil {
		return nil, err
	}
	_, err := secrets.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		UpdateFunc: c.onSecretUpdate,
	})
	return c, err
}

// onConfigMapUpdate copies with DeepCopyObject before writing. Silent.
func (c *Controller) onConfigMapUpdate(_, newObj interface{}) {
	obj, ok := newObj.(runtime.Object)
	if !ok {
		return
	}
	cm, ok := obj.DeepCopyObject().(*corev1.ConfigMap)
	if !ok || cm.Data == nil {
		return
	}
	cm.Data["synced"] = "true"
	c.updates <- cm
}

// onSecretUpdate writes into the object the informer handed over. Racy: it is the cache's own.
func (c *Controller) onSecretUpdate(_, newObj interface{}) {
	secret, ok := newObj.(*corev1.Secret)
	if !ok || secret.Annotations == nil {
		return
	}
	secret.Annotations["synced"] = "true" // want "write of map secret.Annotations of an object shared with the informer cache.*MR1004"
	c.updates <- secret
}

// Run starts the workers.
func (c *Controller) Run(ctx context.Context) {
	for range 2 {
		go wait.UntilWithContext(ctx, c.work, time.Second)
	}
	<-ctx.Done()
}

func (c *Controller) work(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case key := <-c.keys:
			_ = c.labelPod(key)
			_ = c.labelPodInPlace(key)
			_ = c.stampWidget(key)
			_ = c.stampWidgetInPlace(key)
		}
	}
}

// labelPod copies the cached pod before labelling it. Silent.
func (c *Controller) labelPod(key string) error {
	ns, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	pod, err := c.pods.Pods(ns).Get(name)
	if err != nil {
		return err
	}
	pod = pod.DeepCopy()
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	pod.Labels["example.com/seen"] = "true"
	c.updates <- pod
	return nil
}

// labelPodInPlace labels the cached pod itself. Racy: every reader of the cache shares it.
func (c *Controller) labelPodInPlace(key string) error {
	ns, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	pod, err := c.pods.Pods(ns).Get(name)
	if err != nil {
		return err
	}
	pod.Labels["example.com/seen"] = "true" // want "write of map pod.Labels of an object shared with the informer cache.*MR1004"
	c.updates <- pod
	return nil
}

// stampWidget writes into the content of a deep copy of the cached unstructured object. Silent.
func (c *Controller) stampWidget(key string) error {
	ns, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	u, err := c.widgets.Namespace(ns).Get(name)
	if err != nil {
		return err
	}
	content := u.DeepCopy().Object
	content["status"] = map[string]interface{}{"observed": true}
	return nil
}

// stampWidgetInPlace writes into the cached object's content. Racy.
func (c *Controller) stampWidgetInPlace(key string) error {
	ns, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	u, err := c.widgets.Namespace(ns).Get(name)
	if err != nil {
		return err
	}
	content := u.Object
	content["status"] = map[string]interface{}{"observed": true} // want "write of map .*of an object shared with the informer cache.*MR1004"
	return nil
}
