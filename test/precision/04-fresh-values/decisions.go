package fresh

// Decision is built in a named result. Silent: every call of Decide makes its own targets map, so the goroutines
// of DecideAll each write and read their own.
type Decision struct {
	targets map[string]bool
}

// Set records a target's choice.
func (d *Decision) Set(k string, v bool) {
	d.targets[k] = v
}

// Any reports whether some target is chosen.
func (d Decision) Any() bool {
	for _, v := range d.targets {
		if v {
			return true
		}
	}
	return false
}

// Decide builds a decision in its named result.
func Decide(keys []string) (dsc Decision) {
	if len(keys) == 0 {
		return
	}
	dsc.targets = make(map[string]bool, len(keys))
	for _, k := range keys {
		dsc.Set(k, len(k) > 3)
	}
	return dsc
}

// DecideAll decides from a goroutine per batch.
func DecideAll(batches [][]string) {
	for _, b := range batches {
		go func() {
			_ = Decide(b).Any()
		}()
	}
}

// Choice is a Decision whose builder starts from a copy of the package's defaults. Racy: the copy holds the
// defaults' map, which the goroutines of ChooseAll all write.
type Choice struct {
	targets map[string]bool
}

// Set records a target's choice.
func (c *Choice) Set(k string, v bool) {
	c.targets[k] = v // want "write of map c.targets races with (write|iteration) .*MR1002"
}

// Any reports whether some target is chosen.
func (c Choice) Any() bool {
	for _, v := range c.targets { // want "iteration of map c.targets races with write at .*MR1005"
		if v {
			return true
		}
	}
	return false
}

var defaults = Choice{targets: map[string]bool{}}

// Choose starts from the defaults.
func Choose(keys []string) (c Choice) {
	c = defaults
	for _, k := range keys {
		c.Set(k, true)
	}
	return c
}

// ChooseAll chooses from a goroutine per batch.
func ChooseAll(batches [][]string) {
	for _, b := range batches {
		go func() {
			_ = Choose(b).Any()
		}()
	}
}
