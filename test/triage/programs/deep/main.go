// Command deep crashes with "fatal error: concurrent map writes" 200 calls deep, so the runtime elides the middle
// of the stack ("...additional frames elided...") and the map access is near the top.
package main

var index = map[int]int{}

func walk(depth, i int) {
	if depth == 0 {
		index[i%32] = i
		return
	}
	walk(depth-1, i)
}

func main() {
	go func() {
		for i := 0; ; i++ {
			walk(200, i)
		}
	}()
	for i := 0; ; i++ {
		walk(200, i+1)
	}
}
