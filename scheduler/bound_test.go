package scheduler

import (
	"context"
	"testing"
	"time"

	"dutyroster/roster"
	"dutyroster/roster/check"
	"dutyroster/roster/holiday"
	"dutyroster/roster/sample"
)

// TestBoundProvesComplete: on plans that cannot be filled, the bound computed after the search
// comes down to the places the roster fills, so generate can say that no roster fills more.
// (Plans 7 and 13 of the CBC comparison; before the bound's last computation was given more
// steps it stopped 2 places and 1 place above. Plan 35 of the 200-plan comparison, 30 officers:
// 567 places, and the bound stayed at 569 until finalBound ran after the searches.)
func TestBoundProvesComplete(t *testing.T) {
	longSolve(t)
	for _, c := range []struct {
		officers   int
		plan, seed uint64
	}{{15 + (7*7919)%16, 1007, 7}, {15 + (13*7919)%16, 1013, 13}, {30, 1035, 35}} {
		res := solveCBCPlan(t, c.officers, c.plan, c.seed)
		filled := len(res.Assignments)
		if filled == res.Capacity.Places {
			t.Fatalf("plan %d: every place filled; the test needs a plan that cannot be", c.plan-1000)
		}
		if res.Bound != filled {
			t.Errorf("plan %d: filled %d of %d places, bound %d: not proven complete", c.plan-1000, filled, res.Capacity.Places, res.Bound)
		}
	}
}

