package scheduler

import (
	"encoding/binary"
	"slices"
)

// The coverage bound: an upper bound on how many places any roster can fill under every hard
// rule, by Lagrangian relaxation. Relaxing "a group of places holds at most its need" with a
// price per group (see row) leaves one exact problem per officer (bestSchedule with the places'
// values reduced by their prices); for any prices, the prices times the needs plus each
// officer's best schedule bounds the places filled from above. A subgradient search lowers the
// bound; the computation after the search starts from the prices the first one ended with. All
// arithmetic is in integers (prices in millionths), so the bound is exact for the prices found:
// filled places equal to it prove the roster as complete as any can be.
//
// The relaxation also proposes rosters: every few steps, the officers' schedules at the current
// prices, cut where two want the same place and topped up from the open places, replace the
// roster when they fill more. Prices near the bound's optimum rarely ask two officers for one
// place, so such a roster is nearly whole; this finds arrangements that differ from the current
// one in many officers at once, which the search's rearrangements of a few officers cannot reach
// (a plan of 10 officers where they stopped one place short of CBC's proven optimum, 197 of 198).

const priceUnit = 1_000_000 // one place, in millionths

// primalEvery is how often (in subgradient steps) the officers' schedules at the current prices
// are made into a roster (see lagrangePrimal).
const primalEvery = 10

// stepAllowance is how many of the bound's steps are paid for on top of its budget.
const stepAllowance = 200

// A row is one place-group of the relaxation: the places that start and end at the same times and
// are open to the same candidates. Such places are interchangeable to every officer, so the
// relaxation keeps one constraint for them all ("held at most their needs together"), which is
// as strong as one per place and gives the prices a grip: with a price per place, an officer
// moved off a priced place by a step takes an unpriced twin of it, the usage does not fall and
// the bound rises instead (a stress part's 200 steps could not lower it).

// rowKey identifies a row: the places' times and their candidate list (lists are shared by the
// slots of one eligibility class, so the first element's address names the list).
type rowKey struct {
	start, end int64
	cand       *int
}

// boundModel is the relaxation's structure, which depends only on the places open to each
// officer and the rotation turns, so it is built once per solver (see relaxation).
type boundModel struct {
	rows  []int // place id -> row + 1 (0: no row)
	need  []int // per row: the places' needs together
	turns int   // rotation turns held: decided by the order, counted as they are
	// groups are each officer's places, one group per row and times: the places of a group are
	// interchangeable (the same row, the same hours), so the programme needs one of them, and
	// a roster made from the officers' schedules may give the officer any open one (see
	// lagrangePrimal). Turns the officer holds are groups of their own, forced with a value
	// above any row's.
	groups [][]group
	// members are, per officer, the groups' places one group after another, as indexes in the
	// officer's places (solver.static, which every bound is computed over; a stress part's
	// officers have thousands of places each, most of them in groups of several).
	members [][]int32
	// forced is, per officer, how many turns they hold (the groups of row -1).
	forced []int64
	// first is, per officer, the first officer with the same groups, cap and earlier days: the
	// same programme, solved once per step (a month's many officers of one role, area and cap).
	first []int
}

type group struct {
	row    int32 // -1: a turn the officer holds
	off, n int32 // its members: boundModel.members[officer][off:off+n]
}

