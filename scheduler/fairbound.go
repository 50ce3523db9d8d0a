package scheduler

import "dutyroster/roster"

// burdenFloor is the fairness certificate: a lower bound on the heaviest burden (burden units
// per thousandth of fair share, as the search scores them) of any roster that fills the same
// places as this one. It relaxes every time rule and lets a place's burden be split between
// officers, keeping who may serve where: the places' burden flows from groups of alike places
// (one candidate list, one weight) to the officers on that list, each taking at most the level
// times their share, and the least level at which all of it flows is found by bisection over
// whole units. Rotation turns go to the officer who holds them.
func (s *solver) burdenFloor() int64 {
	type groupKey struct {
		cands *int
		units int64
		turn  int // the holder of a rotation turn + 1, else 0
	}
	groups := map[groupKey]int64{} // total units
	var order []groupKey
	members := map[groupKey][]int{}
	var total int64
	for si := range s.sl {
		sl := &s.sl[si]
		for _, backup := range []bool{false, true} {
			holders, cands := sl.duty, sl.dutyCand
			if backup {
				holders, cands = sl.backup, sl.backupCand
			}
			if len(holders) == 0 || len(cands) == 0 {
				continue
			}
			u := s.units(si, backup)
			for _, h := range holders {
				k := groupKey{cands: &cands[0], units: u}
				if !backup && sl.rotation {
					k.turn = h + 1
				}
				if _, ok := groups[k]; !ok {
					order = append(order, k)
					if k.turn > 0 {
						members[k] = []int{h}
					} else {
						members[k] = cands
					}
				}
				groups[k] += u
				total += u
			}
		}
	}
	if total == 0 {
		return 0
	}
	// One graph for every level: only the officers' edges to the sink change.
	f := newMaxFlow(2)
	src, sink := 0, 1
	offNode := map[int]int{}
	type sinkEdge struct{ e, oi int }
	var sinks []sinkEdge
	for _, k := range order {
		g := f.addNode()
		f.addEdge(src, g, int(groups[k]))
		for _, oi := range members[k] {
			n, ok := offNode[oi]
			if !ok {
				n = f.addNode()
				offNode[oi] = n
				sinks = append(sinks, sinkEdge{f.addEdge(n, sink, 0), oi})
			}
			f.addEdge(g, n, int(groups[k]))
		}
	}
	caps := append([]int(nil), f.cap...)
	feasible := func(level int64) bool {
		copy(f.cap, caps)
		for _, se := range sinks {
			f.cap[se.e] = int(level * s.offs[se.oi].share / 1000)
		}
		return int64(f.run(src, sink)) == total
	}
	// The heaviest load the roster has is a level at which everything flows.
	var hi int64
	for _, st := range s.offs {
		hi = max(hi, st.units*1000/st.share+1)
	}
	lo := int64(0)
	for lo < hi {
		mid := lo + (hi-lo)/2
		if feasible(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// coverageFloor raises the fairness certificate floor (a level no roster filling the same
// places goes below) with the time rules, where coverage is what loads the officers: in a month
// that cannot be filled, filling as many places as this roster may take every officer who can
// work, half shares too. A level is refuted when, with every officer's cap lowered to the most
// places they could hold without passing it (each place weighing at least the lightest open to
// them), the coverage bound falls below the places filled: then every roster as full has an
// officer above it. Any level the bound refutes proves every lower one, so the bisection's
// answer stands however far the bound's steps get. It runs only in a Center's part that is not
// filled completely and whose heaviest officer is well above floor, and leaves the roster and
// the bound's model as they were.
func (s *solver) coverageFloor(floor int64) int64 {
	if !s.centerPart() || s.stopped || s.filled() >= int(s.places) || s.filled() == 0 {
		return floor
	}
	heaviest := s.heaviestLevel()
	if heaviest*10 <= floor*11 {
		return floor // within a tenth of the floor: nothing to prove
	}
	lightest := make([]int64, len(s.offs))
	lighter := func(oi int, u int64) {
		if lightest[oi] == 0 || u < lightest[oi] {
			lightest[oi] = u
		}
	}
	for oi, ps := range s.static {
		for _, p := range ps {
			lighter(oi, s.units(int(p.slot), p.backup))
		}
		for _, h := range s.offs[oi].held {
			lighter(oi, s.units(h.slot, h.backup))
		}
	}
	caps, restoreCaps := s.saveCaps()
	bm, capFree, limit := s.bm, s.capFree, s.limit
	s.refuting = true
	warm := s.boundPrices
	refuted := func(level int64, steps int, fixed int64) bool {
		for oi, st := range s.offs {
			st.cap = caps[oi]
			if lightest[oi] > 0 {
				// units*1000/share <= level  <=>  units*1000 < (level+1)*share
				st.cap = min(st.cap, int(((level+1)*st.share-1)/(1000*lightest[oi])))
			}
		}
		s.bm = nil
		s.findCapFree(s.static)
		b, prices := s.coverBound(s.static, steps*int(s.effort), fixed, warm)
		if prices != nil {
			warm = prices
		}
		return b < s.filled()
	}
	// lo: not refuted yet; hi: the roster's own level, never refuted. A first test an eighth of
	// the way up tells whether the time rules raise the floor at all (in many months they do
	// not), so that such a month pays for one bound instead of the bisection's.
	lo, hi := floor, heaviest
	if probe := lo + (hi-lo)/8; refuted(probe, 2000, 8) {
		lo = probe + 1
	} else {
		lo, hi = floor, floor
	}
	for k := 0; k < floorSteps && lo < hi; k++ {
		mid := lo + (hi-lo)/2
		if refuted(mid, 2000, 8) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	s.refuting = false
	restoreCaps()
	s.bm, s.capFree, s.limit = bm, capFree, limit
	return lo
}

// heaviestLevel is the roster's heaviest load in the floor's measure (burden units per
// thousandth of share).
func (s *solver) heaviestLevel() int64 {
	var heaviest int64
	for _, st := range s.offs {
		heaviest = max(heaviest, st.units*1000/st.share)
	}
	return heaviest
}

// saveCaps keeps every officer's cap and the capFree marks, which coverageFloor and capRefill
// lower for a while, and returns the function that puts them back.
func (s *solver) saveCaps() (caps []int, restore func()) {
	caps = make([]int, len(s.offs))
	for oi, st := range s.offs {
		caps[oi] = st.cap
	}
	free := append([]bool(nil), s.capFree...)
	return caps, func() {
		for oi, st := range s.offs {
			st.cap = caps[oi]
		}
		if s.capFree != nil {
			copy(s.capFree, free)
		}
	}
}

// floorSteps is how many levels coverageFloor tests: enough to come within a few hundredths of
// a burden over the range from the flow's floor to the heaviest officer of a Center's month.
const floorSteps = 7

// floorMilli converts a floor in burden units per share to burden (weight per share), rounding
// down, and one unit lower for the rounding of capacities in the flow, so that it stays a lower
// bound of burden as the statistics compute it.
func floorMilli(level int64) roster.Milli { return roster.Milli(max(0, level-1) / roster.DutyFactor) }
