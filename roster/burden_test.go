package roster

import (
	"testing"
	"time"
)

// ComputeStats counts an officer outside the shares with share 1, without writing to the
// caller's map (the roster's own participants).
func TestComputeStatsLeavesSharesAlone(t *testing.T) {
	start := time.Date(2026, 3, 2, 7, 30, 0, 0, time.UTC)
	as := []Assignment{
		{PostID: "p", ShiftID: "s", Start: start, End: start.Add(4 * time.Hour), OfficerID: "a", Role: Duty, Weight: 1000},
		{PostID: "p", ShiftID: "s", Start: start.Add(24 * time.Hour), End: start.Add(28 * time.Hour), OfficerID: "b", Role: Duty, Weight: 1000},
	}
	shares := map[string]Milli{"a": 500}
	stats := ComputeStats(as, shares)
	if len(shares) != 1 || shares["a"] != 500 {
		t.Fatalf("ComputeStats changed its input: %v", shares)
	}
	if len(stats) != 2 || stats[0].OfficerID != "a" || stats[0].Burden != 2000 || stats[1].OfficerID != "b" || stats[1].Burden != 1000 {
		t.Fatalf("stats: %+v", stats)
	}
}
