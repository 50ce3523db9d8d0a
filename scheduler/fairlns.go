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

// capRefill lowers the heaviest officer's load by force: their cap is set one below what they
// hold, their heaviest movable place is given up, and the coverage search refills the roster to
// as many places as before under that cap. The result is kept when it is as full and fairer
// (leximin over every officer); otherwise the roster is put back and the officer is not tried
// again. The fairness moves hand places over while every place stays filled, so they cannot
// leave an arrangement where the heaviest officer's places can only be covered by moving many
// others; the coverage search, which empties and refills whole schedules, can. The lowered caps
// only steer the search and are restored at the end. It reports whether it changed anything.
func (s *solver) capRefill() bool {
	// Nothing to gain where the heaviest is within a tenth of the flow's floor.
	if s.heaviestLevel()*10 <= s.burdenFloor()*11 {
		return false
	}
	all := s.everyOfficer()
	caps, restoreCaps := s.saveCaps()
	defer restoreCaps()
	changed := false
	failed := map[int]bool{}
	for round := 0; round < capRounds && !s.stopped && len(failed) < capFailures; round++ {
		a := -1
		for _, oi := range s.byScore() {
			if !failed[oi] {
				a = oi
				break
			}
		}
		if a < 0 {
			break
		}
		st := s.offs[a]
		pick := s.heaviestMovable(st)
		if pick < 0 {
			failed[a] = true
			continue
		}
		before := s.measureAll(all)
		target := s.filled()
		j := s.journalAll()
		st.cap = len(st.held) - 1
		if s.capFree != nil {
			s.capFree[a] = false
		}
		h := st.held[pick]
		s.unassign(a, h.slot, h.backup)
		s.searchWithin(s.static, target, s.effort*s.places*capSearch)
		if s.filled() >= target && better(before, s.measureAll(all)) {
			changed = true
			continue
		}
		j.restore(s)
		st.cap = caps[a]
		failed[a] = true
	}
	return changed
}

// everyOfficer lists every officer's index, for a measure of the whole roster.
func (s *solver) everyOfficer() []int {
	all := make([]int, len(s.offs))
	for oi := range s.offs {
		all[oi] = oi
	}
	return all
}

// spreadAgain runs the fairness moves once more, at a fifth of the first run's budget per
// place, after a step that changed many schedules.
func (s *solver) spreadAgain() {
	s.limit = s.work + s.effort*(s.places*20+s.fixedBudget/4)
	s.improve()
}

// heaviestMovable is the index in st.held of the officer's heaviest place the optimiser may
// move (the first among equals), or -1.
func (s *solver) heaviestMovable(st *offState) int {
	pick := -1
	for i, h := range st.held {
		if s.movable(h) && (pick < 0 || s.units(h.slot, h.backup) > s.units(st.held[pick].slot, st.held[pick].backup)) {
			pick = i
		}
	}
	return pick
}

// capRounds and capFailures bound capRefill: at most 16 officers lightened by a place, and
// three officers who cannot be. On the 78 plans of the CBC comparison that no start fills or
// proves complete, capRefill lowers the heaviest burden on 11 (plan 163: 48 -> 40, plan 135:
// 48 -> 40), raises it on none, for 6 % more time. (With a start's search budget per round,
// 64 rounds and 7 failures lightened one plan more than 16 and 3.)
const (
	capRounds   = 16
	capFailures = 3
)

// capSearch is capRefill's search budget per place, about a start's search in a Center's
// month without the fixed part that would make a small month pay as much as a large one: a
// place that can be refilled is refilled early, and one that cannot costs the whole budget.
// (400 per place lightened 7 of the 78 plans instead of 11.)
const capSearch = 1600

// levelRefill lowers every officer's load toward a level at once: each officer's cap is set to
// the places they could hold at that level at their present average weight, officers above it
// give up their heaviest movable places, the coverage search refills the roster to as many
// places as before under those caps, and the fairness moves spread what it gave. The result is
// kept when it is as full and fairer (leximin over every officer); the levels are bisected
// between the certificate's floor and the heaviest load. capRefill lowers one officer at a
// time, and its refill piles the places on another; here nobody may take more than the level.
//
// Two more passes follow, each from what the pass before it left, so that each can only make
// the roster fairer. In them the officers a level holds below their load refill with the
// lightest places first, and a level whose capped search stays short is searched once more
// without the caps (still lightest first for those officers): the capped search of a month
// nobody can fill often ends a place or two short of it at every level. The second pass
// descends from just below the heaviest load, in steps that double after a level is kept and
// halve after one is not; the third bisects as the first does, but from the floor again after
// each level kept (which levels a search reaches is not monotone).
func (s *solver) levelRefill() {
	s.levelPass(levelBisect)
	s.levelPass(levelDescend)
	s.levelPass(levelRebisect)
}

