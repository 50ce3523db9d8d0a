package scheduler

import "testing"

// TestWindowFillsJointPatterns: plan 27 of the CBC comparison (20 officers, seven courts that
// sit every weekday, a two-day limit and a rest that keeps an officer to one session a day).
// An officer holds at most four days a week, and one who holds Wednesday at most three, so a
// full week needs four officers on a Wednesday pattern; rearrangements of one officer at a time
// stopped one place short every week (264) where CBC proves 268 and the bound says 268. Exact
// rearrangements of two or three officers over a few days reach it.
func TestWindowFillsJointPatterns(t *testing.T) {
	res := solveCBCPlan(t, 20, 1027, 27)
	if filled := len(res.Assignments); filled != 268 || res.Bound != 268 {
		t.Errorf("filled %d of %d places with bound %d; want 268 and 268 (CBC's proven optimum)", filled, res.Capacity.Places, res.Bound)
	}
}

// TestBalanceWindowLightensHalfShare: plan 53 of the CBC comparison (18 officers, six posts,
// 292 of 300 places fillable). A lawyer of half a share was left with sixteen court sessions
// (burden 32) where CBC finds a roster as full whose heaviest burden is 24: everyone who could
// take one of the sessions works both days around it, so no hand-over of one place helps, and
// only several officers changing their days at once does.
func TestBalanceWindowLightensHalfShare(t *testing.T) {
	res := solveCBCPlan(t, 18, 1053, 53)
	heaviest := heaviestBurden(res)
	if filled := len(res.Assignments); filled != 292 || heaviest > 24000 {
		t.Errorf("filled %d, heaviest burden %s; want 292 places (CBC's optimum) and a heaviest burden of at most 24", filled, heaviest)
	}
}
