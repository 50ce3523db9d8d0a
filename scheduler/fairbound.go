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
	feasible := func(level int64) bool {
		f := newMaxFlow(2)
		src, sink := 0, 1
		offNode := map[int]int{}
		for _, k := range order {
			g := f.addNode()
			f.addEdge(src, g, int(groups[k]))
			for _, oi := range members[k] {
				n, ok := offNode[oi]
				if !ok {
					n = f.addNode()
					offNode[oi] = n
					f.addEdge(n, sink, int(level*s.offs[oi].share/1000))
				}
				f.addEdge(g, n, int(groups[k]))
			}
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

// floorMilli converts a floor in burden units per share to burden (weight per share), rounding
// down, and one unit lower for the rounding of capacities in the flow, so that it stays a lower
// bound of burden as the statistics compute it.
func floorMilli(level int64) roster.Milli { return roster.Milli(max(0, level-1) / roster.DutyFactor) }
