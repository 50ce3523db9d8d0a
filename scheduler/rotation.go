package scheduler

import "dutyroster/roster"

// fillRotations fills the duty places of `rotation` shifts: the officers take turns in `order`,
// one turn per place. An officer who cannot take their turn (leave, rest, cap) is skipped and
// owed a turn, which they take at the first later place they can, before the regular turn;
// so nobody loses or gains turns. The state carries over to the next month.
func (s *solver) fillRotations() map[string]roster.RotationState {
	out := map[string]roster.RotationState{}
	for pi := range s.p.Plan.Posts {
		post := &s.p.Plan.Posts[pi]
		if !post.Active {
			continue
		}
		for shi := range post.Shifts {
			shift := &post.Shifts[shi]
			if shift.Strategy != roster.StrategyRotation || len(shift.Order) == 0 {
				continue
			}
			key := post.ID + "/" + shift.ID
			st := s.rotationStart(key, shift)
			for si := range s.slots {
				if s.slots[si].Shift != shift {
					continue
				}
				for k := len(s.sl[si].duty); k < shift.Need; k++ {
					s.takeTurn(si, shift, &st)
				}
			}
			out[key] = st
		}
	}
	return out
}

// rotationStart returns the carried state, cleaned of officers no longer in the order.
func (s *solver) rotationStart(key string, shift *roster.Shift) roster.RotationState {
	prev := s.p.Rotation[key]
	st := roster.RotationState{Next: prev.Next, Owed: []string{}}
	if st.Next < 0 || st.Next >= len(shift.Order) {
		st.Next = 0
	}
	inOrder := map[string]bool{}
	for _, id := range shift.Order {
		inOrder[id] = true
	}
	for _, id := range prev.Owed {
		if inOrder[id] {
			st.Owed = append(st.Owed, id)
		}
	}
	return st
}

// takeTurn fills one duty place of slot si from the rotation.
func (s *solver) takeTurn(si int, shift *roster.Shift, st *roster.RotationState) {
	// Owed turns first, oldest first.
	for j, id := range st.Owed {
		oi, ok := s.byID[id]
		if ok && s.check(oi, si, -1, false).why == okay {
			s.assign(oi, si, false)
			st.Owed = append(st.Owed[:j], st.Owed[j+1:]...)
			return
		}
	}
	saved := roster.RotationState{Next: st.Next, Owed: append([]string{}, st.Owed...)}
	for tries := 0; tries < len(shift.Order); tries++ {
		id := shift.Order[st.Next]
		st.Next = (st.Next + 1) % len(shift.Order)
		oi, ok := s.byID[id]
		if !ok || !s.offs[oi].o.Active {
			continue // an officer who left the Center takes no turns and is owed none
		}
		if s.check(oi, si, -1, false).why == okay {
			s.assign(oi, si, false)
			return
		}
		st.Owed = append(st.Owed, id)
	}
	// Nobody could take the place: it stays empty (and is explained), and no turn is used up.
	*st = saved
}
