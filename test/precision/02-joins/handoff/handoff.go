// Package handoff orders by channel sends: a goroutine that acts only on what it receives runs after the send,
// so after everything its spawner did before the first send on that channel.
package handoff

import "strings"

// Prune starts a deleter that waits for names, scans the map, then sends the names to drop. Silent: the scan is
// over before the first send, and the deleter deletes only what it received.
func Prune(metas map[string]int) {
	drops := make(chan string)
	done := make(chan struct{})
	go func() {
		for name := range drops {
			delete(metas, name)
		}
		close(done)
	}()
	var stale []string
	for name := range metas {
		if strings.HasPrefix(name, "tmp-") {
			stale = append(stale, name)
		}
	}
	for _, name := range stale {
		drops <- name
	}
	close(drops)
	<-done
}

// PruneWhileScanning sends from inside the scan. Racy: the deleter deletes while the range is still going.
func PruneWhileScanning(metas map[string]int) {
	drops := make(chan string)
	done := make(chan struct{})
	go func() {
		for name := range drops {
			delete(metas, name) // want "write of map metas races with iteration at .*MR1001"
		}
		close(done)
	}()
	for name := range metas { // want "iteration of map metas races with write at .*MR1005"
		if strings.HasPrefix(name, "tmp-") {
			drops <- name
		}
	}
	close(drops)
	<-done
}

// Order is handed to one worker over a channel, by value.
type Order struct {
	notes map[string]string
}

// ShipOrders receives orders with `o, ok := <-orders`. Silent: each order goes to one worker, whose notes are
// the order's own, as with `for o := range orders`.
func ShipOrders(orders <-chan Order, workers int) {
	for i := 0; i < workers; i++ {
		go func() {
			for {
				o, ok := <-orders
				if !ok {
					return
				}
				o.notes["shipped"] = "yes"
			}
		}()
	}
}

// Retry is a task that a feeder sends again on every round.
type Retry struct {
	attempts map[string]int
}

// RetryForever sends the same retries on every round to every worker. Racy: two workers can hold one retry at
// once, and write its attempts.
func RetryForever(pending []*Retry, rounds, workers int) {
	ch := make(chan *Retry)
	for i := 0; i < workers; i++ {
		go func() {
			for r := range ch {
				r.attempts["n"]++ // want "write of map r.attempts races with write in another goroutine.*MR1002"
			}
		}()
	}
	for n := 0; n < rounds; n++ {
		for _, r := range pending {
			ch <- r
		}
	}
	close(ch)
}
