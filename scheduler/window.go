package scheduler

import (
	"math"
	"math/bits"
	"slices"
	"sort"
)

// Exact rearrangement of a few officers over a few days. Rearrangements that give officers new
// schedules one at a time (reoptimize, ruinRecreate) cannot make two officers trade patterns
// at once: with a two-day limit and a court that sits every weekday, an officer who holds
// Monday, Tuesday, Thursday and Friday leaves Wednesday to someone who then holds little
// else, and only a joint change (one takes Monday, Wednesday and Thursday, the other Tuesday,
// Wednesday and Friday) fills one more place. windowTry clears the places a small group holds
// in a window of days around an empty place and searches every way the group can hold the
// window's open places again, exactly (every hard rule is check's), keeping the result when it
// holds more.

// windowClass is a set of interchangeable places of a window: same times, same role, open to
// the same members of the group. A member takes at most one of them (they overlap), so the
// search decides per class which members take one, not which place: that removes the
// symmetric branches of identical court sessions.
type windowClass struct {
	places []place // with a free unit each (a place with two free units appears twice)
	mask   uint    // the group members (bits) who may take one on their own
}

// windowNodes bounds the search of one window, in checks, so that a try costs about what a
// group rearrangement does.
const windowNodes = 4000

// windowTry rearranges a small group over the days around a random open place. It returns
// the places gained (0 when nothing better was found; the roster is then as it was).
func (s *solver) windowTry(static [][]place, open []place) int {
	if len(open) == 0 {
		return 0
	}
	pl := open[s.rng.IntN(len(open))]
	cands := s.candidates(int(pl.slot), pl.backup)
	if len(cands) == 0 {
		return 0
	}
	w := s.windowAround(s.sl[pl.slot].day)
	inWindow := func(oi int) int {
		n := 0
		for _, h := range s.offs[oi].held {
			if s.movableIn(w, h) {
				n++
			}
		}
		return n
	}
	// One member who may take the open place, the one holding least in the window half the
	// time (the officer with room to spare), and one to three neighbours who hold places there.
	a := cands[s.rng.IntN(len(cands))]
	if s.rng.IntN(2) == 0 {
		least := -1
		for _, oi := range cands {
			if !s.offs[oi].o.Active || !s.staticOK(oi, int(pl.slot)) {
				continue
			}
			if n := inWindow(oi); least < 0 || n < least {
				a, least = oi, n
			}
		}
	}
	group := []int{a}
	var holding []int
	for _, oi := range s.neighbours(static, a) {
		if inWindow(oi) > 0 {
			holding = append(holding, oi)
		}
	}
	if len(holding) == 0 {
		return 0
	}
	size := min(1+s.rng.IntN(3), len(holding))
	for _, j := range s.rng.Perm(len(holding))[:size] {
		group = append(group, holding[j])
	}
	before := s.filled()
	s.rearrangeWindow(group, w, false)
	return s.filled() - before
}

// balanceWindow is the same exact search for fairness: the heaviest officer a and one to three
// officers who could take one of a's places are rearranged over the days around that place,
// and the arrangement kept when it holds as many places and its heaviest member is lighter
// than a is now. Hand-overs of one place at a time cannot lighten a whose places each fall on a
// day where everyone who could take them works the two days around it.
func (s *solver) balanceWindow(a int) bool {
	var mine []hold
	for _, h := range s.offs[a].held {
		if s.movable(h) {
			mine = append(mine, h)
		}
	}
	if len(mine) == 0 {
		return false
	}
	h := mine[s.rng.IntN(len(mine))]
	var others []int
	for _, y := range s.candidates(h.slot, h.backup) {
		if y != a && s.offs[y].o.Active {
			others = append(others, y)
		}
	}
	if len(others) == 0 {
		return false
	}
	// Half the time the lightest few of them: those the load can go to.
	if s.rng.IntN(2) == 0 {
		sort.SliceStable(others, func(i, j int) bool { return s.score(s.offs[others[i]]) < s.score(s.offs[others[j]]) })
		others = others[:min(4, len(others))]
	}
	group := []int{a}
	for _, j := range s.rng.Perm(len(others))[:min(1+s.rng.IntN(3), len(others))] {
		group = append(group, others[j])
	}
	return s.rearrangeWindow(group, s.windowAround(h.day), true)
}

// dayWindow is days from..to and their slots lo..hi-1.
type dayWindow struct{ from, to, lo, hi int }

// windowAround draws a window of three to seven days centred on day.
func (s *solver) windowAround(day int) dayWindow {
	radius := 1 + s.rng.IntN(3)
	w := dayWindow{from: day - radius, to: day + radius}
	w.lo = sort.Search(len(s.sl), func(i int) bool { return s.sl[i].day >= w.from })
	w.hi = sort.Search(len(s.sl), func(i int) bool { return s.sl[i].day > w.to })
	return w
}

