package racetest

import "testing"

func TestTally(t *testing.T) {
	for i := 0; i < 3; i++ {
		if n := len(Tally([]string{"a", "b", "a", "c"})); n == 0 {
			t.Fatal("no words")
		}
	}
}

func TestSeen(t *testing.T) {
	counts := map[string]int{}
	done := make(chan bool)
	go func() {
		counts["x"] = 1
		done <- true
	}()
	_ = Seen(counts, "x")
	<-done
}
