package scheduler

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"dutyroster/roster"
	"dutyroster/roster/holiday"
)

// exactPlan makes a plan with only role, area, leave and cap rules: weekday slots of weight 1 at
// one time of day (so "no overlap" is "one a day"), no rest or consecutive-day limit, equal shares.
func exactPlan(r *rand.Rand) *roster.Plan {
	p := &roster.Plan{Version: 1, Center: roster.Center{Name: "T", Hotline: "1234", Timezone: "Asia/Ho_Chi_Minh"},
		Rules: roster.Rules{MinRestHours: 0, MaxPerMonth: 2 + r.IntN(12), MaxConsecutiveDays: 31,
			Burden: roster.Burden{Weekday: 1000, Weekend: 1000, Holiday: 1000, Night: 1000}},
		Holidays: roster.HolidayConfig{Calendar: "none"}}
	nAreas := 1 + r.IntN(3)
	for i := 0; i < nAreas; i++ {
		p.Areas = append(p.Areas, roster.Area{ID: fmt.Sprintf("kv-%d", i), Active: true})
	}
	for i := 0; i < 3+r.IntN(10); i++ {
		o := roster.Officer{ID: fmt.Sprintf("o-%02d", i), Name: "x", Role: roster.Roles[r.IntN(2)], Phone: "1234", Share: 1000, Active: true}
		if r.IntN(2) == 0 {
			o.Areas = []string{p.Areas[r.IntN(nAreas)].ID}
		}
		if r.IntN(3) == 0 {
			o.MaxPerMonth = 1 + r.IntN(10)
		}
		if r.IntN(3) == 0 {
			d := roster.Date{Year: 2026, Month: 3, Day: 1 + r.IntN(25)}
			o.Unavailable = []roster.Unavailability{{Kind: roster.UnavailDays, FromDate: d, ToDate: d.AddDays(r.IntN(8))}}
		}
		p.Officers = append(p.Officers, o)
	}
	days := []string{"MO,TU,WE,TH,FR", "MO,WE,FR", "TU,TH", "MO"}
	for i := 0; i < 1+r.IntN(4); i++ {
		post := roster.Post{ID: fmt.Sprintf("p-%d", i), Name: "P", Kind: roster.KindCourt, Active: true, Area: p.Areas[r.IntN(nAreas)].ID}
		roles := []roster.Role{roster.Roles[r.IntN(2)]}
		if r.IntN(2) == 0 {
			roles = []roster.Role{roster.RoleLegalAidOfficer, roster.RoleLawyer}
		}
		post.Shifts = []roster.Shift{{ID: "s", RRule: "FREQ=WEEKLY;BYDAY=" + days[r.IntN(len(days))], Start: 8 * 60, End: 12 * 60,
			Mode: roster.ModeInPerson, Need: 1 + r.IntN(2), Roles: roles, Holidays: roster.HolidaysKeep, Strategy: roster.StrategyBalanced}}
		p.Posts = append(p.Posts, post)
	}
	return p
}