// relaxation builds the bound's model, or returns the one built before.
func (s *solver) relaxation(static [][]place) *boundModel {
	if s.bm != nil {
		return s.bm
	}
	m := &boundModel{rows: make([]int, 2*len(s.sl))}
	byKey := map[rowKey]int{}
	for si := range s.sl {
		if s.sl[si].rotation {
			m.turns += len(s.sl[si].duty)
		}
	}
	for _, ps := range static {
		for _, p := range ps {
			if !p.backup && s.sl[p.slot].rotation || m.rows[p.id()] != 0 {
				continue
			}
			sl := &s.sl[p.slot]
			need := s.needOf(p)
			k := rowKey{sl.start, sl.end, &s.candidates(int(p.slot), p.backup)[0]}
			r, ok := byKey[k]
			if !ok {
				m.need = append(m.need, 0)
				r = len(m.need)
				byKey[k] = r
			}
			m.need[r-1] += need
			m.rows[p.id()] = r
		}
	}
	m.groups = make([][]group, len(static))
	m.members = make([][]int32, len(static))
	m.forced = make([]int64, len(static))
	gid, firstK, gs := []int32{}, []int32{}, []group{}
	for oi, ps := range static {
		if len(ps) == 0 || !s.offs[oi].o.Active {
			continue
		}
		// Places come in start order: a place's group, if it has one yet, is among those
		// begun since the first place with its start.
		gs, gid, firstK = gs[:0], gid[:0], firstK[:0]
		run := 0
		for k, p := range ps {
			r := -1
			if !p.backup && s.sl[p.slot].rotation {
				if !s.holds(oi, int(p.slot), false) {
					gid = append(gid, -1)
					continue
				}
				m.forced[oi]++
			} else {
				r = m.rows[p.id()] - 1
			}
			sl := &s.sl[p.slot]
			if run < len(gs) && s.sl[ps[firstK[run]].slot].start != sl.start {
				run = len(gs)
			}
			g := run
			for ; r >= 0 && g < len(gs); g++ {
				if int(gs[g].row) == r && s.sl[ps[firstK[g]].slot].end == sl.end {
					break
				}
			}
			if r < 0 || g == len(gs) {
				g = len(gs)
				gs = append(gs, group{row: int32(r)})
				firstK = append(firstK, int32(k))
			}
			gid = append(gid, int32(g))
		}
		// Members: each group's count, then its offset, then the indexes in ps.
		for _, g := range gid {
			if g >= 0 {
				gs[g].n++
			}
		}
		off := int32(0)
		for g := range gs {
			gs[g].off = off
			off += gs[g].n
		}
		all := make([]int32, off)
		for k, g := range gid {
			if g >= 0 {
				all[gs[g].off] = int32(k)
				gs[g].off++
			}
		}
		for g := range gs {
			gs[g].off -= gs[g].n
		}
		m.groups[oi], m.members[oi] = slices.Clone(gs), all
	}
	m.first = make([]int, len(m.groups))
	seen := map[string]int{}
	var key []byte
	for oi, gs := range m.groups {
		m.first[oi] = oi
		if len(gs) == 0 {
			continue
		}
		key = binary.AppendVarint(key[:0], int64(s.capArg(oi)))
		for _, f := range s.offs[oi].fixed {
			key = binary.AppendVarint(key, int64(f.day))
		}
		key = append(key, '|')
		for _, g := range gs {
			first := static[oi][m.members[oi][g.off]]
			sl := &s.sl[first.slot]
			key = binary.AppendVarint(key, int64(g.row))
			if g.row < 0 {
				key = binary.AppendVarint(key, int64(first.slot))
			}
			key = binary.AppendVarint(key, sl.start)
			key = binary.AppendVarint(key, sl.end)
		}
		if f, ok := seen[string(key)]; ok {
			m.first[oi] = f
		} else {
			seen[string(key)] = oi
		}
	}
	s.bm = m
	return m
}

