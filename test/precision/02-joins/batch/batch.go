// Package batch joins its goroutines in every way Go offers: Wait reached through a helper, errgroup's
// Wait through a method, a receive from a done channel, a range over a channel that is closed, a select on
// a result channel. Reads after the join are ordered after the goroutines' writes.
package batch

import (
	"context"
	"strings"
	"sync"

	"example.com/precision/joins/pool"
	"golang.org/x/sync/errgroup"
)

// CountAfterHelperWait waits through a helper of another package before it reads. Silent.
func CountAfterHelperWait(lines []string) int {
	words := make(map[string]int)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, l := range lines {
			words[l]++
		}
	}()
	pool.Wait(&wg)
	return len(words) + words["go"]
}

// CountBeforeHelperWait reads before the helper waits. Racy.
func CountBeforeHelperWait(lines []string) int {
	words := make(map[string]int)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, l := range lines {
			words[l]++ // want "write of map words races with read at .*MR1001"
		}
	}()
	n := words["go"]
	pool.Wait(&wg)
	return n
}

// IndexWithPool starts the indexing through a Pool of another package and joins it with WaitAll. Silent.
func IndexWithPool(docs []string) map[string]bool {
	index := make(map[string]bool)
	var p pool.Pool
	p.Run(func() {
		for _, d := range docs {
			index[strings.ToLower(d)] = true
		}
	})
	p.WaitAll()
	index["readme"] = true
	return index
}

// IndexWithoutJoin adds an entry while the pool's function may still run. Racy.
func IndexWithoutJoin(docs []string) map[string]bool {
	index := make(map[string]bool)
	var p pool.Pool
	p.Run(func() {
		for _, d := range docs {
			index[strings.ToLower(d)] = true // want "write of map index races with write at .*MR1001"
		}
	})
	index["readme"] = true // want "write of map index races with write at .*MR1001"
	p.WaitAll()
	return index
}

// fetcher joins its errgroup through a method.
type fetcher struct {
	g errgroup.Group
}

func (f *fetcher) wait() error { return f.g.Wait() }

// SizesAfterGroupWait reads after errgroup's Wait, reached through a method. Silent.
func SizesAfterGroupWait(urls []string) (map[string]int, error) {
	sizes := make(map[string]int)
	var mu sync.Mutex
	var f fetcher
	for _, u := range urls {
		f.g.Go(func() error {
			mu.Lock()
			defer mu.Unlock()
			sizes[u] = len(u)
			return nil
		})
	}
	if err := f.wait(); err != nil {
		return nil, err
	}
	sizes["total"] = len(urls)
	return sizes, nil
}

// SizesBeforeGroupWait writes the total before joining. Racy: the workers hold mu, the spawner does not (so
// the spawner's write is the one to report).
func SizesBeforeGroupWait(urls []string) (map[string]int, error) {
	sizes := make(map[string]int)
	var mu sync.Mutex
	var f fetcher
	for _, u := range urls {
		f.g.Go(func() error {
			mu.Lock()
			defer mu.Unlock()
			sizes[u] = len(u)
			return nil
		})
	}
	sizes["total"] = len(urls) // want "write of map sizes races with write at .*MR1001"
	return sizes, f.wait()
}

// LoadThenSignal receives from done before it reads. Silent.
func LoadThenSignal(keys []string) map[string]string {
	cfg := make(map[string]string)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, k := range keys {
			cfg[k] = strings.ToUpper(k)
		}
	}()
	<-done
	cfg["source"] = "keys"
	return cfg
}

// LoadWithoutSignal writes before it receives from done. Racy.
func LoadWithoutSignal(keys []string) map[string]string {
	cfg := make(map[string]string)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, k := range keys {
			cfg[k] = strings.ToUpper(k) // want "write of map cfg races with write at .*MR1001"
		}
	}()
	cfg["source"] = "keys" // want "write of map cfg races with write at .*MR1001"
	<-done
	return cfg
}

// DrainThenRead ranges over a channel the producer closes when it is done, then reads. Silent: the loop
// ends only after close, which follows every write.
func DrainThenRead(items []string) (int, map[string]int) {
	seen := make(map[string]int)
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, it := range items {
			seen[it]++
			ch <- it
		}
	}()
	n := 0
	for range ch {
		n++
	}
	return n + seen[""], seen
}

// ReadWhileDraining reads inside the loop, while the producer still writes. Racy.
func ReadWhileDraining(items []string) int {
	seen := make(map[string]int)
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, it := range items {
			seen[it]++ // want "write of map seen races with read at .*MR1001"
			ch <- it
		}
	}()
	n := 0
	for it := range ch {
		n += seen[it]
	}
	return n
}

// Directory builds its index once, through sync.Once, before any reader reads it. Silent: Once.Do returns
// only after the first call's function returned, in every goroutine.
type Directory struct {
	once  sync.Once
	users []string
	index map[string]int
}

func (d *Directory) build() {
	d.index = make(map[string]int, len(d.users))
	for i, u := range d.users {
		d.index[u] = i
	}
}

// Lookup is called by many goroutines.
func (d *Directory) Lookup(user string) int {
	d.once.Do(d.build)
	return d.index[user]
}

// Serve looks users up on many goroutines.
func (d *Directory) Serve(requests <-chan string, out chan<- int) {
	for range 4 {
		go func() {
			for r := range requests {
				out <- d.Lookup(r)
			}
		}()
	}
}

// FlagDirectory guards its build with a plain bool instead of sync.Once. Racy: two goroutines may both see
// built == false and write the index while another reads it.
type FlagDirectory struct {
	built bool
	users []string
	index map[string]int
}

func (d *FlagDirectory) build() {
	d.index = make(map[string]int, len(d.users))
	for i, u := range d.users {
		d.index[u] = i // want "write of map d.index races with .*MR1002"
	}
	d.built = true
}

// Lookup is called by many goroutines.
func (d *FlagDirectory) Lookup(user string) int {
	if !d.built {
		d.build()
	}
	return d.index[user]
}

// Serve looks users up on many goroutines.
func (d *FlagDirectory) Serve(requests <-chan string, out chan<- int) {
	for range 4 {
		go func() {
			for r := range requests {
				out <- d.Lookup(r)
			}
		}()
	}
}

// ProbeWithSelect reads the map only in the branch that received the result. Silent.
func ProbeWithSelect(ctx context.Context, hosts []string) map[string]bool {
	up := make(map[string]bool)
	result := make(chan struct{})
	go func() {
		for _, h := range hosts {
			up[h] = h != ""
		}
		close(result)
	}()
	select {
	case <-result:
		up["localhost"] = true
		return up
	case <-ctx.Done():
		return nil
	}
}

// ProbeWithTimeout also touches the map when the context ends first, while the prober still writes. Racy.
func ProbeWithTimeout(ctx context.Context, hosts []string) map[string]bool {
	up := make(map[string]bool)
	result := make(chan struct{})
	go func() {
		for _, h := range hosts {
			up[h] = h != "" // want "write of map up races with write at .*MR1001"
		}
		close(result)
	}()
	select {
	case <-result:
	case <-ctx.Done():
		up["timeout"] = false // want "write of map up races with write at .*MR1001"
	}
	return up
}
