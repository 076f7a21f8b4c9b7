// Command panic dies with an ordinary panic (a nil map write), to show triage tells the kinds apart.
package main

type config struct {
	labels map[string]string
}

func apply(c *config) {
	c.labels["app"] = "web"
}

func main() {
	go func() { select {} }()
	apply(&config{})
}
