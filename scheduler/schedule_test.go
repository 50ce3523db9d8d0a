package scheduler

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"dutyroster/roster"
	"dutyroster/roster/holiday"
	"dutyroster/roster/msg"
	"dutyroster/roster/sample"
)

// staticPlaces lists the places officer oi may take on their own, in slot order.
func staticPlaces(s *solver, oi int) []place {
	var out []place
	for si := range s.sl {
		for _, backup := range []bool{false, true} {
			for _, c := range s.candidates(si, backup) {
				if c == oi && s.staticOK(oi, si) {
					out = append(out, place{int32(si), backup})
				}
			}
		}
	}
	return out
}

// TestBestScheduleIsExact compares the single-officer programme with trying every subset of a
// few places through the solver's own checks.
func TestBestScheduleIsExact(t *testing.T) {
	for i := 0; i < 300; i++ {
		r := rand.New(rand.NewPCG(uint64(i), 17))
		plan := randomPlan(r)
		loc, _ := plan.Center.Location()
		m := roster.Month{Year: 2026, Month: 3}
		slots, err := ExpandSlots(plan, m, loc, holiday.New(plan.Holidays))
		if err != nil {
			t.Fatal(err)
		}
		s := newSolver(&Problem{Plan: plan, Month: m, Calendar: holiday.New(plan.Holidays)}, loc, slots)
		s.ctx = context.Background()
		oi := r.IntN(len(s.offs))
		all := staticPlaces(s, oi)
		if len(all) == 0 {
			continue
		}
		// A window of up to 13 places in a row: close enough in time to interact.
		from := r.IntN(len(all))
		places := all[from:min(len(all), from+1+r.IntN(13))]
		value := make([]int64, len(places))
		for k := range value {
			value[k] = int64(r.IntN(7)) - 1
		}
		capLeft := 1 + r.IntN(len(places)+1)
		if r.IntN(4) == 0 {
			capLeft = len(places) // no cap binds: the uncapped programme must agree
		}
		chosen, got := s.bestSchedule(oi, places, value, capLeft)
		if capLeft == len(places) {
			if c2, v2 := s.bestSchedule(oi, places, value, -1); v2 != got || len(c2) > capLeft {
				t.Fatalf("plan %d: uncapped programme %d (%d places), capped %d", i, v2, len(c2), got)
			}
		}
		// Every subset, in slot order, through the solver's checks.
		want := int64(0)
		for mask := 1; mask < 1<<len(places); mask++ {
			var v int64
			var taken []place
			ok := true
			for k, p := range places {
				if mask&(1<<k) == 0 {
					continue
				}
				if len(taken) == capLeft || s.check(oi, int(p.slot), -1, true).why != okay {
					ok = false
					break
				}
				s.assign(oi, int(p.slot), p.backup)
				taken = append(taken, p)
				v += value[k]
			}
			for _, p := range taken {
				s.unassign(oi, int(p.slot), p.backup)
			}
			if ok && v > want {
				want = v
			}
		}
		if got != want {
			t.Fatalf("plan %d, officer %d, %d places, cap %d: programme %d, every subset %d (chose %v)", i, oi, len(places), capLeft, got, want, chosen)
		}
		// The chosen places are valid together and worth what was said.
		var sum int64
		for _, k := range chosen {
			p := places[k]
			if c := s.check(oi, int(p.slot), -1, true); c.why != okay {
				t.Fatalf("plan %d: the programme chose a place the rules refuse: %v", i, fmt.Sprint(c.why))
			}
			s.assign(oi, int(p.slot), p.backup)
			sum += value[k]
		}
		if sum != got || len(chosen) > capLeft {
			t.Fatalf("plan %d: chosen worth %d, said %d; %d places for a cap of %d", i, sum, got, len(chosen), capLeft)
		}
	}
}

// TestGapReasonsReadTheSameEitherWay: the English stored with a roster (written at once, for
// speed) is exactly what the catalogue's English gives from the unformatted explanation, and the
// Vietnamese is a translation of it, for every unfilled place of an over-demanded month.
func TestGapReasonsReadTheSameEitherWay(t *testing.T) {
	plan := sample.Plan(sample.Options{Officers: 20, Posts: 20, Areas: 2, Seed: 5})
	res, err := Solve(context.Background(), &Problem{Plan: plan, Month: roster.Month{Year: 2026, Month: 3}, Calendar: holiday.New(plan.Holidays), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Unfilled) < 20 {
		t.Fatalf("only %d unfilled places; the test needs an over-demanded month", len(res.Unfilled))
	}
	kinds := map[string]bool{}
	for _, u := range res.Unfilled {
		if en := msg.EN.Sprintf("%s", u.ReasonText); en != u.Reason {
			t.Fatalf("the stored English and the catalogue's differ:\n%s\n%s", u.Reason, en)
		}
		vi := msg.VI.Sprintf("%s", u.ReasonText)
		if vi == u.Reason || !strings.Contains(vi, "cán bộ có thể trực") && !strings.Contains(vi, "không có cán bộ nào") {
			t.Errorf("the Vietnamese is no translation: %s", vi)
		}
		for _, k := range []string{"at the cap", "resting", "on duty at", "needs", "on leave", "unavailable", "more than"} {
			if strings.Contains(u.Reason, k) {
				kinds[k] = true
			}
		}
	}
	if len(kinds) < 3 {
		t.Errorf("the month shows only the reasons %v", kinds)
	}
}

// TestProposeNamesAVanishedShift: a place whose shift the plan no longer has cannot be refilled;
// the proposal says why in both languages (the amendment prints the reason from its message).
func TestProposeNamesAVanishedShift(t *testing.T) {
	plan := sample.Plan(sample.Options{Officers: 12, Posts: 4, Areas: 1, Seed: 3})
	p := &Problem{Plan: plan, Month: roster.Month{Year: 2026, Month: 3}, Calendar: holiday.New(plan.Holidays), Seed: 1}
	res, err := Solve(context.Background(), p)
	if err != nil || len(res.Assignments) == 0 {
		t.Fatalf("solve: %v, %d assignments", err, len(res.Assignments))
	}
	gone := res.Assignments[0]
	gone.ShiftID = "retired"
	props, err := Propose(p, res.Assignments[1:], []roster.Assignment{gone})
	if err != nil {
		t.Fatal(err)
	}
	if len(props) != 1 || props[0].Unfilled == nil {
		t.Fatalf("proposals %+v; want one unfilled place", props)
	}
	u := props[0].Unfilled
	if !strings.HasSuffix(u.Reason, "/retired at "+gone.Start.Format("02/01/2006 15:04")+": the plan no longer has this shift") || msg.EN.Sprintf("%s", u.ReasonText) != u.Reason {
		t.Errorf("English reason %q, from its message %q", u.Reason, msg.EN.Sprintf("%s", u.ReasonText))
	}
	if vi := msg.VI.Sprintf("%s", u.ReasonText); !strings.HasSuffix(vi, ": kế hoạch không còn ca này") {
		t.Errorf("Vietnamese reason %q", vi)
	}
}
