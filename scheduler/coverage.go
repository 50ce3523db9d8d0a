package scheduler

import "sort"

// Coverage search: after construction and the augmenting-path repair, each officer in turn is
// given the best schedule they can hold among their own places and the open ones, chosen exactly
// by bestSchedule. A rearrangement that holds more places fills more of the roster; rounds repeat,
// with augmenting paths between them, until a whole round gains nothing.

// staticOpen lists, per officer, the places the officer may take on their own (role, area,
// leave, the earlier roster), in slot order. Computed once: none of it changes in a search.
//
// The lists share one array, sized by a first pass that notes each check's answer: in a stress
// part (88 officers, thousands of places each) growing them one append at a time allocated
// three times what they hold.
func (s *solver) staticOpen() [][]place {
	count := make([]int, len(s.offs))
	// ok is each candidate's answer, a bit each in eachCandidate's order (a stress part asks
	// millions of times).
	var ok []uint64
	total, k := 0, 0
	s.eachCandidate(func(oi int, p place) {
		if s.staticOK(oi, int(p.slot)) || s.holds(oi, int(p.slot), p.backup) {
			ok = setBit(ok, k)
			count[oi]++
			total++
		}
		k++
	})
	all := make([]place, 0, total)
	out := make([][]place, len(s.offs))
	for oi, n := range count {
		out[oi] = all[len(all) : len(all) : len(all)+n]
		all = all[:len(all)+n]
	}
	k = 0
	s.eachCandidate(func(oi int, p place) {
		if hasBit(ok, k) {
			out[oi] = append(out[oi], p)
		}
		k++
	})
	return out
}

// eachCandidate calls f with every place that needs someone and every candidate for it, in
// slot order.
func (s *solver) eachCandidate(f func(oi int, p place)) {
	for si := range s.sl {
		for _, backup := range []bool{false, true} {
			if s.needOf(place{int32(si), backup}) == 0 {
				continue
			}
			for _, oi := range s.candidates(si, backup) {
				f(oi, place{int32(si), backup})
			}
		}
	}
}

// staticOK tells whether officer oi may take slot si whatever else they hold: no leave or
// unavailability meets it and the earlier roster leaves rest around it. (Role, area and being
// active are in the candidate lists; the time rules among places are bestSchedule's.)
func (s *solver) staticOK(oi, si int) bool {
	st, sl := s.offs[oi], &s.sl[si]
	for i := range st.fixed {
		if s.timeConflict(sl.start, sl.end, st.fixed[i].start, st.fixed[i].end) != okay {
			return false
		}
	}
	for i := range st.blocks {
		b := &st.blocks[i]
		if b.start >= sl.end {
			break
		}
		if b.end > sl.start {
			return false
		}
	}
	return true
}

// id numbers a place for slices indexed by place: the slot's duty, then its backup.
func (p place) id() int { return 2*int(p.slot) + boolInt(p.backup) }

// findCapFree marks the officers whom the time rules alone keep below their cap: the most
// places they could hold (an uncapped programme over every place open to them) is no more than
// the cap, so the programmes for them need not count places. It returns the sum over officers
// of the most places each could hold alone (capped): what the officers could hold if none ever
// wanted another's place.
func (s *solver) findCapFree(static [][]place) int {
	s.capFree = make([]bool, len(s.offs))
	var places []place
	var value []int64
	most := 0
	for oi, ps := range static {
		places, value = places[:0], value[:0]
		for _, p := range ps {
			if !p.backup && s.sl[p.slot].rotation && !s.holds(oi, int(p.slot), false) {
				continue
			}
			places, value = append(places, p), append(value, 1)
		}
		chosen, _ := s.bestSchedule(oi, places, value, -1)
		s.capFree[oi] = len(chosen) <= s.offs[oi].cap
		if s.offs[oi].o.Active {
			most += min(len(chosen), s.offs[oi].cap)
		}
	}
	return most
}

// capArg is the cap bestSchedule needs for officer oi: none when the time rules keep them
// below it.
func (s *solver) capArg(oi int) int {
	if s.capFree != nil && s.capFree[oi] {
		return -1
	}
	return s.offs[oi].cap
}

// holds reports whether officer oi holds slot si in that role.
func (s *solver) holds(oi, si int, backup bool) bool {
	return hasBit(s.offs[oi].holding, place{int32(si), backup}.id())
}

// Values of places in a coverage rearrangement: a rotation turn the officer holds must stay;
// every other place counts one; keeping a place the officer holds breaks ties, so that nothing
// moves without a gain.
const (
	valueTurn  = int64(1) << 40
	valuePlace = int64(1) << 20
	valueKeep  = int64(1)
)