// movableIn reports whether a held place lies in the window and may be moved.
func (s *solver) movableIn(w dayWindow, h hold) bool {
	return h.day >= w.from && h.day <= w.to && s.movable(h)
}

// rearrangeWindow clears the movable places the group holds in the window and gives the group the most places there that it can hold together, of those the
// arrangement whose heaviest member is lightest. It keeps the result when it holds more places
// or, with fair, as many with a lighter heaviest member, and reports whether it did.
func (s *solver) rearrangeWindow(group []int, w dayWindow, fair bool) bool {
	scoreBefore := s.groupScore(group)
	j := &journal{saved: map[int][]hold{}}
	before := 0
	for _, oi := range group {
		j.note(s, oi)
		st := s.offs[oi]
		for i := len(st.held) - 1; i >= 0; i-- {
			if h := st.held[i]; s.movableIn(w, h) {
				s.unassign(oi, h.slot, h.backup)
				before++
			}
		}
	}
	classes := s.windowClasses(group, w.lo, w.hi)
	// upper[c]: the most places classes c.. could add, each class at most one per member.
	upper := make([]int, len(classes)+1)
	for c := len(classes) - 1; c >= 0; c-- {
		upper[c] = upper[c+1] + min(len(classes[c].places), bits.OnesCount(classes[c].mask))
	}
	if upper[0] < before || upper[0] == before && !fair {
		j.restore(s)
		return false
	}
	type take struct {
		oi int
		p  place
	}
	var path, best []take
	bestN := before
	// Among arrangements that hold as many places, the one whose heaviest member is lightest:
	// the search is for coverage, but the group's loads are what the fairness rounds start from
	// (handing every place to the member with room first left an officer of half a share with
	// sixteen duties where twelve do).
	bestScore := int64(math.MinInt64) // for coverage, only more places count at first
	if fair {
		bestScore = scoreBefore
	}
	budget := s.work + windowNodes
	var visit func(c, m, gained int)
	visit = func(c, m, gained int) {
		if gained+upper[c] < bestN || gained+upper[c] == bestN && best == nil && !fair || s.work >= budget || s.spent() {
			return
		}
		if c == len(classes) {
			if score := s.groupScore(group); gained > bestN || score < bestScore {
				bestN, bestScore, best = gained, score, append(best[:0], path...)
			}
			return
		}
		cl := &classes[c]
		if m == len(group) {
			visit(c+1, 0, gained)
			return
		}
		oi := group[m]
		if cl.mask&(1<<m) != 0 {
			for _, p := range cl.places {
				if s.holdersOf(p) >= s.needOf(p) || s.holds(oi, int(p.slot), p.backup) || s.holds(oi, int(p.slot), !p.backup) {
					continue
				}
				if s.check(oi, int(p.slot), -1, false).why == okay {
					s.assign(oi, int(p.slot), p.backup)
					path = append(path, take{oi, p})
					visit(c, m+1, gained+1)
					path = path[:len(path)-1]
					s.unassign(oi, int(p.slot), p.backup)
				}
				break // the class's places are interchangeable: the first free one stands for all
			}
		}
		visit(c, m+1, gained)
	}
	visit(0, 0, 0)
	if best == nil {
		j.restore(s)
		return false
	}
	for _, t := range best {
		s.assign(t.oi, int(t.p.slot), t.p.backup)
	}
	return true
}

// windowClasses groups the open places of slots lo..hi-1 that a member of the group may take
// on their own into classes of interchangeable places, in time order.
func (s *solver) windowClasses(group []int, lo, hi int) []windowClass {
	// masks[id - 2*lo]: the members who may take the place, by place id (so in id order).
	masks := grow(s.winMasks, 2*(hi-lo))
	clear(masks)
	s.winMasks = masks
	for m, oi := range group {
		if !s.offs[oi].o.Active {
			continue
		}
		ps := s.static[oi]
		for k := sort.Search(len(ps), func(i int) bool { return int(ps[i].slot) >= lo }); k < len(ps) && int(ps[k].slot) < hi; k++ {
			masks[ps[k].id()-2*lo] |= 1 << m
		}
	}
	type key struct {
		start, end int64
		backup     bool
		mask       uint
	}
	var classes []windowClass
	var keys []key
	for i, mask := range masks {
		if mask == 0 {
			continue
		}
		p := place{int32(lo + i/2), i%2 == 1}
		if !p.backup && s.sl[p.slot].rotation {
			continue
		}
		free := s.needOf(p) - s.holdersOf(p)
		if free <= 0 {
			continue
		}
		k := key{s.sl[p.slot].start, s.sl[p.slot].end, p.backup, mask}
		c := slices.Index(keys, k)
		if c < 0 {
			c = len(classes)
			keys = append(keys, k)
			classes = append(classes, windowClass{mask: mask})
		}
		for range free {
			classes[c].places = append(classes[c].places, p)
		}
	}
	return classes
}
