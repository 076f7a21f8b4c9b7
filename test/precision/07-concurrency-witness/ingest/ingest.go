// Package ingest feeds an index from a goroutine of its own.
package ingest

import (
	"strings"

	"example.com/precision/witness/index"
)

// Start indexes documents on a new goroutine.
func Start(x *index.Index, docs <-chan string) {
	go func() {
		for d := range docs {
			for _, term := range strings.Fields(d) {
				x.Add(term, d)
			}
		}
	}()
}