// reoptimize gives each officer in turn the schedule with the most places among their own and
// the open ones. It returns how many places it filled.
func (s *solver) reoptimize(static [][]place) int {
	gained := 0
	for oi := range s.offs {
		if s.spent() {
			break
		}
		gained += s.reoptimizeOne(oi, static[oi])
	}
	return gained
}

func (s *solver) reoptimizeOne(oi int, static []place) int {
	st := s.offs[oi]
	if !st.o.Active || len(static) == 0 {
		return 0
	}
	places, value := s.rfPlaces[:0], s.rfValues[:0]
	defer func() { s.rfPlaces, s.rfValues = places, value }()
	for _, p := range static {
		s.work++
		sl := &s.sl[p.slot]
		mine := s.holds(oi, int(p.slot), p.backup)
		switch {
		case mine && !p.backup && sl.rotation:
			places, value = append(places, p), append(value, valueTurn)
		case mine:
			places, value = append(places, p), append(value, valuePlace+valueKeep)
		case !p.backup && sl.rotation:
			// Another's turn, or a turn nobody could take: the order decides it.
		case s.holds(oi, int(p.slot), !p.backup):
			// The officer holds the other role of this slot; the programme sees it as overlap.
			places, value = append(places, p), append(value, valuePlace)
		default:
			if s.holdersOf(p) < s.needOf(p) {
				places, value = append(places, p), append(value, valuePlace)
			}
		}
	}
	chosen, _ := s.bestSchedule(oi, places, value, s.capArg(oi))
	if len(chosen) <= len(st.held) {
		return 0
	}
	gain := len(chosen) - len(st.held)
	for len(st.held) > 0 {
		h := st.held[len(st.held)-1]
		s.unassign(oi, h.slot, h.backup)
	}
	for _, k := range chosen {
		s.assign(oi, int(places[k].slot), places[k].backup)
	}
	return gain
}

// neighbours lists the officers who may take at least one of the slots officer oi may take:
// those whose schedules a rearrangement can trade places with. Computed on first use from the
// candidate lists (shared by the slots of one eligibility class) and kept.
func (s *solver) neighbours(static [][]place, oi int) []int {
	if s.near == nil {
		s.near = make([][]int, len(s.offs))
	}
	if s.near[oi] != nil {
		return s.near[oi]
	}
	seenClass := map[*int]bool{}
	in := make([]bool, len(s.offs))
	out := []int{}
	for _, p := range static[oi] {
		cands := s.candidates(int(p.slot), p.backup)
		if len(cands) == 0 || seenClass[&cands[0]] {
			continue
		}
		seenClass[&cands[0]] = true
		for _, q := range cands {
			if q != oi && !in[q] {
				in[q] = true
				out = append(out, q)
			}
		}
	}
	sort.Ints(out)
	s.near[oi] = out
	return out
}

// ruinRecreate takes the places of a few officers who share slots and gives the officers new
// schedules one at a time, the least flexible first, each the best bestSchedule finds among the
// open places (preferring places the officers still to come cannot take, then lighter ones). A
// result that fills more places is kept; one that fills as many is kept when it makes the
// group's heaviest load no heavier, so the search walks across plateaus without trading
// fairness away. Anything else is undone. It returns the places gained.
func (s *solver) ruinRecreate(static [][]place, open []place) int {
	a := s.rng.IntN(len(s.offs))
	// Half the time, start from an officer who could take an empty place.
	if len(open) > 0 && s.rng.IntN(2) == 0 {
		pl := open[s.rng.IntN(len(open))]
		if c := s.candidates(int(pl.slot), pl.backup); len(c) > 0 {
			a = c[s.rng.IntN(len(c))]
		}
	}
	nb := s.neighbours(static, a)
	if len(nb) == 0 || len(static[a]) == 0 {
		return 0
	}
	group := []int{a}
	most := 5
	if s.rng.IntN(8) == 0 {
		most = 12 // now and then a wider rearrangement
	}
	k := 1 + s.rng.IntN(min(most, len(nb)))
	for _, j := range s.rng.Perm(len(nb))[:k] {
		group = append(group, nb[j])
	}
	// Save and clear the group's schedules (rotation turns stay: the order decides them).
	saved := s.rrSaved[:0]
	defer func() { s.rrSaved = saved[:0] }()
	before := 0
	heaviest := int64(0) // the group's heaviest load: a plateau move may not raise it
	for _, oi := range group {
		st := s.offs[oi]
		before += len(st.held)
		heaviest = max(heaviest, s.score(st))
		for i := len(st.held) - 1; i >= 0; i-- {
			h := st.held[i]
			if !h.backup && s.sl[h.slot].rotation {
				continue
			}
			saved = append(saved, holdOf{oi, h})
			s.unassign(oi, h.slot, h.backup)
		}
	}
	sort.SliceStable(group, func(i, j int) bool { return len(static[group[i]]) < len(static[group[j]]) })
	demand := s.scratchDemand()
	for _, oi := range group {
		for _, p := range static[oi] {
			demand[p.id()]++
		}
	}
	after := 0
	for _, oi := range group {
		for _, p := range static[oi] {
			demand[p.id()]--
		}
		after += s.refill(oi, static[oi], demand)
	}
	if after > before || after == before && (s.anyPlateau || s.groupScore(group) <= heaviest) {
		return after - before
	}
	// Worse: put the group's schedules back as they were.
	for _, oi := range group {
		s.clearChosen(oi)
	}
	for _, x := range saved {
		s.assign(x.oi, x.h.slot, x.h.backup)
	}
	return 0
}

