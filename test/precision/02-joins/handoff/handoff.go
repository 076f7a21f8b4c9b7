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