// levelMode is how a pass of levelRefill chooses its levels and refills.
type levelMode int

const (
	// levelBisect bisects between the floor and the heaviest load, refilling as the search
	// prefers.
	levelBisect levelMode = iota
	// levelDescend walks down from just below the heaviest load; the officers a level holds
	// below their load refill lightest place first, and a short level is searched again
	// without caps.
	levelDescend
	// levelRebisect refills as levelDescend does but bisects, from the floor again after each
	// level kept.
	levelRebisect
)

// levelPass is one pass of levelRefill, in the given mode.
//
// A pass runs unless the heaviest load is within 2 % of the certificate's floor. At 10 %, plan
// 191 (18 officers, 349 of 424 places) kept 24.75 over a floor of 23.37 where CBC finds 23.75
// at equal coverage; at 2 % it ends at 23.5, and over the 200 plans 19 are lighter (plan 37:
// 26.25 -> 24.75, 105: 25.5 -> 24, 183: 26.5 -> 25), none heavier, the same places filled,
// for about 10 % more time over those months.
func (s *solver) levelPass(mode levelMode) {
	lighter, descend := mode != levelBisect, mode == levelDescend
	floor, heaviest := s.burdenFloor(), s.heaviestLevel()
	if heaviest*50 <= floor*51 {
		return // within 2 % of the certificate: no level between them is worth a search
	}
	all := s.everyOfficer()
	caps, restoreCaps := s.saveCaps()
	bm := s.bm
	defer func() {
		restoreCaps()
		s.bm = bm
		s.lightFirst = nil
	}()
	var light []bool // the officers held below their load, when lighter
	if lighter {
		light = make([]bool, len(s.offs))
	}
	lo, hi := floor, heaviest
	step := max(1, (hi-lo)/32) // descend's first step below the heaviest load
	for k := 0; k < levelSteps && lo < hi && !s.stopped; k++ {
		level := lo + (hi-lo)/2
		if descend {
			level = max(lo, hi-step)
		}
		before := s.measureAll(all)
		target := s.filled()
		j := s.journalAll()
		clear(light)
		for oi, st := range s.offs {
			st.cap = caps[oi]
			if n := len(st.held); n > 0 && st.units > 0 {
				// units*1000/share <= level at the officer's average units per place.
				st.cap = min(st.cap, int(level*st.share*int64(n)/(1000*st.units)))
				if lighter {
					light[oi] = st.cap < n
				}
			}
			for len(st.held) > st.cap {
				pick := s.heaviestMovable(st)
				if pick < 0 {
					break
				}
				h := st.held[pick]
				s.unassign(oi, h.slot, h.backup)
			}
		}
		s.bm = nil
		s.findCapFree(s.static)
		s.lightFirst = light
		s.searchWithin(s.static, target, s.effort*s.places*levelSearch)
		ok := s.filled() >= target
		restoreCaps()
		s.bm = bm
		if !ok && lighter {
			s.findCapFree(s.static)
			s.searchWithin(s.static, target, s.effort*s.places*levelSearch)
			ok = s.filled() >= target
		}
		s.lightFirst = nil
		if ok {
			s.spreadAgain()
			ok = better(before, s.measureAll(all))
		}
		if ok {
			hi = min(level, s.heaviestLevel())
			if mode == levelRebisect {
				lo = floor
			}
			step *= 2
			continue
		}
		j.restore(s)
		if descend {
			if step == 1 {
				break
			}
			step = max(1, step/2)
			continue
		}
		lo = level + 1
	}
}

// levelSteps is how many levels levelRefill tries, and levelSearch its search budget per place
// for each: capRefill's, since a level whose capped search ends short is undone and a level
// reached early stops early. A level reached lowers every later level the passes try, so the
// budget of the first pass decides much of where the last one ends. On the 200 plans of the
// CBC comparison a sixteenth of it (the budget before) left plan 86 at 38.5 where CBC finds a
// roster as full at 35, and plan 8 at 40.25; with the whole budget they end at 35 and 36.5.
// Over the 200 plans the same places are filled, the heaviest burden over its floor goes from
// 1.082 to 1.072 on average (lighter on 31 plans, heavier on 4 by at most 1.9, none of them
// of 20 officers or fewer), and the solves take 9 % longer. Months that are filled completely
// (Đồng Tháp, the national preset) never come here.
const (
	levelSteps  = 8
	levelSearch = capSearch
)
