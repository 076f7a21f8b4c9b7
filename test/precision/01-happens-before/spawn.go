// Package happensbefore: everything a goroutine's spawner did before the go statement (or errgroup.Go,
// time.AfterFunc) happens before the goroutine; only what the spawner does after it can race.
package happensbefore

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"
)

// FillThenSpawn fills a map and then hands it to a worker that only reads it. Silent: every write happens
// before the go statement.
func FillThenSpawn(names []string) <-chan int {
	sizes := make(map[string]int, len(names))
	for _, n := range names {
		sizes[n] = len(n)
	}
	out := make(chan int, 1)
	go func() {
		total := 0
		for _, n := range names {
			total += sizes[n]
		}
		out <- total
	}()
	return out
}

// SpawnThenFill starts the reader first and fills the map afterwards. Racy: the write after the go statement
// runs while the worker reads.
func SpawnThenFill(names []string) <-chan int {
	sizes := make(map[string]int, len(names))
	out := make(chan int, 1)
	go func() {
		total := 0
		for _, n := range names {
			total += sizes[n]
		}
		out <- total
	}()
	for _, n := range names {
		sizes[n] = len(n) // want "write of map sizes races with read at .*MR1001"
	}
	return out
}

func send(ctx context.Context, params map[string]string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	_ = fmt.Sprint(params["name"], params["zone"])
	return nil
}

// PerIterationParams builds one map per loop iteration before g.Go and only reads it inside. Silent: each
// goroutine gets a map nobody touches after it starts.
func PerIterationParams(ctx context.Context, jobs []string, zone string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, job := range jobs {
		params := map[string]string{"zone": zone}
		params["name"] = job
		g.Go(func() error { return send(ctx, params) })
	}
	return g.Wait()
}

// SharedParams reuses one map across iterations: the next iteration's write runs while the previous
// goroutine reads. Racy.
func SharedParams(ctx context.Context, jobs []string, zone string) error {
	g, ctx := errgroup.WithContext(ctx)
	params := map[string]string{"zone": zone}
	for _, job := range jobs {
		params["name"] = job // want "write of map params races with .*MR1001"
		g.Go(func() error { return send(ctx, params) })
	}
	return g.Wait()
}

// Expirer fills its deadlines and then schedules the sweep that reads them. Silent: the timer's callback
// starts after every write.
type Expirer struct {
	deadlines map[string]time.Time
	expired   chan string
}

// NewExpirer fills the deadlines before time.AfterFunc starts the sweep.
func NewExpirer(keys []string, ttl time.Duration) *Expirer {
	e := &Expirer{deadlines: make(map[string]time.Time), expired: make(chan string, len(keys))}
	now := time.Now()
	for _, k := range keys {
		e.deadlines[k] = now.Add(ttl)
	}
	time.AfterFunc(ttl, e.sweep)
	return e
}

func (e *Expirer) sweep() {
	for k, d := range e.deadlines {
		if time.Now().After(d) {
			e.expired <- k
		}
	}
}

// LateExpirer schedules the sweep first and adds a deadline afterwards. Racy: Extend writes while the
// sweep may be iterating.
type LateExpirer struct {
	deadlines map[string]time.Time
	expired   chan string
}

// NewLateExpirer schedules the sweep; deadlines come later through Extend.
func NewLateExpirer(ttl time.Duration) *LateExpirer {
	e := &LateExpirer{deadlines: make(map[string]time.Time), expired: make(chan string, 16)}
	time.AfterFunc(ttl, e.sweep)
	return e
}

// Extend is called by the owner after the sweep is scheduled.
func (e *LateExpirer) Extend(k string, d time.Time) {
	e.deadlines[k] = d // want "write of map e.deadlines races with iteration at .*MR1002"
}

func (e *LateExpirer) sweep() {
	for k, d := range e.deadlines { // want "iteration of map e.deadlines races with write at .*MR1005"
		if time.Now().After(d) {
			e.expired <- k
		}
	}
}

// Tracker fills its known set before it starts the goroutine that reads it. Silent.
type Tracker struct {
	known map[string]bool
	hits  chan string
	found chan bool
}

// Start fills the set, then starts the lookup loop.
func (t *Tracker) Start(names []string) {
	t.known = make(map[string]bool, len(names))
	for _, n := range names {
		t.known[n] = true
	}
	go t.loop()
}

func (t *Tracker) loop() {
	for h := range t.hits {
		t.found <- t.known[h]
	}
}

// EagerTracker starts the lookup loop and then fills the set. Racy: the loop reads while Start writes.
type EagerTracker struct {
	known map[string]bool
	hits  chan string
	found chan bool
}

// Start starts the loop first.
func (t *EagerTracker) Start(names []string) {
	t.known = make(map[string]bool, len(names))
	go t.loop()
	for _, n := range names {
		t.known[n] = true // want "write of map t.known races with read at .*MR1002"
	}
}

func (t *EagerTracker) loop() {
	for h := range t.hits {
		t.found <- t.known[h]
	}
}
