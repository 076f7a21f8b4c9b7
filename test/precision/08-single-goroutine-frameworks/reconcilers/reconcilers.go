// Package reconcilers holds controller-runtime reconcilers: one worker runs one Reconcile at a time, and a
// workqueue never hands the same request to two workers at once.
package reconcilers

import (
	"context"
	"sync"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
)

// SingleWorker runs with MaxConcurrentReconciles 1. Silent: its cache is touched by one Reconcile at a time.
type SingleWorker struct {
	client.Client
	versions map[string]string
}

// Reconcile records the version it saw.
func (r *SingleWorker) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	var cm corev1.ConfigMap
	if err := r.Get(ctx, req.NamespacedName, &cm); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	r.versions[req.String()] = cm.ResourceVersion
	return ctrl.Result{}, nil
}

// SetupWithManager registers it with one worker.
func (r *SingleWorker) SetupWithManager(mgr ctrl.Manager) error {
	r.versions = make(map[string]string)
	return ctrl.NewControllerManagedBy(mgr).
		For(&corev1.ConfigMap{}).
		WithOptions(controller.Options{MaxConcurrentReconciles: 1}).
		Complete(r)
}

// TwoWorkers runs with MaxConcurrentReconciles 2. Racy.
type TwoWorkers struct {
	client.Client
	versions map[string]string
}

// Reconcile records the version it saw.
func (r *TwoWorkers) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	var s corev1.Secret
	if err := r.Get(ctx, req.NamespacedName, &s); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	r.versions[req.String()] = s.ResourceVersion // want "write of map r.versions races with write in a concurrent Reconcile.*MR1002"
	return ctrl.Result{}, nil
}

// SetupWithManager registers it with two workers.
func (r *TwoWorkers) SetupWithManager(mgr ctrl.Manager) error {
	r.versions = make(map[string]string)
	return ctrl.NewControllerManagedBy(mgr).
		For(&corev1.Secret{}).
		WithOptions(controller.Options{MaxConcurrentReconciles: 2}).
		Complete(r)
}

// conditions of one object.
type conditions struct {
	byType map[string]bool
}

// PerObject keeps one conditions object per request, under a lock, and writes it without the lock. Silent:
// the workqueue never runs two Reconciles of the same request at once, so only one worker holds it.
type PerObject struct {
	client.Client
	mu    sync.Mutex
	state map[types.NamespacedName]*conditions
}

// Reconcile marks the object ready.
func (r *PerObject) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	r.mu.Lock()
	st, ok := r.state[req.NamespacedName]
	if !ok {
		st = &conditions{byType: make(map[string]bool)}
		r.state[req.NamespacedName] = st
	}
	r.mu.Unlock()
	var pod corev1.Pod
	if err := r.Get(ctx, req.NamespacedName, &pod); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	st.byType["Ready"] = pod.Status.Phase == corev1.PodRunning
	return ctrl.Result{}, nil
}

// SetupWithManager registers it with four workers.
func (r *PerObject) SetupWithManager(mgr ctrl.Manager) error {
	r.state = make(map[types.NamespacedName]*conditions)
	return ctrl.NewControllerManagedBy(mgr).
		For(&corev1.Pod{}).
		WithOptions(controller.Options{MaxConcurrentReconciles: 4}).
		Complete(r)
}

// summary of one namespace.
type summary struct {
	byName map[string]bool
}

// PerNamespace keeps one summary per namespace: two requests of one namespace share it. Racy.
type PerNamespace struct {
	client.Client
	mu    sync.Mutex
	state map[string]*summary
}

// Reconcile records the service in its namespace's summary.
func (r *PerNamespace) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	r.mu.Lock()
	sum, ok := r.state[req.Namespace]
	if !ok {
		sum = &summary{byName: make(map[string]bool)}
		r.state[req.Namespace] = sum
	}
	r.mu.Unlock()
	var svc corev1.Service
	if err := r.Get(ctx, req.NamespacedName, &svc); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	sum.byName[req.Name] = svc.Spec.Type == corev1.ServiceTypeLoadBalancer // want "write of map sum.byName races with write in a concurrent Reconcile.*MR1002"
	return ctrl.Result{}, nil
}

// SetupWithManager registers it with four workers.
func (r *PerNamespace) SetupWithManager(mgr ctrl.Manager) error {
	r.state = make(map[string]*summary)
	return ctrl.NewControllerManagedBy(mgr).
		For(&corev1.Service{}).
		WithOptions(controller.Options{MaxConcurrentReconciles: 4}).
		Complete(r)
}
