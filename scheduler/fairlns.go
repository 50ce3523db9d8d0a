package scheduler

import "sort"

// balance is a fairness search over whole schedules, after the place-by-place improvement has
// run out of moves: it takes every movable place of the heaviest officer and of a few who could
// take them, and hands them out again heaviest place first, each to the eligible officer of the
// group whose load stays lowest (the longest-processing-time rule for the lowest maximum). The
// result is kept when every place found a holder and the group's loads are better by the
// objective (leximin, then categories, then spread); otherwise it is undone. It reports whether
// it changed anything.
func (s *solver) balance() bool {
	times := int64(1)
	if s.settled {
		times = settledBalance
	}
	s.limit = s.work + times*s.effort*(s.places*10+s.fixedBudget/8)
	changed, failures := false, 0
	for !s.spent() {
		order := s.byScore()
		if len(order) < 2 {
			return changed
		}
		// The heaviest officer, now and then another of the heaviest few.
		a := order[0]
		if s.rng.IntN(3) == 0 {
			a = order[s.rng.IntN(min(4, len(order)))]
		}
		if s.balanceFrom(a) || s.balanceWindow(a) {
			changed, failures = true, 0
		} else if failures++; failures > 48*int(times) {
			return changed // nothing helps any more: the loads are as even as this search makes them
		}
	}
	return changed
}

// settledBalance is how many times its budget, and its patience, balance gets in a part that
// searched on after its starts (see solvePart). Those searches run 32 to 64 times a start's
// budget; balance, given ten times its own, spreads what they leave. On the 78 plans of the
// CBC comparison that no start fills or proves complete, the heaviest burden over its floor
// goes from 1.305 to 1.294 on average, lower on 20 plans and higher on none (plan 158: 22.5 ->
// 21, where CBC finds 21.25 at equal coverage), at no measurable cost in time. It began as a
// remedy for searchUnfair piling places on a few officers, and helps as much without it.
const settledBalance = 10

func (s *solver) balanceFrom(a int) bool {
	// The group: a and up to five officers who could take one of a's places.
	group := []int{a}
	in := map[int]bool{a: true}
	for _, h := range s.offs[a].held {
		if !s.movable(h) {
			continue
		}
		for _, y := range s.candidates(h.slot, h.backup) {
			if !in[y] && s.rng.IntN(2) == 0 {
				in[y] = true
				group = append(group, y)
			}
			if len(group) == 6 {
				break
			}
		}
		if len(group) == 6 {
			break
		}
	}
	if len(group) < 2 {
		return false
	}
	before := s.measureAll(group)
	type taken struct {
		oi int
		h  hold
	}
	var pool []taken
	for _, oi := range group {
		st := s.offs[oi]
		for i := len(st.held) - 1; i >= 0; i-- {
			h := st.held[i]
			if !s.movable(h) {
				continue
			}
			pool = append(pool, taken{oi, h})
			s.unassign(oi, h.slot, h.backup)
		}
	}
	// Heaviest places first; ties in slot order, then by a coin for variety.
	sort.SliceStable(pool, func(i, j int) bool {
		ui, uj := s.units(pool[i].h.slot, pool[i].h.backup), s.units(pool[j].h.slot, pool[j].h.backup)
		if ui != uj {
			return ui > uj
		}
		return pool[i].h.slot < pool[j].h.slot
	})
	var given []taken
	ok := true
	for _, p := range pool {
		best, bestScore := -1, int64(0)
		u := s.units(p.h.slot, p.h.backup)
		for _, oi := range group {
			if !eligibleFor(s, oi, p.h) || s.check(oi, p.h.slot, -1, false).why != okay {
				continue
			}
			if sc := s.scoreWith(s.offs[oi], u); best < 0 || sc < bestScore {
				best, bestScore = oi, sc
			}
		}
		if best < 0 {
			ok = false
			break
		}
		s.assign(best, p.h.slot, p.h.backup)
		given = append(given, taken{best, p.h})
	}
	if ok && better(before, s.measureAll(group)) {
		return true
	}
	for i := len(given) - 1; i >= 0; i-- {
		s.unassign(given[i].oi, given[i].h.slot, given[i].h.backup)
	}
	for _, p := range pool {
		s.assign(p.oi, p.h.slot, p.h.backup)
	}
	return false
}

// eligibleFor reports whether officer oi is on the candidate list of place h.
func eligibleFor(s *solver, oi int, h hold) bool {
	for _, c := range s.candidates(h.slot, h.backup) {
		if c == oi {
			return true
		}
	}
	return false
}
