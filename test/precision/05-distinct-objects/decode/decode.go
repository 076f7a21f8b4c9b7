// Package decode fills struct values that each call declares for itself: a local `var r Record`, a struct value
// returned by a function that declared it, a pointer into one. Their maps are that call's own.
package decode

import "sync"

// Record holds decoded tags; each goroutine decodes into Records it declares. Silent.
type Record struct {
	Tags map[string]string
	Sys  map[string]string
}

// Decode fills r's tags, making the map on first use.
func (r *Record) Decode(b []byte) {
	if r.Tags == nil {
		r.Tags = make(map[string]string)
	}
	r.Tags["raw"] = string(b)
}

// Get reads one tag.
func (r *Record) Get(k string) string { return r.Tags[k] }

func size(dst map[string]string, b []byte) { dst["size"] = string(rune(len(b))) }

// Entry embeds its Record by value.
type Entry struct {
	Rec  Record
	Name string
}

func toEntry(b []byte) Entry {
	var e Entry
	e.Rec.Decode(b)
	e.Rec.Sys = make(map[string]string)
	size(e.Rec.Sys, b)
	return e
}

// DecodeAll decodes every record on its own goroutine.
func DecodeAll(records [][]byte) []string {
	out := make([]string, len(records))
	var wg sync.WaitGroup
	for i, b := range records {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var r Record
			r.Decode(b)
			e := toEntry(b)
			var local Entry
			p := &local.Rec
			p.Decode(b)
			out[i] = r.Get("raw") + e.Rec.Get("raw") + p.Get("raw")
		}()
	}
	wg.Wait()
	return out
}

// Archive keeps one FileInfo that every goroutine decodes into, directly or through a copy that shares its maps.
// Racy: the goroutines write its maps at once.
type Archive struct {
	info FileInfo
}

// Meta holds decoded tags.
type Meta struct {
	Tags map[string]string
	Sys  map[string]string
}

// Decode fills m's tags, making the map on first use.
func (m *Meta) Decode(b []byte) {
	if m.Tags == nil {
		m.Tags = make(map[string]string)
	}
	m.Tags["raw"] = string(b) // want "write of map m.Tags races with write .*MR1002"
}

func fill(dst map[string]string, b []byte) {
	dst["size"] = string(rune(len(b))) // want "write of map fi.Meta.Sys races with write .*MR1002"
}

// FileInfo embeds its Meta by value.
type FileInfo struct {
	Meta Meta
	Name string
}

func (a *Archive) snapshot() FileInfo { return a.info }

// DecodeAll decodes into the archive's own FileInfo, and into copies of it.
func (a *Archive) DecodeAll(records [][]byte) {
	var wg sync.WaitGroup
	for _, b := range records {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := &a.info.Meta
			p.Decode(b)
			fi := a.snapshot()
			fill(fi.Meta.Sys, b)
		}()
	}
	wg.Wait()
}