// optimalLoads computes the least-majorised load vector by min-cost flow with convex costs:
// source -> slot (need) -> officer-day (1) -> officer -> sink through unit edges costing
// 1, 2, 3, ... With unit weights and equal shares this vector is leximin-optimal and fills
// as many places as possible.
func optimalLoads(plan *roster.Plan, slots []Slot, share map[string]int64) (filled int, loads []int, heaviest roster.Milli) {
	type edge struct{ to, cap, cost, rev int }
	var g [][]edge
	node := func() int { g = append(g, nil); return len(g) - 1 }
	add := func(u, v, c, cost int) {
		g[u] = append(g[u], edge{v, c, cost, len(g[v])})
		g[v] = append(g[v], edge{u, 0, -cost, len(g[u]) - 1})
	}
	src, sink := node(), node()
	offNode := map[string]int{}
	for _, o := range plan.Officers {
		n := node()
		offNode[o.ID] = n
		for k := 1; k <= plan.MaxFor(&o); k++ {
			add(n, sink, 1, k*1_000_000/int(share[o.ID]))
		}
	}
	odNode := map[string]int{}
	for _, s := range slots {
		sn := node()
		add(src, sn, s.Shift.Need, 0)
		for _, o := range plan.Officers {
			if !s.Shift.AllowsRole(o.Role, false) || !o.ServesArea(s.Post.Area) {
				continue
			}
			blocked := false
			for _, u := range o.Unavailable {
				blocked = blocked || (!s.Date.Before(u.FromDate) && !s.Date.After(u.ToDate))
			}
			if blocked {
				continue
			}
			key := o.ID + s.Date.String()
			od, ok := odNode[key]
			if !ok {
				od = node()
				odNode[key] = od
				add(od, offNode[o.ID], 1, 0)
			}
			add(sn, od, 1, 0)
		}
	}
	// Successive shortest paths (Bellman-Ford; the graphs are small).
	for {
		dist := make([]int, len(g))
		prevN := make([]int, len(g))
		prevE := make([]int, len(g))
		for i := range dist {
			dist[i] = 1 << 30
		}
		dist[src] = 0
		for changed := true; changed; {
			changed = false
			for u := range g {
				if dist[u] == 1<<30 {
					continue
				}
				for i, e := range g[u] {
					if e.cap > 0 && dist[u]+e.cost < dist[e.to] {
						dist[e.to], prevN[e.to], prevE[e.to] = dist[u]+e.cost, u, i
						changed = true
					}
				}
			}
		}
		if dist[sink] == 1<<30 {
			break
		}
		for v := sink; v != src; v = prevN[v] {
			e := &g[prevN[v]][prevE[v]]
			e.cap--
			g[v][e.rev].cap++
		}
		filled++
	}
	for _, o := range plan.Officers {
		n := 0
		for _, e := range g[offNode[o.ID]] {
			if e.to == sink && e.cap == 0 && e.cost > 0 {
				n++
			}
		}
		loads = append(loads, n*1000/int(share[o.ID]))
		heaviest = max(heaviest, roster.Milli(int64(n)*1_000_000/share[o.ID]))
	}
	sort.Sort(sort.Reverse(sort.IntSlice(loads)))
	return filled, loads, heaviest
}

// TestExactReference compares the scheduler with the optimal loads on plans it must solve
// exactly: it fills as many places, and its loads, each divided by the officer's fair share
// (lowered for an officer who cannot take a full load), are no worse in leximin order than the
// min-cost flow's whose k-th place costs k divided by that share.
func TestExactReference(t *testing.T) {
	n := 150
	if testing.Short() {
		n = 30
	}
	for i := 0; i < n; i++ {
		plan := exactPlan(rand.New(rand.NewPCG(uint64(i), 3)))
		m := roster.Month{Year: 2026, Month: 3}
		res, err := Solve(context.Background(), &Problem{Plan: plan, Month: m, Calendar: holiday.New(plan.Holidays), Seed: uint64(i)})
		if err != nil {
			t.Fatal(err)
		}
		share := map[string]int64{}
		for _, o := range plan.Officers {
			share[o.ID] = 1000
		}
		for id, sh := range res.Participants {
			share[id] = int64(sh)
		}
		filled, want, heaviest := optimalLoads(plan, res.Slots, share)
		count := map[string]int{}
		for _, a := range res.Assignments {
			count[a.OfficerID]++
		}
		var got []int
		for _, o := range plan.Officers {
			got = append(got, count[o.ID]*1000/int(share[o.ID]))
		}
		sort.Sort(sort.Reverse(sort.IntSlice(got)))
		if len(res.Assignments) != filled || slices.Compare(got, want) > 0 {
			t.Errorf("plan %d: filled %d (optimal %d), loads per share %v, optimal %v", i, len(res.Assignments), filled, got, want)
		}
		// The certificate may not claim more than the optimum.
		if res.BurdenFloor > heaviest {
			t.Errorf("plan %d: burden floor %s above the optimal heaviest burden %s", i, res.BurdenFloor, heaviest)
		}
	}
}
