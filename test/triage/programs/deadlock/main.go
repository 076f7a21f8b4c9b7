// Command deadlock stops with "fatal error: all goroutines are asleep - deadlock!": a fatal error that is not a
// map crash.
package main

func main() {
	ch := make(chan int)
	go func() { <-ch }()
	<-make(chan int)
}
