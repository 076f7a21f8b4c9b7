// Package control exercises structured control flow: if/else chains that return, switches with break and
// fallthrough, a type switch that binds, labeled loops with continue and break, goto.
package control

import "fmt"

func classify(v any, xs []int) string {
	switch t := v.(type) {
	case int:
		if t > 0 {
			return "positive"
		} else if t < 0 {
			return "negative"
		} else {
			return "zero"
		}
	case string, error:
		fmt.Println(t)
	}
outer:
	for i, x := range xs {
		for j := 0; j < x; j++ {
			if j == i {
				continue outer
			}
			if j > 10 {
				break outer
			}
		}
	}
	n := len(xs)
	if n > 0 && xs[0] < 0 {
		n = xs[n-1]
	}
	switch {
	case n == 0:
		break
	case n == 1:
		fallthrough
	default:
		n--
	}
	if n < 0 {
		goto done
	}
	return "other"
done:
	return "none"
}
