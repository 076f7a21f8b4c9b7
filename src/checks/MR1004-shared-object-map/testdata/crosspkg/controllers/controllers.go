// Package controllers registers controller-runtime reconcilers whose maps live in package tracker: the
// goroutines are started here (by the framework), the maps are written there.
package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/controller"

	"example.com/mr1004/crosspkg/tracker"
)

// VersionReconciler runs three workers that all write one tracker.Seen.
type VersionReconciler struct {
	seen *tracker.Seen
}

func (r *VersionReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	r.seen.Observe(req.Name, req.Namespace)
	return ctrl.Result{}, nil
}

func (r *VersionReconciler) SetupWithManager(mgr ctrl.Manager) error {
	r.seen = tracker.NewSeen()
	return ctrl.NewControllerManagedBy(mgr).
		For(&corev1.ConfigMap{}).
		WithOptions(controller.Options{MaxConcurrentReconciles: 3}).
		Complete(r)
}

// GuardedReconciler is VersionReconciler's twin with a tracker that locks: silent.
type GuardedReconciler struct {
	seen *tracker.Guarded
}

func (r *GuardedReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	r.seen.Observe(req.Name, req.Namespace)
	return ctrl.Result{}, nil
}

func (r *GuardedReconciler) SetupWithManager(mgr ctrl.Manager) error {
	r.seen = tracker.NewGuarded()
	return ctrl.NewControllerManagedBy(mgr).
		For(&corev1.Secret{}).
		WithOptions(controller.Options{MaxConcurrentReconciles: 3}).
		Complete(r)
}

// LabelReconciler writes only into the copy Labels returns, which each reconcile owns: silent.
type LabelReconciler struct {
	defaults *tracker.Defaults
}

func (r *LabelReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	labels := r.defaults.Labels()
	labels["name"] = req.Name
	return ctrl.Result{}, nil
}

func (r *LabelReconciler) SetupWithManager(mgr ctrl.Manager) error {
	r.defaults = tracker.NewDefaults("platform")
	return ctrl.NewControllerManagedBy(mgr).
		For(&corev1.Service{}).
		WithOptions(controller.Options{MaxConcurrentReconciles: 3}).
		Complete(r)
}