// TestFillsOverDemandedOptimum: on an over-demanded plan of 10 officers (362 places, at most 198
// fillable: CBC proves it), the roster fills all 198. The rearrangements of a few officers at a
// time stopped at 197; the rosters the bound's prices propose reach 198.
func TestFillsOverDemandedOptimum(t *testing.T) {
	plan := sample.Plan(sample.Options{Officers: 10, Posts: 7, Areas: 1, Seed: 5})
	p := &Problem{Plan: plan, Month: roster.Month{Year: 2026, Month: 3}, Calendar: holiday.New(plan.Holidays), Seed: 1}
	res, err := Solve(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if filled := len(res.Assignments); filled != 198 || res.Bound != 198 {
		t.Errorf("filled %d of %d places with bound %d; want 198 and 198 (CBC's proven optimum)", filled, res.Capacity.Places, res.Bound)
	}
}

// TestRebuildOverDemanded: a part of the stress preset (89 officers, 3,026 places, about 1,800
// fillable) is far over-demanded; construction and the search leave it near 1,770 places, and
// schedules rebuilt whole, officer by officer, hold more. Its bound comes within 0.5 % of what
// the roster fills: with a price per place rather than per group of interchangeable places, it
// stayed at 1,804, the sum of the most each officer could hold alone.
func TestRebuildOverDemanded(t *testing.T) {
	plan := sample.Plan(sample.Presets["stress"])
	whole := &Problem{Plan: plan, Month: roster.Month{Year: 2026, Month: 3}, Calendar: holiday.New(plan.Holidays), Seed: 1}
	parts := components(plan)
	p := subProblem(whole, parts[0])
	loc, _ := plan.Center.Location()
	res, err := solvePart(context.Background(), p, loc, 1000/int64(len(parts)))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("filled %d of %d places, bound %d", len(res.Assignments), res.Capacity.Places, res.Bound)
	if filled := len(res.Assignments); filled < 1775 {
		t.Errorf("filled %d of %d places (bound %d); want at least 1775", filled, res.Capacity.Places, res.Bound)
	}
	if filled := len(res.Assignments); res.Bound*995 > filled*1000 {
		t.Errorf("bound %d more than 0.5 %% above the %d places filled", res.Bound, filled)
	}
}

// TestRestartsWhileShortOfBound: plans of the 200-plan CBC comparison where one start of the
// search settles short of CBC's proven optimum for some seeds: plan 47 (22 officers, 362 places,
// every one fillable) at 361 for seeds 47 and 5; plan 125 (16 officers, 238 places, 234
// fillable) at 231-234 by seed. A Center's part still short of its bound gets three more starts.
func TestRestartsWhileShortOfBound(t *testing.T) {
	for _, c := range []struct {
		officers   int
		plan, seed uint64
		want       int
	}{{22, 1047, 47, 362}, {22, 1047, 5, 362}, {16, 1125, 125, 234}} {
		res := solveCBCPlan(t, c.officers, c.plan, c.seed)
		if filled := len(res.Assignments); filled != c.want {
			t.Errorf("plan %d, seed %d: filled %d of %d places (bound %d); CBC fills %d", c.plan-1000, c.seed, filled, res.Capacity.Places, res.Bound, c.want)
		}
	}
}

// TestSearchesOnWhileShort: plans of the 200-plan CBC comparison that no start fills as far as
// the bound. Plan 153 (28 officers) stopped at 415 of a bound of 416 after every start; the
// fullest start searching on fills 416. Plan 163 (52 officers) stopped at 1,016 of 1,017 even
// then; only the search that may load one officer more to fill as many places reaches 1,017.
// Both rosters are then proven complete. The places piled on a few officers to fill plan 163
// are spread again by a longer balance (48, not the 53.5 of a half-share lawyer with 21 duties
// that the plain balance leaves) and by capRefill: 40, as light as the roster one place short.
// Plan 86 (19 officers, 363 of 424 places, proven complete) had a collaborator at half a share
// on 21 places, 10 of them 24-hour backups: 43, where CBC finds a roster as full with none above
// 35. The level refill's later passes, lightest places first for those held below their load,
// brought it to 38.5, and its whole search budget per level to 35, CBC's. Plan 191 (18
// officers, 349 of 424 places) kept 24.75 where CBC finds 23.75: the level refill did not run,
// its heaviest being within 10 % of the floor (23.37); run unless within 2 %, it ends at 23.5.
// None breaks a hard rule.
func TestSearchesOnWhileShort(t *testing.T) {
	longSolve(t)
	for _, c := range []struct {
		officers   int
		plan, seed uint64
		want       int
		heaviest   roster.Milli
	}{{28, 1153, 153, 416, 0}, {52, 1163, 163, 1017, 40000}, {19, 1086, 86, 363, 35000}, {18, 1191, 191, 349, 23750}} {
		res := solveCBCPlan(t, c.officers, c.plan, c.seed)
		plan := cbcPlan(c.officers, c.plan)
		if v := check.Roster(check.Input{Plan: plan, Assignments: res.Assignments}); len(v) > 0 {
			t.Errorf("plan %d: %d hard rules broken, first: %v", c.plan-1000, len(v), v[0])
		}
		if filled := len(res.Assignments); filled != c.want || res.Bound != c.want {
			t.Errorf("plan %d: filled %d of %d places, bound %d; want %d and %d", c.plan-1000, filled, res.Capacity.Places, res.Bound, c.want, c.want)
		}
		if c.heaviest == 0 {
			continue
		}
		if heaviest := heaviestBurden(res); heaviest > c.heaviest {
			t.Errorf("plan %d: heaviest burden %s; want at most %s", c.plan-1000, heaviestBurden(res), c.heaviest)
		}
	}
}

// TestFloorFollowsCoverage: plan 0 of the CBC comparison (15 officers, 196 of 220 places, the
// most any roster fills). The flow of the places' burden, which knows no time rule, puts the
// floor at 18.67 where the roster's heaviest is 26; CBC's own bound after two minutes is 22.67.
// Filling 196 places takes nearly everyone who can work, and the coverage bound with caps
// lowered to each level proves 25.95: the roster is within 0.2 % of the fairest as full.
func TestFloorFollowsCoverage(t *testing.T) {
	res := solveCBCPlan(t, 15, 1000, 0)
	heaviest := heaviestBurden(res)
	if len(res.Assignments) != 196 || res.BurdenFloor < 25_900 || heaviest > 26_000 || res.BurdenFloor > heaviest {
		t.Errorf("filled %d, heaviest burden %s, floor %s; want 196, at most 26 and at least 25.9", len(res.Assignments), heaviest, res.BurdenFloor)
	}
}

// TestResolveReachesBound: a 13-officer plan whose first whole solve stops at 240 places under
// a bound of 241; solved again from another seed with longer start searches (see resolves), the
// part fills 241, proven complete.
func TestResolveReachesBound(t *testing.T) {
	longSolve(t)
	plan := cbcPlan(13, 5043)
	p, loc, slots := marchPart(t, plan, 43)
	first, short := solvePartOnce(context.Background(), p, loc, slots, 1000, 1, false)
	if !short || len(first.Assignments) != 240 || first.Bound != 241 {
		t.Fatalf("first solve: filled %d, bound %d, short %v; the test needs 240 under 241", len(first.Assignments), first.Bound, short)
	}
	res, err := Solve(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	wantProvenComplete(t, plan, res, false, 241)
}

// TestLongerSearchReachesBound: a 20-officer plan whose first solve stops at 348 places under a
// bound of 350, and a solve again from the next seed with the starts' plain search budget at 349;
// the same solve with twice that budget, as the first solve again gives it (see resolves), fills
// 350 and proves the part complete.
func TestLongerSearchReachesBound(t *testing.T) {
	longSolve(t)
	plan := cbcPlan(20, 5316)
	p, loc, slots := marchPart(t, plan, 316)
	if first, short := solvePartOnce(context.Background(), p, loc, slots, 1000, 1, false); !short {
		t.Fatalf("first solve: filled %d, bound %d; the test needs a solve short of its bound", len(first.Assignments), first.Bound)
	}
	q, searches := solveAgain(p, 1)
	if plain, short := solvePartOnce(context.Background(), q, loc, slots, 1000, 1, false); !short {
		t.Fatalf("solve again, plain searches: filled %d, bound %d; the test needs it short", len(plain.Assignments), plain.Bound)
	}
	res, short := solvePartOnce(context.Background(), q, loc, slots, 1000, searches, false)
	wantProvenComplete(t, plan, res, short, 350)
}

// TestThirdSolveAgainReachesBound: plan 186 of the CBC comparison (29 officers, 556 places),
// where the first solve and the two solves again stop at 506 places under a bound of 507, and
// the third solve again, from its own seed with eight times the starts' search budget (see
// resolves), fills 507 and proves the part complete. That solve with the plain budget stays
// short: the budget is what fills the place. (The three solves before it are not repeated
// here: they take twice as long again.)
func TestThirdSolveAgainReachesBound(t *testing.T) {
	longSolve(t)
	plan := cbcPlan(29, 1186)
	p, loc, slots := marchPart(t, plan, 186)
	q, searches := solveAgain(p, 3)
	if plain, short := solvePartOnce(context.Background(), q, loc, slots, 1000, 1, false); !short {
		t.Fatalf("third solve again, plain searches: filled %d, bound %d; the test needs it short", len(plain.Assignments), plain.Bound)
	}
	if searches != 8 {
		t.Errorf("the third solve again searches %d times the budget; want 8", searches)
	}
	res, short := solvePartOnce(context.Background(), q, loc, slots, 1000, searches, true)
	wantProvenComplete(t, plan, res, short, 507)
}

// TestLastSolveBoundProvesComplete: plan 108 of the CBC comparison (35 officers), where every
// solve fills 671 places and the bound, at the budget every solve gives it, stays at 672. The
// last solve again computes it once more for twice as long (see lastSolveBound) and proves 671
// the most any roster fills: the month is reported complete, not one place short.
func TestLastSolveBoundProvesComplete(t *testing.T) {
	longSolve(t)
	plan := cbcPlan(35, 1108)
	p, loc, slots := marchPart(t, plan, 108)
	q, searches := solveAgain(p, resolves)
	if without, _ := solvePartOnce(context.Background(), q, loc, slots, 1000, searches, false); without.Bound <= 671 {
		t.Fatalf("last solve without the longer bound: bound %d; the test needs it above 671", without.Bound)
	}
	res, err := Solve(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	wantProvenComplete(t, plan, res, false, 671)
}

// wantProvenComplete checks that a part's roster breaks no hard rule and fills want places under
// a bound of want, so that it is proven complete (short: the solve said it was not).
func wantProvenComplete(t *testing.T, plan *roster.Plan, res *Result, short bool, want int) {
	t.Helper()
	if v := check.Roster(check.Input{Plan: plan, Assignments: res.Assignments}); len(v) > 0 {
		t.Errorf("%d hard rules broken, first: %v", len(v), v[0])
	}
	if filled := len(res.Assignments); short || filled != want || res.Bound != want {
		t.Errorf("filled %d of %d places, bound %d, short %v; want %d and %d", filled, res.Capacity.Places, res.Bound, short, want, want)
	}
}

// longSolve skips a test that solves a Center's part for many seconds on one goroutine when it
// runs under the race detector: there is nothing for the detector to find there (parts are
// solved concurrently only when a plan has several, and the tests of such plans run under it),
// and it makes those solves ten times slower (this file's third solve again: 26 s without it,
// 354 s with it). The README's test command runs this package again without it, where these
// tests run.
func longSolve(t *testing.T) {
	t.Helper()
	if raceDetector {
		t.Skip("a long solve on one goroutine: run without -race (the README's test command runs go test ./scheduler too)")
	}
}

// marchPart is the problem of plan's March 2026 with the seed, its time zone and its slots, for
// the tests that solve a part directly.
func marchPart(t *testing.T, plan *roster.Plan, seed uint64) (*Problem, *time.Location, []Slot) {
	t.Helper()
	p := &Problem{Plan: plan, Month: roster.Month{Year: 2026, Month: 3}, Calendar: holiday.New(plan.Holidays), Seed: seed}
	loc, err := plan.Center.Location()
	if err != nil {
		t.Fatal(err)
	}
	slots, err := ExpandSlots(plan, p.Month, loc, p.Calendar)
	if err != nil {
		t.Fatal(err)
	}
	return p, loc, slots
}
