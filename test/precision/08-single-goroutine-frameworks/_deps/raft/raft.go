// Package raft is a stand-in for github.com/hashicorp/raft written for these fixtures: the declarations of
// the API they use, so that they compile without the network. The fixtures are analysed, never run.
//
// The contract it stands for: the library calls FSM.Apply, FSM.Snapshot and FSM.Restore from one goroutine,
// one call at a time; FSMSnapshot.Persist runs on another goroutine, concurrently with Apply.
package raft

import (
	"errors"
	"io"
	"time"
)

// Log is a replicated log entry.
type Log struct {
	Index uint64
	Term  uint64
	Data  []byte
}

// FSM is the replicated state machine.
type FSM interface {
	Apply(*Log) interface{}
	Snapshot() (FSMSnapshot, error)
	Restore(snapshot io.ReadCloser) error
}

// FSMSnapshot is a point-in-time snapshot of an FSM.
type FSMSnapshot interface {
	Persist(sink SnapshotSink) error
	Release()
}

// SnapshotSink receives a snapshot.
type SnapshotSink interface {
	io.WriteCloser
	ID() string
	Cancel() error
}

// Config configures a node.
type Config struct {
	LocalID          string
	HeartbeatTimeout time.Duration
}

// LogStore stores log entries.
type LogStore interface {
	StoreLogs(logs []*Log) error
}

// StableStore stores key configurations.
type StableStore interface {
	Set(key []byte, val []byte) error
}

// SnapshotStore stores snapshots.
type SnapshotStore interface {
	Create(index, term uint64) (SnapshotSink, error)
}

// Transport connects the peers.
type Transport interface {
	LocalAddr() string
}

// Raft is a node.
type Raft struct {
	fsm FSM
}

// NewRaft starts a node that applies committed entries to fsm.
func NewRaft(conf *Config, fsm FSM, logs LogStore, stable StableStore, snaps SnapshotStore, trans Transport) (*Raft, error) {
	if conf == nil || logs == nil || stable == nil || snaps == nil || trans == nil {
		return nil, errors.New("raft: missing configuration")
	}
	return &Raft{fsm: fsm}, nil
}
