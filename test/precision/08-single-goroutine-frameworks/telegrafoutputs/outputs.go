// Package telegrafoutputs holds Telegraf outputs: the agent calls one output's Connect, then Write from its flush
// loop, each call after the last one returned, then Close once the loop has ended.
package telegrafoutputs

import (
	"sync"
	"time"

	"github.com/influxdata/telegraf"
)

// Publisher remembers the topics it has written to and marks them lost when it closes. Silent: Write counts the
// topics under the lock, Close ranges over them without it, and Telegraf never runs the two at once for one
// publisher.
type Publisher struct {
	sync.Mutex
	seen map[string]bool
}

// Connect makes the topic set.
func (p *Publisher) Connect() error {
	p.seen = make(map[string]bool)
	return nil
}

// Write publishes every metric to its topic.
func (p *Publisher) Write(metrics []telegraf.Metric) error {
	p.Lock()
	defer p.Unlock()
	for _, m := range metrics {
		p.seen[m.Name()] = true
	}
	return nil
}

// Close marks every topic lost.
func (p *Publisher) Close() error {
	for topic := range p.seen {
		_ = topic
	}
	return nil
}

// Streamer also expires topics on a goroutine that Connect starts. Racy: the expiry loop deletes topics while
// Close ranges over them: the agent orders Write and Close, not the output's own goroutines.
type Streamer struct {
	sync.Mutex
	seen map[string]time.Time
}

// Connect makes the topic set and starts the expiry loop.
func (s *Streamer) Connect() error {
	s.seen = make(map[string]time.Time)
	go func() {
		for now := range time.Tick(time.Minute) {
			s.Lock()
			for topic, at := range s.seen {
				if now.Sub(at) > time.Hour {
					delete(s.seen, topic)
				}
			}
			s.Unlock()
		}
	}()
	return nil
}

// Write stamps every metric's topic.
func (s *Streamer) Write(metrics []telegraf.Metric) error {
	s.Lock()
	defer s.Unlock()
	for _, m := range metrics {
		s.seen[m.Name()] = time.Now()
	}
	return nil
}

// Close lists the topics still open.
func (s *Streamer) Close() error {
	for topic := range s.seen { // want "iteration of map s.seen races with (write|delete) at .*MR1005"
		_ = topic
	}
	return nil
}
