package scheduler

import (
	"slices"
	"sort"
)

// measure is what the objective looks at for one officer.
type measure struct {
	score, cat, spread int64
}

func (s *solver) measureAll(ois []int) []measure {
	out := make([]measure, len(ois))
	for i, oi := range ois {
		out[i] = s.measureOf(oi)
	}
	return out
}

// measureOf is one officer's measure.
func (s *solver) measureOf(oi int) measure {
	st := s.offs[oi]
	return measure{s.score(st), s.catKey(st), s.spreadKey(st)}
}

// measurePair is the measures of two officers, kept off the heap: the commonest move, a hand-over
// or a swap, touches two.
func (s *solver) measurePair(a, b int) [2]measure {
	return [2]measure{s.measureOf(a), s.measureOf(b)}
}

// better reports whether the officers' new measures improve on the old: first leximin on burden
// (their loads sorted heaviest first, compared in turn), then fewer squared weekend, holiday and
// night counts, then fewer duties close together. Other officers are unchanged, so an
// improvement here is an improvement of the whole roster.
func better(before, after []measure) bool {
	// Most calls compare two or three officers: the loads sort in arrays on the stack.
	var bArr, aArr [8]int64
	b, a := bArr[:0], aArr[:0]
	var bc, ac, bs, as int64
	for i := range before {
		b, a = append(b, before[i].score), append(a, after[i].score)
		bc += before[i].cat
		ac += after[i].cat
		bs += before[i].spread
		as += after[i].spread
	}
	slices.Sort(b)
	slices.Sort(a)
	for i := len(a) - 1; i >= 0; i-- { // heaviest first
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	if ac != bc {
		return ac < bc
	}
	return as < bs
}

// movable reports whether the optimiser may move a held place (rotation turns stay).
func (s *solver) movable(h hold) bool { return h.backup || !s.sl[h.slot].rotation }

// byScore returns officer indexes, heaviest first (index order among equals).
func (s *solver) byScore() []int {
	idx := make([]int, 0, len(s.offs))
	scores := make([]int64, len(s.offs))
	for i, st := range s.offs {
		if len(st.held) > 0 || st.o.Active {
			idx = append(idx, i)
		}
		scores[i] = s.score(st)
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
	return idx
}

// improve runs local search until no move helps or the step budget is spent.
func (s *solver) improve() {
	for round := 0; !s.spent(); round++ {
		s.progress("improve", round, 0)
		if s.moveRound() {
			continue
		}
		if s.chainRound() {
			continue
		}
		if s.swapRound() {
			continue
		}
		if !s.swapChainRound() {
			return
		}
	}
}

// moveRound hands single places from heavier officers to lighter ones.
func (s *solver) moveRound() bool {
	changed := false
	for _, a := range s.byScore() {
		if s.spent() {
			return changed
		}
		st := s.offs[a]
		for i := 0; i < len(st.held); i++ {
			h := st.held[i]
			if !s.movable(h) {
				continue
			}
			u := s.units(h.slot, h.backup)
			top := s.score(st)
			best, bestScore := -1, int64(0)
			for _, b := range s.candidates(h.slot, h.backup) {
				if b == a {
					continue
				}
				sb := s.scoreWith(s.offs[b], u)
				if sb >= top || (best >= 0 && sb >= bestScore) {
					continue
				}
				if s.check(b, h.slot, -1, false).why != okay {
					continue
				}
				best, bestScore = b, sb
			}
			if best < 0 {
				continue
			}
			before := s.measurePair(a, best)
			s.unassign(a, h.slot, h.backup)
			s.assign(best, h.slot, h.backup)
			if after := s.measurePair(a, best); better(before[:], after[:]) {
				changed = true
				i-- // the held list shifted
				continue
			}
			s.unassign(best, h.slot, h.backup)
			s.assign(a, h.slot, h.backup)
		}
	}
	return changed
}

// swapRound exchanges places between two officers: for burden when the weights differ, and
// for the weekend/holiday/night counts and the spread when they do not.
func (s *solver) swapRound() bool {
	changed := false
	order := s.byScore()
	for _, a := range order {
		if s.spent() {
			return changed
		}
		sa := s.offs[a]
		for i := 0; i < len(sa.held); i++ {
			h := sa.held[i]
			if !s.movable(h) {
				continue
			}
			if s.swapOne(a, h) {
				changed = true
			}
		}
	}
	return changed
}

func (s *solver) swapOne(a int, h hold) bool {
	for _, b := range s.candidates(h.slot, h.backup) {
		if b == a || s.spent() {
			continue
		}
		sb := s.offs[b]
		// A swap tried and undone leaves b's places as they were (held in slot order), so the
		// loop reads them in place.
		for k := 0; k < len(sb.held); k++ {
			g := sb.held[k]
			if !s.movable(g) || g.slot == h.slot || !s.eligible(a, g) {
				continue
			}
			if s.check(b, h.slot, g.slot, false).why != okay || s.check(a, g.slot, h.slot, false).why != okay {
				continue
			}
			moves := [2]move{{a, b, h}, {b, a, g}}
			switch s.swapVerdict(a, b, h, g) {
			case -1:
				continue
			case 1:
				s.apply(moves[:])
				return true
			}
			// Loads and counts stay as they were: the spread decides, read from the swapped places.
			before := s.measurePair(a, b)
			s.apply(moves[:])
			if after := s.measurePair(a, b); better(before[:], after[:]) {
				return true
			}
			s.undo(moves[:])
		}
	}
	return false
}

// swapVerdict tells what better would say of a swapping h (held by a) for g (held by b), from
// the loads and the weekend, holiday and night counts the swap would leave, without making it: 1
// better, -1 not, 0 when those are unchanged and only the spread can tell.
func (s *solver) swapVerdict(a, b int, h, g hold) int {
	sa, sb := s.offs[a], s.offs[b]
	d := s.units(g.slot, g.backup) - s.units(h.slot, h.backup)
	before, after := [2]measure{{score: s.score(sa)}, {score: s.score(sb)}}, [2]measure{{score: s.scoreWith(sa, d)}, {score: s.scoreWith(sb, -d)}}
	hs, gs := &s.slots[h.slot], &s.slots[g.slot]
	dw, dh, dn := boolInt(gs.Weekend)-boolInt(hs.Weekend), boolInt(gs.Holiday)-boolInt(hs.Holiday), boolInt(gs.Night)-boolInt(hs.Night)
	before[0].cat, before[1].cat = s.catKey(sa), s.catKey(sb)
	after[0].cat, after[1].cat = s.catWith(sa, dw, dh, dn), s.catWith(sb, -dw, -dh, -dn)
	switch {
	case better(before[:], after[:]):
		return 1
	case better(after[:], before[:]):
		return -1
	}
	return 0
}

// eligible reports whether officer oi's role, area and status allow place h: whether oi is
// among the place's candidates, read from the officer's classes.
func (s *solver) eligible(oi int, h hold) bool {
	return hasBit(s.offs[oi].classes, int(s.sl[h.slot].class[boolInt(h.backup)]))
}

// chainRound looks for chains of moves a -> x -> ... -> y in which each officer hands one place
// to the next: the middle officers keep their number of places and the load moves from a to y.
func (s *solver) chainRound() bool {
	for _, a := range s.byScore() {
		if s.spent() {
			return false
		}
		if s.chainFrom(a) {
			return true
		}
	}
	return false
}

type chainNode struct {
	oi     int
	parent int
	h      hold // the place this officer takes from its parent
	depth  int
	// give is the slot this officer must hand on (the one its new place conflicts with), or -1.
	give int
}

const maxChainDepth = 5

func (s *solver) chainFrom(a int) bool {
	nodes := append(s.chainNodes[:0], chainNode{oi: a, parent: -1, give: -1})
	defer func() { s.chainNodes = nodes[:0] }()
	visited := s.visitMarks()
	visited.mark(a)
	for qi := 0; qi < len(nodes); qi++ {
		x := nodes[qi]
		if x.depth >= maxChainDepth || s.spent() {
			continue
		}
		for _, h := range s.offs[x.oi].held {
			if !s.movable(h) || (qi > 0 && h == x.h) || s.inChain(nodes, qi, h.slot) || (x.give >= 0 && h.slot != x.give) {
				continue
			}
			for _, y := range s.candidates(h.slot, h.backup) {
				if visited.has(y) {
					continue
				}
				c := s.check(y, h.slot, -1, true)
				give := -1
				if c.why != okay {
					// y could take h by handing on the one place it conflicts with.
					if c.slot < 0 || c.why == whySameSlot || c.why == whyCap {
						continue
					}
					if c2 := s.check(y, h.slot, c.slot, true); c2.why != okay {
						continue
					}
					give = c.slot
				}
				if give < 0 && len(s.offs[y].held)+1 <= s.offs[y].cap && s.tryChain(nodes, qi, y, h) {
					return true
				}
				visited.mark(y)
				nodes = append(nodes, chainNode{oi: y, parent: qi, h: h, depth: x.depth + 1, give: give})
			}
		}
	}
	return false
}

// marks is a set of officers, cleared in O(1): an officer is in it when its stamp is the
// current one.
type marks struct {
	stamp []uint32
	cur   uint32
}

func (m *marks) has(oi int) bool { return m.stamp[oi] == m.cur }
func (m *marks) mark(oi int)     { m.stamp[oi] = m.cur }

// visitMarks returns the solver's officer set, emptied; a chain search uses one at a time.
func (s *solver) visitMarks() *marks {
	m := &s.visited
	if len(m.stamp) != len(s.offs) {
		m.stamp, m.cur = make([]uint32, len(s.offs)), 0
	}
	m.cur++
	if m.cur == 0 { // the stamps wrapped around: start again from clean ones
		clear(m.stamp)
		m.cur = 1
	}
	return m
}

// inChain reports whether a slot is already moved along the path to node qi.
func (s *solver) inChain(nodes []chainNode, qi, slot int) bool {
	for n := qi; n > 0; n = nodes[n].parent {
		if nodes[n].h.slot == slot {
			return true
		}
	}
	return false
}

// tryChain applies the chain ending with y taking h from node qi's officer, and keeps it only
// when it improves the objective.
func (s *solver) tryChain(nodes []chainNode, qi, y int, last hold) bool {
	moves := []move{{nodes[qi].oi, y, last}}
	touched := []int{y}
	for n := qi; n > 0; n = nodes[n].parent {
		moves = append(moves, move{nodes[nodes[n].parent].oi, nodes[n].oi, nodes[n].h})
	}
	for n := qi; n >= 0; n = nodes[n].parent {
		touched = append(touched, nodes[n].oi)
		if n == 0 {
			break
		}
	}
	return s.tryApply(moves, touched)
}

// move hands place h from one officer to another.
type move struct {
	from, to int
	h        hold
}

// apply makes the moves in order; undo takes them back in reverse.
func (s *solver) apply(moves []move) {
	for _, m := range moves {
		s.unassign(m.from, m.h.slot, m.h.backup)
		s.assign(m.to, m.h.slot, m.h.backup)
	}
}

func (s *solver) undo(moves []move) {
	for i := len(moves) - 1; i >= 0; i-- {
		m := moves[i]
		s.unassign(m.to, m.h.slot, m.h.backup)
		s.assign(m.from, m.h.slot, m.h.backup)
	}
}

// tryApply makes the moves and keeps them only when every place of the touched officers is still
// valid and the objective improves.
func (s *solver) tryApply(moves []move, touched []int) bool {
	before := s.measureAll(touched)
	s.apply(moves)
	if better(before, s.measureAll(touched)) && s.chainValid(touched) {
		return true
	}
	s.undo(moves)
	return false
}

// chainValid re-checks every place of the officers a chain touched, each against the rest.
func (s *solver) chainValid(ois []int) bool {
	for _, oi := range ois {
		st := s.offs[oi]
		if len(st.held) > st.cap {
			return false
		}
		for _, h := range append([]hold(nil), st.held...) {
			// Check h as if newly taken: take it out, check, put it back.
			s.unassign(oi, h.slot, h.backup)
			c := s.check(oi, h.slot, -1, true)
			s.assign(oi, h.slot, h.backup)
			if c.why != okay {
				return false
			}
		}
	}
	return true
}

// swapChainFrom is how many of the heaviest officers swapChainRound starts from.
const swapChainFrom = 3

// swapChainRound moves one place p from the heaviest officers to an officer x who can hold it
// only by giving up another place q of theirs (any rule may be what p breaks: rest, the
// consecutive-day limit, the cap), and q to a third officer y who can take it as it is. x's
// programme (bestSchedule over x's places and p, p valued a little above the others) finds which
// q to give up. Chains of single hand-overs follow a conflict only when it is with one place
// that check names; these follow any.
func (s *solver) swapChainRound() bool {
	// Only from the heaviest few: it is the maximum this lowers, and each try runs a programme.
	for i, a := range s.byScore() {
		if s.spent() || i >= swapChainFrom {
			return false
		}
		if s.swapChainFrom(a) {
			return true
		}
	}
	return false
}

func (s *solver) swapChainFrom(a int) bool {
	held := append([]hold(nil), s.offs[a].held...)
	for _, p := range held {
		if !s.movable(p) {
			continue
		}
		for _, x := range s.candidates(p.slot, p.backup) {
			if x == a || s.spent() {
				continue
			}
			st := s.offs[x]
			if s.holds(x, p.slot, !p.backup) {
				continue
			}
			// x's places and p, in slot order (the programme needs it).
			var places []place
			var value []int64
			pi := -1
			added := false
			for _, h := range st.held {
				s.work++
				if !added && (p.slot < h.slot || p.slot == h.slot && !p.backup) {
					pi, added = len(places), true
					places, value = append(places, place{int32(p.slot), p.backup}), append(value, valuePlace+2)
				}
				v := valuePlace + 1
				if !s.movable(h) {
					v = valueTurn
				}
				places, value = append(places, place{int32(h.slot), h.backup}), append(value, v)
			}
			if !added {
				pi = len(places)
				places, value = append(places, place{int32(p.slot), p.backup}), append(value, valuePlace+2)
			}
			chosen, _ := s.bestSchedule(x, places, value, s.capArg(x))
			if len(chosen) != len(st.held) || !slices.Contains(chosen, pi) {
				continue
			}
			// The one place x gives up.
			kept := make([]bool, len(places))
			for _, k := range chosen {
				kept[k] = true
			}
			q := -1
			for k := range places {
				if !kept[k] {
					q = k
				}
			}
			if q < 0 || value[q] == valueTurn {
				continue
			}
			qh := hold{slot: int(places[q].slot), backup: places[q].backup}
			for _, y := range s.candidates(qh.slot, qh.backup) {
				if y == a || y == x || len(s.offs[y].held)+1 > s.offs[y].cap {
					continue
				}
				// q leaves x before p arrives, so x never holds both.
				if s.tryApply([]move{{x, y, qh}, {a, x, p}}, []int{a, x, y}) {
					return true
				}
			}
		}
	}
	return false
}
