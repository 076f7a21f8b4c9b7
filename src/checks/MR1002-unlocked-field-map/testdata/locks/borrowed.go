package locks

import (
	"sync"
	"time"
)

// A helper that borrows its owner's mutex through a pointer: locking either name locks the same mutex.

type ttlKeeper struct {
	tokens map[string]time.Time
	mu     *sync.Mutex
	stopc  chan struct{}
}

func (k *ttlKeeper) add(token string) { k.tokens[token] = time.Now() }

func (k *ttlKeeper) run() {
	for {
		select {
		case <-time.After(time.Second):
			k.mu.Lock()
			for t := range k.tokens {
				delete(k.tokens, t)
			}
			k.mu.Unlock()
		case <-k.stopc:
			return
		}
	}
}

// Tokens hands its own mutex to the keeper. Silent.
type Tokens struct {
	mu     sync.Mutex
	users  map[string]string
	keeper *ttlKeeper
}

// Enable starts the keeper with a pointer to t.mu.
func (t *Tokens) Enable() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.keeper = &ttlKeeper{tokens: map[string]time.Time{}, mu: &t.mu, stopc: make(chan struct{})}
	go t.keeper.run()
}

// Assign adds a token under t.mu, the keeper's mutex too. Silent.
func (t *Tokens) Assign(user, token string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.users[token] = user
	if t.keeper != nil {
		t.keeper.add(token)
	}
}

type ownKeeper struct {
	tokens map[string]time.Time
	mu     *sync.Mutex
}

func (k *ownKeeper) add(token string) {
	k.tokens[token] = time.Now() // want "write of map k.tokens.*MR1002"
}

func (k *ownKeeper) run() {
	for {
		time.Sleep(time.Second)
		k.mu.Lock()
		for t := range k.tokens { // want "iteration of map k.tokens.*MR1005"
			delete(k.tokens, t) // want "write of map k.tokens.*MR1002"
		}
		k.mu.Unlock()
	}
}

// OwnTokens gives the keeper another mutex than the one it holds around add.
type OwnTokens struct {
	mu     sync.Mutex
	other  sync.Mutex
	users  map[string]string
	keeper *ownKeeper
}

// Enable starts the keeper with a different mutex.
func (t *OwnTokens) Enable() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.keeper = &ownKeeper{tokens: map[string]time.Time{}, mu: &t.other}
	go t.keeper.run()
}

// Assign holds t.mu, which is not the keeper's.
func (t *OwnTokens) Assign(user, token string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.users[token] = user
	if t.keeper != nil {
		t.keeper.add(token)
	}
}
