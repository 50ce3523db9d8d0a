package scheduler

import "sort"

// Coverage search: after construction and the augmenting-path repair, each officer in turn is
// given the best schedule they can hold among their own places and the open ones, chosen exactly
// by bestSchedule. A rearrangement that holds more places fills more of the roster; rounds repeat,
// with augmenting paths between them, until a whole round gains nothing.

// staticOpen lists, per officer, the places the officer may take on their own (role, area,
// leave, the earlier roster), in slot order. Computed once: none of it changes in a search.
func (s *solver) staticOpen() [][]place {
	out := make([][]place, len(s.offs))
	for si := range s.sl {
		for _, backup := range []bool{false, true} {
			need := s.slots[si].Shift.Need
			if backup {
				need = s.slots[si].Shift.Backup
			}
			if need == 0 {
				continue
			}
			for _, oi := range s.candidates(si, backup) {
				if s.staticOK(oi, si) || s.holds(oi, si, backup) {
					out[oi] = append(out[oi], place{si, backup})
				}
			}
		}
	}
	return out
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
func (p place) id() int { return 2*p.slot + boolInt(p.backup) }

// holds reports whether officer oi holds slot si in that role.
func (s *solver) holds(oi, si int, backup bool) bool {
	list := s.sl[si].duty
	if backup {
		list = s.sl[si].backup
	}
	for _, x := range list {
		if x == oi {
			return true
		}
	}
	return false
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
	var places []place
	var value []int64
	for _, p := range static {
		s.work++
		sl := &s.sl[p.slot]
		mine := s.holds(oi, p.slot, p.backup)
		switch {
		case mine && !p.backup && sl.rotation:
			places, value = append(places, p), append(value, valueTurn)
		case mine:
			places, value = append(places, p), append(value, valuePlace+valueKeep)
		case !p.backup && sl.rotation:
			// Another's turn, or a turn nobody could take: the order decides it.
		case s.holds(oi, p.slot, !p.backup):
			// The officer holds the other role of this slot; the programme sees it as overlap.
			places, value = append(places, p), append(value, valuePlace)
		default:
			holders, need := len(sl.duty), s.slots[p.slot].Shift.Need
			if p.backup {
				holders, need = len(sl.backup), s.slots[p.slot].Shift.Backup
			}
			if holders < need {
				places, value = append(places, p), append(value, valuePlace)
			}
		}
	}
	chosen, _ := s.bestSchedule(oi, places, value, st.cap)
	if len(chosen) <= len(st.held) {
		return 0
	}
	gain := len(chosen) - len(st.held)
	for len(st.held) > 0 {
		h := st.held[len(st.held)-1]
		s.unassign(oi, h.slot, h.backup)
	}
	for _, k := range chosen {
		s.assign(oi, places[k].slot, places[k].backup)
	}
	return gain
}

// neighbours lists, per officer, the officers who may take at least one of the same slots:
// those whose schedules a rearrangement can trade places with.
func (s *solver) neighbours(static [][]place) [][]int {
	bySlot := map[int][]int{}
	for oi, ps := range static {
		last := -1
		for _, p := range ps {
			if p.slot != last {
				bySlot[p.slot] = append(bySlot[p.slot], oi)
				last = p.slot
			}
		}
	}
	out := make([][]int, len(static))
	for oi, ps := range static {
		seen := map[int]bool{oi: true}
		for _, p := range ps {
			for _, q := range bySlot[p.slot] {
				if !seen[q] {
					seen[q] = true
					out[oi] = append(out[oi], q)
				}
			}
		}
		sort.Ints(out[oi])
	}
	return out
}

// ruinRecreate takes the places of a few officers who share slots and gives the officers new
// schedules one at a time, the least flexible first, each the best bestSchedule finds among the
// open places (preferring places the officers still to come cannot take). A result that fills
// fewer places is undone; one that fills as many is kept, so the search walks across plateaus.
// It returns the places gained.
func (s *solver) ruinRecreate(static [][]place, near [][]int, open []place) int {
	a := s.rng.IntN(len(s.offs))
	// Half the time, start from an officer who could take an empty place.
	if len(open) > 0 && s.rng.IntN(2) == 0 {
		pl := open[s.rng.IntN(len(open))]
		if c := s.candidates(pl.slot, pl.backup); len(c) > 0 {
			a = c[s.rng.IntN(len(c))]
		}
	}
	if len(near[a]) == 0 || len(static[a]) == 0 {
		return 0
	}
	group := []int{a}
	k := 1 + s.rng.IntN(min(5, len(near[a])))
	for _, j := range s.rng.Perm(len(near[a]))[:k] {
		group = append(group, near[a][j])
	}
	// Save and clear the group's schedules (rotation turns stay: the order decides them).
	type holdOf struct {
		oi int
		h  hold
	}
	var saved []holdOf
	before := 0
	for _, oi := range group {
		st := s.offs[oi]
		before += len(st.held)
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
	if after >= before {
		return after - before
	}
	// Worse: put the group's schedules back as they were.
	for _, oi := range group {
		st := s.offs[oi]
		for i := len(st.held) - 1; i >= 0; i-- {
			h := st.held[i]
			if !h.backup && s.sl[h.slot].rotation {
				continue
			}
			s.unassign(oi, h.slot, h.backup)
		}
	}
	for _, x := range saved {
		s.assign(x.oi, x.h.slot, x.h.backup)
	}
	return 0
}

// scratchDemand returns a zeroed per-place counter, reused from call to call.
func (s *solver) scratchDemand() []int64 {
	if len(s.demand) != 2*len(s.sl) {
		s.demand = make([]int64, 2*len(s.sl))
	}
	clear(s.demand)
	return s.demand
}

// refill gives officer oi, whose places (but rotation turns) are cleared, the schedule with the
// most open places, the least wanted by others first; it returns the places the officer holds.
func (s *solver) refill(oi int, static []place, demand []int64) int {
	st := s.offs[oi]
	var places []place
	var value []int64
	for _, p := range static {
		s.work++
		sl := &s.sl[p.slot]
		switch {
		case s.holds(oi, p.slot, p.backup):
			places, value = append(places, p), append(value, valueTurn)
		case !p.backup && sl.rotation:
		default:
			holders, need := len(sl.duty), s.slots[p.slot].Shift.Need
			if p.backup {
				holders, need = len(sl.backup), s.slots[p.slot].Shift.Backup
			}
			if holders < need {
				v := valuePlace - demand[p.id()]
				if s.prices != nil {
					// The place's value less its price: a place others need more is left to them.
					v = priceUnit - s.prices[p.id()]
				}
				places, value = append(places, p), append(value, v)
			}
		}
	}
	chosen, _ := s.bestSchedule(oi, places, value, st.cap)
	for _, k := range chosen {
		if !s.holds(oi, places[k].slot, places[k].backup) {
			s.assign(oi, places[k].slot, places[k].backup)
		}
	}
	return len(st.held)
}

// search alternates rearrangements of groups and of single officers until its budget is spent
// or the roster fills bound.
func (s *solver) search(static [][]place, near [][]int, bound int) {
	s.limit = s.work + s.effort*(s.places*400+s.fixedBudget)
	for round := 0; !s.spent() && s.filled() < bound; round++ {
		s.progress("cover", round, 0)
		open := s.openPlaces()
		for i := 0; i < 64 && !s.spent(); i++ {
			s.ruinRecreate(static, near, open)
		}
		s.reoptimize(static)
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
	iters := int(200 * s.effort)
	b, prices := s.coverBound(static, iters)
	bound = min(bound, b)
	if s.filled() >= bound || s.stopped {
		return bound
	}
	near := s.neighbours(static)
	s.search(static, near, bound)
	if s.filled() >= bound || s.stopped || prices == nil {
		return bound
	}
	s.prices = prices
	s.search(static, near, bound)
	s.prices = nil
	if s.filled() < bound && !s.stopped {
		// A fuller roster gives the bound's steps a better aim.
		b, _ = s.coverBound(static, iters)
		bound = min(bound, b)
	}
	return bound
}
