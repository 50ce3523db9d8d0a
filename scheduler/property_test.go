package scheduler

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"dutyroster/roster"
	"dutyroster/roster/check"
	"dutyroster/roster/holiday"
)

// randomPlan makes a small plan with every kind of rule: roles, areas, shares, caps, the three
// kinds of unavailability, overnight and 24 h shifts, backups, rotations, rest and consecutive
// days, holidays, and sometimes a time zone with daylight saving.
func randomPlan(r *rand.Rand) *roster.Plan {
	p := &roster.Plan{Version: 1, Center: roster.Center{Name: "Trung tâm", Hotline: "0277 3851 551", Timezone: "Asia/Ho_Chi_Minh"},
		Rules: roster.Rules{MinRestHours: r.IntN(17), MaxPerMonth: 3 + r.IntN(10), MaxConsecutiveDays: 1 + r.IntN(4),
			Burden: roster.Burden{Weekday: 1000, Weekend: 1500, Holiday: 2000, Night: 1500}, NoticeWorkingDays: 5},
		Holidays: roster.HolidayConfig{Calendar: "vn"}}
	if r.IntN(5) == 0 {
		p.Center.Timezone = "Europe/Berlin" // daylight saving: rest is measured in real hours
	}
	if r.IntN(4) == 0 {
		p.Holidays.Calendar = "none"
	}
	nAreas := 1 + r.IntN(3)
	for i := 0; i < nAreas; i++ {
		p.Areas = append(p.Areas, roster.Area{ID: fmt.Sprintf("kv-%d", i), Name: fmt.Sprintf("Khu vực %d", i), Active: true})
	}
	shares := []roster.Milli{500, 1000, 1000, 1500}
	nOff := 3 + r.IntN(14)
	for i := 0; i < nOff; i++ {
		o := roster.Officer{ID: fmt.Sprintf("o-%02d", i), Name: fmt.Sprintf("Người %d", i), Role: roster.Roles[r.IntN(4)],
			Phone: "0900 000 000", Share: shares[r.IntN(len(shares))], Active: r.IntN(12) != 0, Source: "plan"}
		if r.IntN(3) == 0 {
			o.Areas = []string{p.Areas[r.IntN(nAreas)].ID}
		}
		if r.IntN(4) == 0 {
			o.MaxPerMonth = 1 + r.IntN(8)
		}
		for k := r.IntN(3); k > 0; k-- {
			o.Unavailable = append(o.Unavailable, randomLeave(r))
		}
		p.Officers = append(p.Officers, o)
	}
	nPosts := 1 + r.IntN(4)
	rules := []string{"FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "FREQ=WEEKLY;BYDAY=SA,SU", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "FREQ=DAILY;INTERVAL=3"}
	for i := 0; i < nPosts; i++ {
		post := roster.Post{ID: fmt.Sprintf("p-%d", i), Name: fmt.Sprintf("Cơ quan %d", i), Kind: roster.KindCourt, Active: true}
		if r.IntN(3) > 0 {
			post.Area = p.Areas[r.IntN(nAreas)].ID
		}
		for j := 0; j < 1+r.IntN(2); j++ {
			start := roster.Clock(r.IntN(48) * 30)
			dur := 60 * (2 + r.IntN(23))
			sh := roster.Shift{ID: fmt.Sprintf("s-%d", j), Label: "Ca", RRule: rules[r.IntN(len(rules))], Start: start,
				End: roster.Clock((int(start) + dur) % 1440), Mode: roster.ModePhone, Need: 1 + r.IntN(2), Backup: r.IntN(2),
				Holidays: roster.HolidaysKeep, Strategy: roster.StrategyBalanced, BackupRoles: roster.Roles}
			if strings.Contains(sh.RRule, "INTERVAL") {
				sh.Anchor = roster.Date{Year: 2025, Month: 1, Day: 1 + r.IntN(7)}
			}
			if r.IntN(2) == 0 {
				sh.Holidays = roster.HolidaysSkip
			}
			sh.Roles = []roster.Role{roster.Roles[r.IntN(2)]}
			if r.IntN(2) == 0 {
				sh.Roles = append(sh.Roles, roster.Roles[2+r.IntN(2)])
			}
			if r.IntN(4) == 0 {
				for _, o := range p.Officers {
					if o.Active && sh.AllowsRole(o.Role, false) && o.ServesArea(post.Area) && r.IntN(3) > 0 {
						sh.Order = append(sh.Order, o.ID)
					}
				}
				if len(sh.Order) > 0 {
					sh.Strategy = roster.StrategyRotation
				}
			}
			post.Shifts = append(post.Shifts, sh)
		}
		p.Posts = append(p.Posts, post)
	}
	return p
}

func randomLeave(r *rand.Rand) roster.Unavailability {
	d := roster.Date{Year: 2026, Month: 3, Day: 1}.AddDays(r.IntN(70) - 10)
	switch r.IntN(3) {
	case 0:
		return roster.Unavailability{Kind: roster.UnavailDays, FromDate: d, ToDate: d.AddDays(r.IntN(10)), Reason: "Nghỉ phép", Source: "plan"}
	case 1:
		c := roster.Clock(r.IntN(40) * 30)
		end := roster.DateTime{Date: d, Clock: c + 120}
		if r.IntN(2) == 0 {
			end = roster.DateTime{Date: d.AddDays(1), Clock: 8 * 60}
		}
		return roster.Unavailability{Kind: roster.UnavailWindow, From: roster.DateTime{Date: d, Clock: c}, To: end, Reason: "Xét xử", Source: "plan"}
	}
	days := []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
	rule := "FREQ=WEEKLY;BYDAY=" + days[r.IntN(7)]
	if r.IntN(3) == 0 {
		rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=" + days[r.IntN(7)]
	}
	start := roster.Clock(r.IntN(44) * 30)
	return roster.Unavailability{Kind: roster.UnavailRRule, RRule: rule, Start: start, End: (start + 240) % 1440, Reason: "Học", Source: "plan"}
}

// solveTwoMonths solves March 2026 and then April with March's last days as context, as
// generate does, and returns April's result and context.
func solveTwoMonths(t *testing.T, plan *roster.Plan, seed uint64) (*Result, []roster.Assignment) {
	t.Helper()
	cal := holiday.New(plan.Holidays)
	march, err := Solve(context.Background(), &Problem{Plan: plan, Month: roster.Month{Year: 2026, Month: 3}, Calendar: cal, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	if v := check.Roster(check.Input{Plan: plan, Assignments: march.Assignments}); len(v) > 0 {
		t.Fatalf("March breaks hard rules: %v", v)
	}
	var before []roster.Assignment
	for _, a := range march.Assignments {
		if a.Start.Day() >= 24 {
			before = append(before, a)
		}
	}
	april, err := Solve(context.Background(), &Problem{Plan: plan, Month: roster.Month{Year: 2026, Month: 4}, Calendar: cal, Seed: seed, Before: before,
		Rotation: march.Rotation})
	if err != nil {
		t.Fatal(err)
	}
	return april, before
}

// TestPropertyNoHardRuleBroken solves random plans and has the independent checker judge
// every roster: no violation is allowed, and every empty place has a reason.
func TestPropertyNoHardRuleBroken(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 40
	}
	for i := 0; i < n; i++ {
		r := rand.New(rand.NewPCG(uint64(i), 7))
		plan := randomPlan(r)
		t.Run(fmt.Sprintf("plan-%d", i), func(t *testing.T) {
			res, before := solveTwoMonths(t, plan, uint64(i))
			if v := check.Roster(check.Input{Plan: plan, Assignments: res.Assignments, Context: before}); len(v) > 0 {
				for _, x := range v {
					t.Error(x)
				}
				t.FailNow()
			}
			places := 0
			for _, s := range res.Slots {
				places += s.Shift.Need + s.Shift.Backup
			}
			missing := 0
			for _, u := range res.Unfilled {
				missing += u.Missing
				if u.Reason == "" || !strings.Contains(u.Reason, ":") {
					t.Errorf("unfilled place without a reason: %+v", u)
				}
			}
			if len(res.Assignments)+missing != places {
				t.Errorf("%d assignments + %d unfilled != %d places", len(res.Assignments), missing, places)
			}
			if res.Capacity.Bound < len(res.Assignments) {
				t.Errorf("capacity bound %d below the %d places filled: the bound is not an upper bound", res.Capacity.Bound, len(res.Assignments))
			}
			if res.Bound < len(res.Assignments) || res.Bound > res.Capacity.Places {
				t.Errorf("coverage bound %d outside [%d filled, %d places]", res.Bound, len(res.Assignments), res.Capacity.Places)
			}
			if heaviest := heaviestBurden(res); res.BurdenFloor > heaviest {
				t.Errorf("burden floor %s above the roster's heaviest burden %s: it is not a lower bound", res.BurdenFloor, heaviest)
			}
		})
	}
}

// TestDeterministic solves the same problem twice, and with another seed.
func TestDeterministic(t *testing.T) {
	for i := 0; i < 20; i++ {
		plan := randomPlan(rand.New(rand.NewPCG(uint64(i), 11)))
		a, _ := solveTwoMonths(t, plan, 5)
		b, _ := solveTwoMonths(t, plan, 5)
		if !reflect.DeepEqual(a.Assignments, b.Assignments) || !reflect.DeepEqual(a.Unfilled, b.Unfilled) {
			t.Fatalf("plan %d: two runs with the same seed differ", i)
		}
	}
}

// TestInterruptedSolveIsValid cancels the search before it starts: the roster returned is the
// one built so far, breaks no hard rule, and says it was interrupted.
func TestInterruptedSolveIsValid(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for i := 0; i < 20; i++ {
		plan := randomPlan(rand.New(rand.NewPCG(uint64(i), 13)))
		res, err := Solve(ctx, &Problem{Plan: plan, Month: roster.Month{Year: 2026, Month: 3}, Calendar: holiday.New(plan.Holidays),
			Seed: 1, Effort: 100})
		if err != nil {
			t.Fatal(err)
		}
		if v := check.Roster(check.Input{Plan: plan, Assignments: res.Assignments}); len(v) > 0 {
			t.Fatalf("plan %d: an interrupted roster breaks hard rules: %v", i, v)
		}
		if !res.Interrupted {
			t.Errorf("plan %d: searched with a cancelled context, not marked interrupted", i)
		}
	}
}
