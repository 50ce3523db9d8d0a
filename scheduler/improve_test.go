package scheduler

import "testing"

// TestSwapChainLowersMaximum: plan 46 of the CBC comparison (15 officers, every place fillable).
// The officer with half a share held 14 places (burden 28) because each officer who could take
// one of them could do so only by giving up a place of their own that a third officer could take,
// which the chains of single hand-overs did not follow; CBC finds 26.04, the floor the roster's
// own certificate proves.
func TestSwapChainLowersMaximum(t *testing.T) {
	res := solveCBCPlan(t, 15, 1046, 46)
	if heaviest := heaviestBurden(res); heaviest > 26_100 {
		t.Errorf("heaviest burden %s; CBC finds a roster as full with 26.04 (the floor: %v)", heaviest, res.BurdenFloor)
	}
}

// TestLongBalanceAfterSettling: plan 158 of the 200-plan CBC comparison (17 officers, 284 of
// 300 places filled; the bound says 286, CBC proves 284 the optimum). No start reaches the
// bound, so the part searches on, and the plain balance after it left a half-share officer at
// a burden of 22.5 where CBC finds a roster as full whose heaviest is 21.25. Balance given ten
// times as long after those searches reaches 21.
func TestLongBalanceAfterSettling(t *testing.T) {
	longSolve(t)
	res := solveCBCPlan(t, 17, 1158, 158)
	heaviest := heaviestBurden(res)
	if filled := len(res.Assignments); filled != 284 || heaviest > 21250 {
		t.Errorf("filled %d, heaviest burden %s; want 284 places (CBC's optimum) and a heaviest burden of at most 21.25 (CBC's)", filled, heaviest)
	}
}

// TestCapRefillLightensHeaviest: plan 11 of the 16 default CBC plans (20 officers, 384 of 432
// places, the most any roster fills). The fairness moves left a half-share officer at 44 where
// their places could only be covered again by rearranging many others' schedules; lowering
// their cap and letting the coverage search refill the roster reaches 40 at equal coverage
// (the certificate's floor is 35.9).
func TestCapRefillLightensHeaviest(t *testing.T) {
	res := solveCBCPlan(t, 20, 1011, 11)
	if filled, heaviest := len(res.Assignments), heaviestBurden(res); filled != 384 || heaviest > 40_000 {
		t.Errorf("filled %d, heaviest burden %s; want 384 places and a heaviest burden of at most 40", filled, heaviest)
	}
}
