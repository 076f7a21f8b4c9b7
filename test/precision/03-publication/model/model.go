// Package model holds the route objects that the app builds and the routing table publishes.
package model

// Route is built by one goroutine and read by every request once it is published.
type Route struct {
	Backend string
	Headers map[string]string
}