// holdOf is a place an officer held, saved to be put back.
type holdOf struct {
	oi int
	h  hold
}

// scratchDemand returns a zeroed per-place counter, reused from call to call.
func (s *solver) scratchDemand() []int64 {
	if len(s.demand) != 2*len(s.sl) {
		s.demand = make([]int64, 2*len(s.sl))
	}
	clear(s.demand)
	return s.demand
}

// groupScore is the heaviest load among the officers.
func (s *solver) groupScore(group []int) int64 {
	worst := int64(0)
	for _, oi := range group {
		worst = max(worst, s.score(s.offs[oi]))
	}
	return worst
}

// refill gives officer oi, whose places (but rotation turns) are cleared, the schedule with the
// most open places, the least wanted by others first; it returns the places the officer holds.
func (s *solver) refill(oi int, static []place, demand []int64) int {
	st := s.offs[oi]
	places, value := s.rfPlaces[:0], s.rfValues[:0]
	defer func() { s.rfPlaces, s.rfValues = places, value }()
	for _, p := range static {
		s.work++
		sl := &s.sl[p.slot]
		switch {
		case s.holds(oi, int(p.slot), p.backup):
			places, value = append(places, p), append(value, valueTurn)
		case !p.backup && sl.rotation:
		default:
			if s.holdersOf(p) < s.needOf(p) {
				// At equal counts, the lighter places: what stays empty is then the heaviest,
				// which leaves less burden to share.
				v := valuePlace - demand[p.id()]<<12 - s.units(int(p.slot), p.backup)/8
				if s.lightFirst != nil && s.lightFirst[oi] {
					// An officer a level refill holds below their load: the lightest places
					// first, before those the others want less (a quarter of a duty's weight,
					// 500 units, counts 32,000 here; each officer more who wants the place,
					// 4,096).
					v = valuePlace - demand[p.id()]<<12 - s.units(int(p.slot), p.backup)*64
				} else if s.prices != nil {
					// The place's value less its price: a place others need more is left to them.
					v = priceUnit - s.prices[p.id()] - s.units(int(p.slot), p.backup)/8
				}
				places, value = append(places, p), append(value, v)
			}
		}
	}
	chosen, _ := s.bestSchedule(oi, places, value, s.capArg(oi))
	for _, k := range chosen {
		if !s.holds(oi, int(places[k].slot), places[k].backup) {
			s.assign(oi, int(places[k].slot), places[k].backup)
		}
	}
	return len(st.held)
}

// search alternates rearrangements of groups and of single officers until its budget is spent
// or the roster fills bound.
func (s *solver) search(static [][]place, bound int) {
	s.searchFor(static, bound, s.startSearches)
}

// searchFor is search with times its budget.
func (s *solver) searchFor(static [][]place, bound int, times int64) {
	s.searchWithin(static, bound, times*s.effort*(s.places*100+s.fixedBudget))
}

// searchWithin is search with the given step budget.
func (s *solver) searchWithin(static [][]place, bound int, budget int64) {
	s.limit = s.work + budget
	for round := 0; !s.spent() && s.filled() < bound; round++ {
		s.progress("cover", round, 0)
		open := s.openPlaces()
		for i := 0; i < 64 && !s.spent(); i++ {
			s.ruinRecreate(static, open)
		}
		s.reoptimize(static)
		open = s.openPlaces()
		for i := 0; i < 16 && !s.spent() && len(open) > 0; i++ {
			if s.windowTry(static, open) > 0 {
				open = s.openPlaces()
			}
		}
	}
}

