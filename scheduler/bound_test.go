package scheduler

import (
	"context"
	"testing"

	"dutyroster/roster"
	"dutyroster/roster/holiday"
)

// TestBoundProvesComplete: on plans that cannot be filled, the bound computed after the search
// comes down to the places the roster fills, so generate can say that no roster fills more.
// (Plans 7 and 13 of the CBC comparison; before the bound's last computation was given more
// steps it stopped 2 places and 1 place above.)
func TestBoundProvesComplete(t *testing.T) {
	for _, i := range []int{7, 13} {
		plan := cbcPlan(15+(i*7919)%16, uint64(1000+i))
		p := &Problem{Plan: plan, Month: roster.Month{Year: 2026, Month: 3}, Calendar: holiday.New(plan.Holidays), Seed: uint64(i)}
		res, err := Solve(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		filled := len(res.Assignments)
		if filled == res.Capacity.Places {
			t.Fatalf("plan %d: every place filled; the test needs a plan that cannot be", i)
		}
		if res.Bound != filled {
			t.Errorf("plan %d: filled %d of %d places, bound %d: not proven complete", i, filled, res.Capacity.Places, res.Bound)
		}
	}
}
