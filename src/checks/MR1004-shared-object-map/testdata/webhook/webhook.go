// Package webhook has admission handlers: Handle runs once per request, concurrently.
package webhook

import (
	"context"
	"sync"

	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

type Auditor struct {
	seen map[types.UID]string
}

func (a *Auditor) Handle(ctx context.Context, req admission.Request) admission.Response {
	a.seen[req.UID] = req.Name // want "write of map a\\.seen races with write in another request.*MR1002"
	return admission.Allowed("")
}

// LockedAuditor holds a mutex. Silent.
type LockedAuditor struct {
	mu   sync.Mutex
	seen map[types.UID]string
}

func (a *LockedAuditor) Handle(ctx context.Context, req admission.Request) admission.Response {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.seen[req.UID] = req.Name
	return admission.Allowed("")
}