// cover makes the roster as complete as it can and returns an upper bound on the places any
// roster can fill: the capacity check's, lowered by the Lagrangian bound. The bound comes first,
// so that no search is spent on places it proves nobody can fill; the search runs on its own,
// then steered by the bound's prices, which tell officers which places the others need most,
// and stops as soon as the roster fills the bound.
func (s *solver) cover(capacity int, static [][]place) int {
	bound := min(capacity, int(s.places))
	if s.filled() >= bound {
		return bound
	}
	most := s.findCapFree(static)
	iters := firstBoundSteps * int(s.effort)
	b, prices := s.coverBound(static, iters, 1, nil)
	s.boundPrices = prices
	bound = min(bound, b)
	if s.filled() >= bound || s.stopped {
		return bound
	}
	s.search(static, bound)
	// Where the officers could hold no more than three places in four even if none ever wanted
	// another's place, the month is far over-demanded: whole schedules made officer by officer
	// may hold more than construction's slot-by-slot filling and the search after it (see
	// rebuild); the fuller of the two goes on.
	if most*4 < int(s.places)*3 && !s.stopped {
		s.rebuild(static)
	}
	if s.filled() >= bound || s.stopped || prices == nil {
		return bound
	}
	s.prices = prices
	s.search(static, bound)
	s.prices = nil
	return bound
}

// lastBound lowers the bound once more after the search, when the roster is still short of it:
// a fuller roster gives the bound's steps a better aim. It is given ten times the steps and
// eight times the fixed budget in a part that holds a quarter of the plan or more (a Center's):
// there each step is cheap and the proof is worth it. A country's many parts keep the plain
// budget, where a step costs far more.
func (s *solver) lastBound(static [][]place, bound int) int {
	if s.centerPart() {
		return s.boundAgain(static, bound, 10, 8)
	}
	return s.boundAgain(static, bound, 1, 1)
}

// finalBound lowers the bound a last time in a Center's part still short of it after every
// search, for finalBoundSteps times the first bound's steps, aimed at the roster the searches
// left. The bound's steps close in on its optimum slowly: on the 78 plans of the CBC comparison
// that no start fills or proves complete, it brings the bound from 216 places above the rosters
// in all to 85 and proves 28 more of them complete (34), for a fifth more time (480 s against
// 395 s; at most 3 s more on one plan). Its steps propose rosters as every bound's do, kept
// only when fuller; on those 78 none was, and every roster stays as it was.
func (s *solver) finalBound(bound int) int {
	if !s.centerPart() {
		return bound
	}
	return s.boundAgain(s.static, bound, finalBoundSteps, finalBoundFixed)
}

// boundAgain computes the bound again when the roster is still short of it, from the prices the
// first bound ended with, for times the first bound's steps and fixed times a start's fixed
// budget, and returns the lower of the two.
func (s *solver) boundAgain(static [][]place, bound, times int, fixed int64) int {
	if s.filled() >= bound || s.stopped {
		return bound
	}
	b, _ := s.coverBound(static, times*firstBoundSteps*int(s.effort), fixed, s.boundPrices)
	return min(bound, b)
}

// firstBoundSteps is how many steps the first bound takes at effort 1; the later ones are
// given multiples of it.
const firstBoundSteps = 200

// finalBoundSteps and finalBoundFixed size finalBound: its steps, in the first bound's, and its
// fixed budget, in a start's. With 20 and 16 it proved 23 of the 78 (the bound 117 above), with
// 40 and 32, 30 (95).
const finalBoundSteps, finalBoundFixed = 80, 64

// centerPart reports whether the part holds a quarter of the plan or more (a Center's, not one
// of a country's many parts): there the bound's last computation and the restarts are worth
// their time.
func (s *solver) centerPart() bool { return s.fixedBudget >= wholeBudget/4 }

// rebuild clears every officer's places (but rotation turns) and gives the officers new
// schedules one at a time, the least flexible first, each the best among the places still open
// (preferring places fewer of the officers still to come can take, as a group rearrangement
// does); it keeps the result when it fills more and reports whether it did. Construction fills
// slots in time order, one place at a time; where demand far exceeds what the officers can hold,
// schedules made whole, officer by officer, hold more.
func (s *solver) rebuild(static [][]place) bool {
	return s.rebuildWith(static, func(order []int) {
		demand := s.scratchDemand()
		for _, oi := range order {
			for _, p := range static[oi] {
				demand[p.id()]++
			}
		}
		for _, oi := range order {
			for _, p := range static[oi] {
				demand[p.id()]--
			}
			s.refill(oi, static[oi], demand)
		}
	})
}

// rebuildWith clears every officer's places (but rotation turns), lets fill give the officers
// new ones in the order given (the least flexible first), and keeps the result when it fills
// more than before; otherwise it puts everything back. It reports whether it kept it.
func (s *solver) rebuildWith(static [][]place, fill func(order []int)) bool {
	before := s.filled()
	j := &journal{saved: map[int][]hold{}}
	order := make([]int, len(s.offs))
	for oi := range s.offs {
		j.note(s, oi)
		s.clearChosen(oi)
		order[oi] = oi
	}
	sort.SliceStable(order, func(a, b int) bool { return len(static[order[a]]) < len(static[order[b]]) })
	fill(order)
	if s.filled() > before {
		return true
	}
	j.restore(s)
	return false
}
