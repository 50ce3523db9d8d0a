package scheduler

// journal keeps what the officers a change touches held before it, to put back.
type journal struct {
	saved map[int][]hold
	order []int
}

// journalAll notes every officer's places: the whole roster, to put back.
func (s *solver) journalAll() *journal {
	j := &journal{saved: map[int][]hold{}}
	for oi := range s.offs {
		j.note(s, oi)
	}
	return j
}

func (j *journal) note(s *solver, oi int) {
	if _, ok := j.saved[oi]; !ok {
		j.saved[oi] = append([]hold(nil), s.offs[oi].held...)
		j.order = append(j.order, oi)
	}
}

func (j *journal) restore(s *solver) {
	for _, oi := range j.order {
		st := s.offs[oi]
		for len(st.held) > 0 {
			h := st.held[len(st.held)-1]
			s.unassign(oi, h.slot, h.backup)
		}
	}
	for _, oi := range j.order {
		for _, h := range j.saved[oi] {
			s.assign(oi, h.slot, h.backup)
		}
	}
}

// clearChosen takes from officer oi every place but rotation turns (the order decides those).
func (s *solver) clearChosen(oi int) {
	st := s.offs[oi]
	for i := len(st.held) - 1; i >= 0; i-- {
		h := st.held[i]
		if !h.backup && s.sl[h.slot].rotation {
			continue
		}
		s.unassign(oi, h.slot, h.backup)
	}
}

// holdersOf and needOf count a place-group's holders and its need.
func (s *solver) holdersOf(p place) int {
	if p.backup {
		return len(s.sl[p.slot].backup)
	}
	return len(s.sl[p.slot].duty)
}

func (s *solver) needOf(p place) int {
	return s.sl[p.slot].need[boolInt(p.backup)]
}
