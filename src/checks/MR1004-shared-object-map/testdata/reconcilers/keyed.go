package reconcilers

import (
	"context"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/controller"
)

// status of one object, kept in a table keyed by the request.
type status struct {
	marks map[string]bool
}

func (s *status) mark(name string) { s.marks[name] = true }

// audit of one object.
type audit struct {
	marks map[string]bool
}

// progress of one object.
type progress struct {
	marks map[string]bool
}

// KeyedReconciler keeps one status per request and marks it in a helper without the lock: the workqueue never
// runs two Reconciles of one request at once, so only one worker holds the status. Silent.
type KeyedReconciler struct {
	mu    sync.Mutex
	state map[types.NamespacedName]*status
}

func (r *KeyedReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	r.mu.Lock()
	st := r.state[req.NamespacedName]
	if st == nil {
		st = &status{marks: map[string]bool{}}
		r.state[req.NamespacedName] = st
	}
	r.mu.Unlock()
	st.mark("Seen")
	return ctrl.Result{}, nil
}

func (r *KeyedReconciler) SetupWithManager(mgr ctrl.Manager) error {
	r.state = map[types.NamespacedName]*status{}
	return ctrl.NewControllerManagedBy(mgr).For(&corev1.ConfigMap{}).WithOptions(controller.Options{MaxConcurrentReconciles: 4}).Complete(r)
}

// AuditedReconciler keeps one status per request too, but a goroutine started with the manager reads every
// status while the Reconciles write theirs: the same-key guarantee says nothing about that goroutine.
type AuditedReconciler struct {
	mu    sync.Mutex
	state map[types.NamespacedName]*audit
}

func (r *AuditedReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	r.mu.Lock()
	st := r.state[req.NamespacedName]
	r.mu.Unlock()
	if st != nil {
		st.marks["Audited"] = true // want "write of map st\\.marks races with read at .*MR1002"
	}
	return ctrl.Result{}, nil
}

func (r *AuditedReconciler) SetupWithManager(mgr ctrl.Manager) error {
	r.state = map[types.NamespacedName]*audit{}
	go func() {
		for range time.Tick(time.Minute) {
			r.mu.Lock()
			for _, st := range r.state {
				_ = st.marks["Audited"]
			}
			r.mu.Unlock()
		}
	}()
	return ctrl.NewControllerManagedBy(mgr).For(&corev1.Secret{}).WithOptions(controller.Options{MaxConcurrentReconciles: 4}).Complete(r)
}

// OutlivedReconciler hands its request's status to a goroutine that marks it later: that goroutine may still run
// when the next Reconcile of the same request marks the status again.
type OutlivedReconciler struct {
	mu    sync.Mutex
	state map[types.NamespacedName]*progress
}

func (r *OutlivedReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	r.mu.Lock()
	st := r.state[req.NamespacedName]
	r.mu.Unlock()
	st.marks["Started"] = true // want "write of map st\\.marks races with write .*MR1002"
	go func() {
		time.Sleep(time.Second)
		st.marks["Done"] = true // want "write of map st\\.marks races with write .*MR1002"
	}()
	return ctrl.Result{}, nil
}

func (r *OutlivedReconciler) SetupWithManager(mgr ctrl.Manager) error {
	r.state = map[types.NamespacedName]*progress{}
	return ctrl.NewControllerManagedBy(mgr).For(&corev1.Service{}).WithOptions(controller.Options{MaxConcurrentReconciles: 4}).Complete(r)
}
