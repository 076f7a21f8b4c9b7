// Package calls exercises callee resolution: a function, a method (on a value, through a pointer, promoted
// through embedding), another package's function and method, an interface method, func values (a parameter,
// a field, a local), a literal called in place, a builtin and a conversion; a dot-imported name is unknown.
package calls

import (
	. "os"
	"strings"

	"example.com/irgolden/store"
)

type base struct{ hits map[string]int }

func (b *base) hit(k string) { b.hits[k]++ }

type derived struct {
	base
	onHit func(string)
}

type named string

func helper(s string) string { return strings.ToUpper(s) }

func use(d *derived, g store.Getter, f func(string) int) int {
	s := store.New()
	s.Put("a", 1)
	d.hit(helper("k"))
	d.onHit("x")
	n := g.Get("k") + f("y")
	local := func(x int) int { return x * 2 }
	n = local(n)
	upper := helper
	_ = upper("q")
	func() { n++ }()
	parts := append([]string{}, string(named("z")))
	return n + len(parts) + len(Args)
}
