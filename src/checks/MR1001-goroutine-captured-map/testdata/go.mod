module example.com/mr1001

go 1.26.0

require (
	golang.org/x/sync v0.24.0
	k8s.io/apimachinery v0.37.2
)
