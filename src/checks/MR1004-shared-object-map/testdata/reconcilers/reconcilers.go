// Package reconcilers holds controller-runtime reconcilers with a map cache on the struct.
package reconcilers

import (
	"context"
	"sync"

	corev1 "k8s.io/api/core/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
)

// CacheReconciler runs four workers and keeps an unguarded cache: two reconciles of different
// ConfigMaps write it at once.
type CacheReconciler struct {
	client.Client
	seen map[string]string
}

func (r *CacheReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	var cm corev1.ConfigMap
	if err := r.Get(ctx, req.NamespacedName, &cm); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	r.seen[req.Name] = cm.ResourceVersion // want "write of map r\\.seen races with write in a concurrent Reconcile.*MR1002"
	return ctrl.Result{}, nil
}

func (r *CacheReconciler) SetupWithManager(mgr ctrl.Manager) error {
	r.seen = map[string]string{}
	return ctrl.NewControllerManagedBy(mgr).
		For(&corev1.ConfigMap{}).
		WithOptions(controller.Options{MaxConcurrentReconciles: 4}).
		Complete(r)
}

// LockedReconciler runs four workers and guards its cache. Silent.
type LockedReconciler struct {
	client.Client
	mu   sync.Mutex
	seen map[string]string
}

func (r *LockedReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen[req.Name] = req.Namespace
	return ctrl.Result{}, nil
}

func (r *LockedReconciler) SetupWithManager(mgr ctrl.Manager) error {
	return ctrl.NewControllerManagedBy(mgr).
		For(&corev1.Secret{}).
		WithOptions(controller.Options{MaxConcurrentReconciles: 4}).
		Complete(r)
}

// SingleReconciler uses the default of one worker: its cache is only touched by one reconcile at a time. Silent.
type SingleReconciler struct {
	client.Client
	seen map[string]string
}

func (r *SingleReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	r.seen[req.Name] = req.Namespace
	return ctrl.Result{}, nil
}

func (r *SingleReconciler) SetupWithManager(mgr ctrl.Manager) error {
	return ctrl.NewControllerManagedBy(mgr).For(&corev1.Service{}).Complete(r)
}

// Workers from a flag: the count is not known here, so reconciles may overlap.
type FlagReconciler struct {
	Workers int
	seen    map[string]bool
}

func (r *FlagReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	delete(r.seen, req.Name) // want "write of map r\\.seen races with write in a concurrent Reconcile.*MR1002"
	return ctrl.Result{}, nil
}

func (r *FlagReconciler) SetupWithManager(mgr ctrl.Manager) error {
	_, err := controller.New("flag", mgr, controller.Options{Reconciler: r, MaxConcurrentReconciles: r.Workers})
	return err
}

// Two controllers with one worker each still run at the same time: a package-level map they both write races.
var lastSeen = map[string]string{}

type PodReconciler struct{ client.Client }

func (r *PodReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	lastSeen["pod"] = req.Name // want "write of map lastSeen races with write at reconcilers/reconcilers.go:\\d+.*MR1003"
	return ctrl.Result{}, nil
}

func (r *PodReconciler) SetupWithManager(mgr ctrl.Manager) error {
	return ctrl.NewControllerManagedBy(mgr).For(&corev1.Pod{}).Complete(r)
}

type NodeReconciler struct{ client.Client }

func (r *NodeReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	lastSeen["node"] = req.Name // want "write of map lastSeen races with write at reconcilers/reconcilers.go:\\d+.*MR1003"
	return ctrl.Result{}, nil
}

func (r *NodeReconciler) SetupWithManager(mgr ctrl.Manager) error {
	return ctrl.NewControllerManagedBy(mgr).For(&corev1.Node{}).Complete(r)
}

// planner keeps notes while one reconcile plans a rollout.
type planner struct {
	notes map[string]string
}

func newPlanner() *planner { return &planner{notes: map[string]string{}} }

func (p *planner) note(name, msg string) { p.notes[name] = msg }

// PlanReconciler makes a planner per reconcile: each reconcile has its own notes. Silent.
type PlanReconciler struct {
	Workers int
}

func (r *PlanReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	p := newPlanner()
	p.note(req.Name, "planned")
	if _, ok := p.notes[req.Name]; ok {
		return ctrl.Result{Requeue: true}, nil
	}
	return ctrl.Result{}, nil
}

func (r *PlanReconciler) SetupWithManager(mgr ctrl.Manager, options controller.Options) error {
	return ctrl.NewControllerManagedBy(mgr).For(&corev1.Endpoints{}).WithOptions(options).Complete(r)
}

// SharedPlanReconciler keeps one planner for all reconciles, which overlap.
type SharedPlanReconciler struct {
	planner *planner
}

func (r *SharedPlanReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	r.planner.notes[req.Name] = "planned" // want "write of map r\\.planner\\.notes races with write in a concurrent Reconcile \\(MaxConcurrentReconciles: options.*MR1002"
	return ctrl.Result{}, nil
}

func (r *SharedPlanReconciler) SetupWithManager(mgr ctrl.Manager, options controller.Options) error {
	r.planner = newPlanner()
	return ctrl.NewControllerManagedBy(mgr).For(&corev1.Namespace{}).WithOptions(options).Complete(r)
}
