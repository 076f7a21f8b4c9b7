// Package runnables has work the manager runs on its own goroutines: a Runnable, leader-election callbacks.
package runnables

import (
	"context"
	"sync"
	"time"

	"k8s.io/client-go/tools/leaderelection"
	"sigs.k8s.io/controller-runtime/pkg/manager"
)

type Leases struct {
	mu      sync.Mutex
	holders map[string]time.Time
	renewed map[string]time.Time
}

func (l *Leases) Setup(mgr manager.Manager) error {
	return mgr.Add(manager.RunnableFunc(func(ctx context.Context) error {
		for {
			select {
			case <-ctx.Done():
				return nil
			case now := <-time.After(time.Second):
				l.renewed["self"] = now // want "write of map l\\.renewed races with read at runnables/runnables.go:\\d+.*MR1002"
				l.mu.Lock()
				l.holders["self"] = now
				l.mu.Unlock()
			}
		}
	}))
}

func (l *Leases) Callbacks() leaderelection.LeaderCallbacks {
	return leaderelection.LeaderCallbacks{
		OnStartedLeading: func(ctx context.Context) {
			_ = l.renewed["self"]
		},
		OnStoppedLeading: func() {
			l.mu.Lock()
			clear(l.holders)
			l.mu.Unlock()
		},
		OnNewLeader: func(identity string) {
			l.mu.Lock()
			l.holders[identity] = time.Now()
			l.mu.Unlock()
		},
	}
}
