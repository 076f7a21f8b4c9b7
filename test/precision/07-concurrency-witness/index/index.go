// Package index is a search index without a lock.
package index

// Index maps terms to documents. It holds no lock. Racy: the app calls it from two goroutines.
type Index struct {
	terms map[string][]string
}

// New returns an empty index.
func New() *Index {
	return &Index{terms: make(map[string][]string)}
}

// Add indexes a document under a term.
func (x *Index) Add(term, doc string) {
	x.terms[term] = append(x.terms[term], doc) // want "write of map x.terms races with read at index/index.go:\\d+.*MR1002"
}

// Lookup returns the documents of a term.
func (x *Index) Lookup(term string) []string {
	return x.terms[term]
}
