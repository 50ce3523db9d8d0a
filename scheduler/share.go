package scheduler

import "sort"

// effectiveShares lowers the share of an officer who cannot take a full load this month — a
// low cap, leave, few posts or days they may serve — to the load they can take. Fairness divides
// burden by share, so an officer capped at 5 while others hold 10 would otherwise be given the
// five heaviest duties to reach the common level; with the share lowered in proportion, they
// are given five ordinary ones, and their weekend, holiday and night counts stay in proportion
// too.
//
// The load an officer can take is estimated from the days they could serve at all (the days
// with a place open to them, at most max_consecutive_days of each max_consecutive_days+1) and
// their cap. The fair loads fill the places that can be filled (load, the capacity check's
// bound) like water: a level of places per share such that each officer takes the lesser of
// the level times their share and what they can take. An officer below the level keeps the
// share of exactly what they can take.
func (s *solver) effectiveShares(static [][]place, load int64) {
	type officer struct {
		oi  int
		can int64 // places the officer can take
	}
	var in []officer
	for oi, st := range s.offs {
		if len(static[oi]) == 0 {
			continue
		}
		days := 0
		last := -1
		for _, p := range static[oi] {
			if d := s.sl[p.slot].day; d != last {
				days++
				last = d
			}
		}
		if mc := s.maxCons; mc > 0 && mc < days {
			days = (days*mc + mc) / (mc + 1)
		}
		in = append(in, officer{oi, int64(min(st.cap, days))})
	}
	// Water-filling, from the officer who can take least per share: while the level that shares
	// the rest of the load among the others is above what this officer can take per share, the
	// officer is limited to what they can take.
	sort.SliceStable(in, func(a, b int) bool {
		sa, sb := s.offs[in[a].oi].share, s.offs[in[b].oi].share
		return in[a].can*sb < in[b].can*sa
	})
	var restShare int64
	for _, o := range in {
		restShare += s.offs[o.oi].share
	}
	rest := load
	limited := 0
	for _, o := range in {
		st := s.offs[o.oi]
		// The level shares what is left among the officers not yet limited, in places per
		// thousandth of share: rest / restShare. Below it, the officer is limited.
		if restShare <= 0 || rest <= 0 || o.can*restShare >= rest*st.share {
			break
		}
		rest -= o.can
		restShare -= st.share
		limited++
	}
	if rest <= 0 || restShare <= 0 {
		return // everyone is limited: the shares as they are keep the proportions
	}
	// A limited officer's share is what they can take at the final level.
	for _, o := range in[:limited] {
		st := s.offs[o.oi]
		st.share = max(1, min(st.share, o.can*restShare/rest))
	}
}
