package scheduler

import (
	"testing"

	"dutyroster/roster"
)

// TestSwapChainLowersMaximum: plan 46 of the CBC comparison (15 officers, every place fillable).
// The officer with half a share held 14 places (burden 28) because each officer who could take
// one of them could do so only by giving up a place of their own that a third officer could take,
// which the chains of single hand-overs did not follow; CBC finds 26.04, the floor the roster's
// own certificate proves.
func TestSwapChainLowersMaximum(t *testing.T) {
	res := solveCBCPlan(t, 15, 1046, 46)
	var heaviest int64
	for _, st := range roster.ComputeStats(res.Assignments, res.Participants) {
		heaviest = max(heaviest, int64(st.Burden))
	}
	if heaviest > 26_100 {
		t.Errorf("heaviest burden %s; CBC finds a roster as full with 26.04 (the floor: %v)", roster.Milli(heaviest), res.BurdenFloor)
	}
}