// coverBound computes the bound with at most iters subgradient steps and a step budget of fixed
// times the part's fixed budget (plus a share per place), starting from the places filled now
// (the known lower bound) and from the prices warm (by place id) when given. It returns the
// bound and the prices it ended with.
func (s *solver) coverBound(static [][]place, iters int, fixed int64, warm []int64) (int, []int64) {
	m := s.relaxation(static)
	rows, need, turns, groups, first := m.rows, m.need, m.turns, m.groups, m.first
	price := make([]int64, len(need))
	if warm != nil {
		for id, r := range rows {
			if r > 0 {
				price[r-1] = warm[id]
			}
		}
	}
	lower := int64(s.filled())
	if s.refuting {
		lower-- // the aim is a bound below the places filled
	}
	best, bestTotal := int64(-1), int64(-1)
	var bestPrice []int64
	theta := 2.0
	stall := 0
	usage := make([]int64, len(need))
	scheds := make([][][]int32, len(s.offs))
	chosenOf := make([][]int, len(groups))
	// Each officer's places are the same at every step, and so are their time classes.
	classes, nClasses := make([][]int32, len(groups)), make([]int, len(groups))
	valueOf := make([]int64, len(groups))
	// One step solves every officer's programme (once per first officer of a kind); when even
	// one would overrun the budget (a part far larger than a Center), the capacity check's
	// bound stands alone. A roster from the schedules costs about a pass over every officer's
	// places.
	var step, primalCost int64
	for oi, gs := range groups {
		primalCost += int64(len(static[oi]))
		if first[oi] != oi {
			continue
		}
		c := min(s.offs[oi].cap, len(gs))
		if s.capArg(oi) < 0 {
			c = 1
		}
		step += int64(len(gs)) + int64(len(gs))*int64(c)*int64(max(1, min(s.maxCons, 62)))/dpWorkScale
	}
	budget := s.effort * (s.places*50 + fixed*s.fixedBudget)
	if step > budget {
		return int(s.places), nil
	}
	// The budget, and the steps themselves up to stepAllowance of them: a step is cheap since
	// places are grouped and officers of a kind share one programme, and a part far from its
	// bound (a stress part: 1,804 at the first step, 1,780 after 300) needs a hundred or more.
	s.limit = s.work + budget + step*int64(min(iters, stepAllowance*int(s.effort)))
	startWork, primalWork := s.work, int64(0)
	for it := 0; it < iters && !s.spent(); it++ {
		// The bound at these prices, and how often each place-group is used.
		for i := range usage {
			usage[i] = 0
		}
		total := int64(0)
		for i, n := range need {
			total += price[i] * int64(n)
		}
		// A roster from the schedules every few steps, while the rosters have cost no more
		// than the steps (in a large part a roster costs as much as many steps).
		primal := it%primalEvery == primalEvery-1 && primalWork+primalCost <= s.work-startWork-primalWork && !s.refuting
		for oi, gs := range groups {
			if len(gs) == 0 {
				continue
			}
			if f := first[oi]; f == oi {
				places, value := s.rfPlaces[:0], s.rfValues[:0]
				for _, g := range gs {
					s.work++
					places = append(places, static[oi][m.members[oi][g.off]])
					if g.row < 0 {
						value = append(value, valueTurn)
					} else {
						value = append(value, priceUnit-price[g.row])
					}
				}
				s.rfPlaces, s.rfValues = places, value
				if classes[oi] == nil {
					classes[oi], nClasses[oi] = s.timeClasses(places, nil)
				}
				c, v := s.bestScheduleIn(oi, places, value, s.capArg(oi), classes[oi], nClasses[oi])
				chosenOf[oi], valueOf[oi] = append(chosenOf[oi][:0], c...), v
			}
			total += valueOf[first[oi]] - m.forced[oi]*valueTurn
			chosen := chosenOf[first[oi]]
			if primal {
				sched := make([][]int32, len(chosen))
				for i, k := range chosen {
					sched[i] = m.members[oi][gs[k].off : gs[k].off+gs[k].n]
				}
				scheds[oi] = sched
			}
			for _, k := range chosen {
				if r := gs[k].row; r >= 0 {
					usage[r]++
				}
			}
		}
		total += int64(turns) * priceUnit
		if primal {
			w := s.work
			if s.lagrangePrimal(scheds, static) {
				lower = int64(s.filled())
			}
			primalWork += s.work - w
		}
		bound := total / priceUnit // prices and values are whole millionths: floor is exact

		improved := best < 0 || bound < best
		if improved {
			best, bestPrice = bound, append([]int64(nil), price...)
		}
		if fixed > 1 {
			// A long computation halves the step only when the relaxation's exact value has
			// stopped falling for a while: its floor moves by whole places and stalls long
			// before the value does. (A short one halves it sooner, to get its prices fast.)
			if improved = bestTotal < 0 || total < bestTotal; improved {
				bestTotal = total
			}
		}
		if improved {
			stall = 0
		} else if stall++; stall >= 20*int(fixed) {
			theta /= 2
			stall = 0
		}
		if best <= lower {
			break // the roster already fills the bound
		}
		// Subgradient step: raise the price of over-used groups, lower it of under-used ones.
		// Integers where an addition is involved, so that no platform fuses a multiply-add and
		// the search is the same everywhere.
		norm := int64(0)
		for i, n := range need {
			g := usage[i] - int64(n)
			if g < 0 && price[i] == 0 {
				continue
			}
			norm += g * g
		}
		if norm == 0 {
			break // the relaxed solution is feasible: the bound is the optimum
		}
		step := theta * float64(total-lower*priceUnit) / float64(norm)
		for i, n := range need {
			price[i] = max(0, price[i]+int64(step*float64(usage[i]-int64(n))))
		}
	}
	if best < 0 {
		return int(s.places), nil // no step was taken: only the trivial bound is known
	}
	prices := make([]int64, len(rows))
	for id, i := range rows {
		if i > 0 {
			prices[id] = bestPrice[i-1]
		}
	}
	return int(best), prices
}

// filled counts the places held.
func (s *solver) filled() int {
	n := 0
	for i := range s.sl {
		n += len(s.sl[i].duty) + len(s.sl[i].backup)
	}
	return n
}

// lagrangePrimal builds a roster from the officers' schedules at the bound's prices: every place
// but rotation turns is cleared, each officer (the least flexible first) is given, for each
// group of interchangeable places in their priced schedule, one that is still open (part of a
// schedule keeps every time rule), and each then fills up from the open places. It keeps the
// result when it fills more than the roster it replaced, and reports whether it did. The
// schedules' places are indexes in each officer's static places.
func (s *solver) lagrangePrimal(scheds [][][]int32, static [][]place) bool {
	return s.rebuildWith(static, func(order []int) {
		for _, oi := range order {
			for _, g := range scheds[oi] {
				for _, k := range g {
					p := static[oi][k]
					s.work++
					if s.holds(oi, int(p.slot), p.backup) {
						break
					}
					if s.holdersOf(p) < s.needOf(p) {
						s.assign(oi, int(p.slot), p.backup)
						break
					}
				}
			}
		}
		s.reoptimize(static)
	})
}
