// Package fsm holds raft state machines: raft calls Apply, Snapshot and Restore on one goroutine, and a
// snapshot's Persist on another, concurrently with Apply.
package fsm

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"sync"

	"github.com/hashicorp/raft"
)

type command struct {
	Key   string
	Value string
}

// KV is a state machine whose snapshot is a copy. Silent: Apply and Restore write data on raft's FSM
// goroutine, Snapshot copies it there, and Persist reads only the copy.
type KV struct {
	data map[string]string
}

// Apply applies a committed command.
func (f *KV) Apply(l *raft.Log) interface{} {
	var c command
	if err := json.Unmarshal(l.Data, &c); err != nil {
		return err
	}
	f.data[c.Key] = c.Value
	return nil
}

// Snapshot copies the state.
func (f *KV) Snapshot() (raft.FSMSnapshot, error) {
	return &kvSnapshot{data: maps.Clone(f.data)}, nil
}

// Restore replaces the state.
func (f *KV) Restore(rc io.ReadCloser) error {
	defer rc.Close()
	data := make(map[string]string)
	if err := json.NewDecoder(rc).Decode(&data); err != nil {
		return err
	}
	for k := range f.data {
		delete(f.data, k)
	}
	for k, v := range data {
		f.data[k] = v
	}
	return nil
}

type kvSnapshot struct {
	data map[string]string
}

func (s *kvSnapshot) Persist(sink raft.SnapshotSink) error {
	if err := json.NewEncoder(sink).Encode(s.data); err != nil {
		_ = sink.Cancel()
		return err
	}
	return sink.Close()
}

func (s *kvSnapshot) Release() {}

// Counts is a state machine whose snapshot shares the live map. Racy: Persist encodes it while Apply writes.
type Counts struct {
	data map[string]int
}

// Apply applies a committed increment.
func (f *Counts) Apply(l *raft.Log) interface{} {
	f.data[string(l.Data)]++ // want "write of map f.data races with iteration at .*MR1002"
	return nil
}

// Snapshot hands out the live map.
func (f *Counts) Snapshot() (raft.FSMSnapshot, error) {
	return &countsSnapshot{data: f.data}, nil
}

// Restore replaces the state.
func (f *Counts) Restore(rc io.ReadCloser) error {
	defer rc.Close()
	data := make(map[string]int)
	if err := json.NewDecoder(rc).Decode(&data); err != nil {
		return err
	}
	f.data = data
	return nil
}

type countsSnapshot struct {
	data map[string]int
}

func (s *countsSnapshot) Persist(sink raft.SnapshotSink) error {
	if err := json.NewEncoder(sink).Encode(s.data); err != nil { // want "iteration of map s.data races with write at .*MR1005"
		_ = sink.Cancel()
		return err
	}
	return sink.Close()
}

func (s *countsSnapshot) Release() {}

// Store is a state machine that HTTP requests also read, under a lock that Apply does not take. Racy.
type Store struct {
	mu   sync.Mutex
	data map[string]string
}

// Apply applies a committed command without the lock.
func (f *Store) Apply(l *raft.Log) interface{} {
	var c command
	if err := json.Unmarshal(l.Data, &c); err != nil {
		return err
	}
	f.data[c.Key] = c.Value // want "write of map f.data races with .*MR1002"
	return nil
}

// Snapshot copies the state.
func (f *Store) Snapshot() (raft.FSMSnapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return &kvSnapshot{data: maps.Clone(f.data)}, nil
}

// Restore is not supported.
func (f *Store) Restore(rc io.ReadCloser) error {
	return rc.Close()
}

// ServeHTTP reads a key on a request goroutine.
func (f *Store) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	f.mu.Lock()
	v := f.data[req.URL.Path]
	f.mu.Unlock()
	_, _ = w.Write([]byte(v))
}

// Start starts the nodes over the three state machines and serves the Store.
func Start(conf *raft.Config, logs raft.LogStore, stable raft.StableStore, snaps raft.SnapshotStore, trans raft.Transport) (*http.ServeMux, error) {
	kv := &KV{data: make(map[string]string)}
	counts := &Counts{data: make(map[string]int)}
	store := &Store{data: make(map[string]string)}
	for _, f := range []raft.FSM{kv, counts, store} {
		if _, err := raft.NewRaft(conf, f, logs, stable, snaps, trans); err != nil {
			return nil, err
		}
	}
	mux := http.NewServeMux()
	mux.Handle("/kv/", store)
	return mux, nil
}
