package happensbefore

import "time"

// report sends what one poll found.
func report(found map[string]int, out chan<- int) {
	out <- found["errors"]
}

// pollOnce fills a map of its own, then hands it to a goroutine that only reads it. Silent: PollForever runs
// it on one goroutine, each call makes a new map, and every write comes before the go statement.
func pollOnce(out chan<- int) {
	found := map[string]int{}
	found["errors"] = 1
	go report(found, out)
}

// PollForever polls on a ticker goroutine.
func PollForever(out chan<- int, stop <-chan struct{}) {
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-t.C:
				pollOnce(out)
			case <-stop:
				return
			}
		}
	}()
}

// Poller keeps one map across polls. Racy: the next poll writes it while the goroutine of the last one still
// reads it.
type Poller struct {
	last map[string]int
}

func (p *Poller) pollInto(out chan<- int) {
	p.last["errors"]++ // want "write of map p.last races with read .*MR1002"
	go func() { out <- p.last["errors"] }()
}

// Run polls on a ticker goroutine.
func (p *Poller) Run(out chan<- int, stop <-chan struct{}) {
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.pollInto(out)
			case <-stop:
				return
			}
		}
	}()
}
