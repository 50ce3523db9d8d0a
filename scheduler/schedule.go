package scheduler

import (
	"math"
)

// dpWorkScale converts the programme's states into units of search work.
const dpWorkScale = 16

// dpTime is a place's start, end and day, as scheduleDP reads them.
type dpTime struct {
	start, end int64
	day        int
}

// dpNeg is scheduleDP's value of a state no chain reaches.
const dpNeg = math.MinInt64 / 4

// dpBest is the best chain found for a state of bestSchedule, and that state.
type dpBest struct {
	v     int64
	state int32
}

// grow returns a slice of length n, reusing buf when it is long enough.
func grow[T any](buf []T, n int) []T {
	if cap(buf) >= n {
		return buf[:n]
	}
	return make([]T, n)
}

// bestSchedule is the exact single-officer problem that coverage search and its bound are
// built on: among the given places, each open to the officer on its own (role, area, leave,
// the earlier roster), find the subset with the largest total value that one officer may hold
// together under every time rule: no overlap and min_rest_hours between any two, at most
// max_consecutive_days days in a row with a start (counting the earlier roster's days), and at
// most capLeft places. places must be in slot order.
//
// It is a dynamic programme over the places in start order with the state (last place taken,
// places taken, days in the current run): the places held form a chain in time, each at least
// the rest after the one before, so a new place only needs checking against the last. A place
// becomes a possible predecessor once its end plus the rest has passed, and predecessors are
// kept per day, which answers "the best chain ending the day before / the same day / earlier"
// without scanning them all. It returns the chosen indexes into places, in order (a slice
// reused by the next call), and the value.
//
// Places with the same start and end are interchangeable under every time rule, and a schedule
// holds at most one of them; so the programme runs over one of each, the most valuable (the
// first among equals), which in a month of many posts with the same hours is a small part of
// them. Its work is counted for all the places, as before, so that the budgets, and with them
// the rosters, do not depend on how many share their hours.
func (s *solver) bestSchedule(oi int, places []place, value []int64, capLeft int) ([]int, int64) {
	if len(places) == 0 || capLeft == 0 {
		return nil, 0
	}
	cls, nc := s.timeClasses(places, s.dpClass[:0])
	s.dpClass = cls
	return s.bestScheduleIn(oi, places, value, capLeft, cls, nc)
}

// timeClasses numbers the places' classes of equal start and end, in order of first appearance,
// appending each place's class to cls; it returns cls and the number of classes. Places come in
// slot order, so a place's class, if it has one yet, is among those begun since the first place
// with its start.
func (s *solver) timeClasses(places []place, cls []int32) ([]int32, int) {
	ends := s.dpKeepEnd[:0]
	run, runStart := 0, s.sl[places[0].slot].start
	for _, p := range places {
		sl := &s.sl[p.slot]
		if sl.start != runStart {
			run, runStart = len(ends), sl.start
		}
		j := run
		for ; j < len(ends); j++ {
			if ends[j] == sl.end {
				break
			}
		}
		if j == len(ends) {
			ends = append(ends, sl.end)
		}
		cls = append(cls, int32(j))
	}
	s.dpKeepEnd = ends
	return cls, len(ends)
}

// bestScheduleIn is bestSchedule with the places' time classes given (timeClasses), for a
// caller that asks about the same places again and again with other values.
func (s *solver) bestScheduleIn(oi int, places []place, value []int64, capLeft int, cls []int32, nc int) ([]int, int64) {
	n := len(places)
	if n == 0 || capLeft == 0 {
		return nil, 0
	}
	// The cost, in the search's unit of work (about one feasibility check).
	s.work += int64(n) * int64(min(max(capLeft, 1), n)) * int64(s.runLimit()) / dpWorkScale
	if nc == n {
		return s.scheduleDP(oi, places, value, capLeft)
	}
	// Each class's most valuable place, the first among equals.
	keep := grow(s.dpKeep, nc)
	s.dpKeep = keep
	for j := range keep {
		keep[j] = -1
	}
	for k, j := range cls {
		if keep[j] < 0 || value[k] > value[keep[j]] {
			keep[j] = k
		}
	}
	cp, cv := grow(s.dpPlaces, nc), grow(s.dpValues, nc)
	for i, k := range keep {
		cp[i], cv[i] = places[k], value[k]
	}
	s.dpPlaces, s.dpValues = cp, cv
	chosen, v := s.scheduleDP(oi, cp, cv, capLeft)
	for i, c := range chosen {
		chosen[i] = keep[c]
	}
	return chosen, v
}

// runLimit is the consecutive-day limit as the programme counts runs: 62, which no month can
// reach, where the plan sets none.
func (s *solver) runLimit() int {
	if s.maxCons <= 0 || s.maxCons > 62 {
		return 62
	}
	return s.maxCons
}

// scheduleDP is bestSchedule's programme over places of which no two share both start and end.
func (s *solver) scheduleDP(oi int, places []place, value []int64, capLeft int) ([]int, int64) {
	n := len(places)
	// Without a cap (capLeft < 0, for an officer whom the time rules keep below it), the count
	// leaves the state: chains extend whatever their length.
	shift := 1 // a new place's predecessor holds one place fewer
	if capLeft < 0 {
		capLeft, shift = 1, 0
	}
	capLeft = min(capLeft, n)
	mc := s.runLimit()
	st := s.offs[oi]
	// The places' times and days, side by side: the programme reads them again and again.
	s.dpTimes = grow(s.dpTimes, n)
	times := s.dpTimes
	dayMin := s.sl[places[0].slot].day
	for k, p := range places {
		sl := &s.sl[p.slot]
		times[k] = dpTime{start: sl.start, end: sl.end, day: sl.day}
		dayMin = min(dayMin, sl.day)
	}
	dayMin -= 2 // room for "two days before" without negative indexes
	nDays := 0
	for k := range times {
		nDays = max(nDays, times[k].day-dayMin+1)
	}
	// fixedRun(d): the earlier roster's consecutive days ending the day before d (none without
	// an earlier roster, the common case, which then costs nothing per place).
	var fixedDays map[int]bool
	if len(st.fixed) > 0 {
		fixedDays = make(map[int]bool, len(st.fixed))
		for _, f := range st.fixed {
			fixedDays[f.day] = true
		}
	}
	fixedRun := func(day int) int {
		r := 0
		for d := day - 1; fixedDays != nil && fixedDays[d]; d-- {
			r++
		}
		return r
	}
	const neg = dpNeg
	// val and parent of state (k, c, r): place k taken last, c places taken (1..capLeft), a run
	// of r days (1..mc) ending on k's day.
	stride := capLeft * mc
	idx := func(k, c, r int) int { return k*stride + (c-1)*mc + (r - 1) }
	s.dpVal = grow(s.dpVal, n*stride)
	s.dpPar = grow(s.dpPar, n*stride) // predecessor state, -1 for none
	val, par := s.dpVal, s.dpPar
	for i := range val {
		val[i], par[i] = neg, -1
	}
	// Released predecessors, per day: best state value for (c, r), and for (c) whatever r.
	type best = dpBest
	s.dpByDay = grow(s.dpByDay, nDays*stride)
	s.dpAnyR = grow(s.dpAnyR, nDays*capLeft)
	byDay, anyR := s.dpByDay, s.dpAnyR
	for i := range byDay {
		byDay[i] = best{neg, -1}
	}
	for i := range anyR {
		anyR[i] = best{neg, -1}
	}
	// Release order: by end. Places come in start order, so this is nearly sorted already.
	s.dpRelease = grow(s.dpRelease, n)
	release := s.dpRelease
	// A stable insertion sort: a place moves back only past the places that start before it
	// and end after it, a few at most.
	for i := range release {
		end := times[i].end
		j := i
		for ; j > 0 && times[release[j-1]].end > end; j-- {
			release[j] = release[j-1]
		}
		release[j] = i
	}
	// prefix[c] is the best chain of c places ending on any day up to pd: the predecessors of a
	// place two or more days later, kept up to date as days pass and places are released.
	s.dpPrefix = grow(s.dpPrefix, capLeft)
	prefix := s.dpPrefix
	for i := range prefix {
		prefix[i] = best{neg, -1}
	}
	pd := -1
	next := 0
	if shift == 0 {
		// Without a cap the state is (k, r), and the loops below read as this one: most calls
		// of the coverage bound are of this kind, where the time rules keep officers below it.
		free := prefix[0]
		for k := range places {
			t := &times[k]
			for next < n && times[release[next]].end+s.rest <= t.start {
				j := release[next]
				next++
				dj := times[j].day - dayMin
				releaseRow(val[j*mc:j*mc+mc], int32(j*mc), byDay[dj*mc:dj*mc+mc], &anyR[dj], dj <= pd, &free)
			}
			d := t.day - dayMin
			for pd < d-2 {
				pd++
				if b := anyR[pd]; b.v > free.v {
					free = b
				}
			}
			v := value[k]
			vrow, prow := val[k*mc:k*mc+mc], par[k*mc:k*mc+mc]
			if r := 1 + fixedRun(t.day); r <= mc {
				vrow[r-1] = v
			}
			var before []best
			if d >= 1 {
				before = byDay[(d-1)*mc : d*mc]
			}
			extendRuns(vrow, prow, v, free, byDay[d*mc:d*mc+mc], before)
		}
		return s.readChain(val, par, stride)
	}
	// maxC[k] is the most places a chain ending at k can hold; released is the most among the
	// released places: no state beyond them can be reached.
	maxC := grow(s.dpMaxC, n)
	s.dpMaxC = maxC
	released := 0
	for k := range places {
		sl := &times[k]
		// Release every place that ends, rest included, by this one's start.
		for next < n && times[release[next]].end+s.rest <= sl.start {
			j := release[next]
			next++
			dj := times[j].day - dayMin
			released = max(released, maxC[j])
			// State (j, c, r) and byDay's (dj, c, r) share a layout: rows of mc runs per count.
			m := maxC[j] * mc
			vj, bd := val[j*stride:j*stride+m], byDay[dj*stride:dj*stride+m]
			ar := anyR[dj*capLeft : dj*capLeft+maxC[j]]
			past := dj <= pd
			for c := range ar {
				releaseRow(vj[c*mc:c*mc+mc], int32(j*stride+c*mc), bd[c*mc:c*mc+mc], &ar[c], past, &prefix[c])
			}
		}
		d := sl.day - dayMin
		for pd < d-2 {
			pd++
			for c := 0; c < capLeft; c++ {
				if b := anyR[pd*capLeft+c]; b.v > prefix[c].v {
					prefix[c] = b
				}
			}
		}
		v := value[k]
		// The first place taken: the run includes the earlier roster's days before it.
		if r := 1 + fixedRun(sl.day); r <= mc {
			val[idx(k, 1, r)] = v
		}
		top := min(capLeft, released+1)
		maxC[k] = 1
		for c := 1 + shift; c <= top; c++ {
			pc := c - 1 - shift // the predecessor's count, as an index
			at := k*stride + (c-1)*mc
			vrow, prow := val[at:at+mc], par[at:at+mc]
			var before []best // the day before's, when there is one
			if d >= 1 {
				before = byDay[(d-1)*stride+pc*mc : (d-1)*stride+pc*mc+mc]
			}
			extendRuns(vrow, prow, v, prefix[pc], byDay[d*stride+pc*mc:d*stride+pc*mc+mc], before)
			for r := range vrow {
				if vrow[r] != neg {
					maxC[k] = c
				}
			}
		}
	}
	return s.readChain(val, par, stride)
}

// releaseRow releases a place's states of one count (values in row, the first state's index
// base; one per run length): each becomes a predecessor on its day, per run length (byRun) and
// whatever the run (anyRun), and, when its day is already two or more days behind (past), of
// every later place (earlier).
func releaseRow(row []int64, base int32, byRun []dpBest, anyRun *dpBest, past bool, earlier *dpBest) {
	for r, x := range row {
		if x == dpNeg {
			continue
		}
		i := base + int32(r)
		if x > byRun[r].v {
			byRun[r] = dpBest{x, i}
		}
		if x > anyRun.v {
			*anyRun = dpBest{x, i}
		}
		if past && x > earlier.v {
			*earlier = dpBest{x, i}
		}
	}
}

// extendRuns sets a place's states (value v; one per run length, in vrow and their parents in
// prow) from its best predecessors: earlier, the best chain ending two or more days before (a
// new run); before, the day before's per run length (the run grows by one; nil on the first
// day); same, the same day's (the run stays).
func extendRuns(vrow []int64, prow []int32, v int64, earlier dpBest, same, before []dpBest) {
	if earlier.state >= 0 && earlier.v+v > vrow[0] {
		vrow[0], prow[0] = earlier.v+v, earlier.state
	}
	for r := range vrow {
		if r >= 1 && before != nil {
			if b := before[r-1]; b.state >= 0 && b.v+v > vrow[r] {
				vrow[r], prow[r] = b.v+v, b.state
			}
		}
		if b := same[r]; b.state >= 0 && b.v+v > vrow[r] {
			vrow[r], prow[r] = b.v+v, b.state
		}
	}
}

// readChain reads the best chain back from its last state: the places' indexes, in order, and
// its value.
func (s *solver) readChain(val []int64, par []int32, stride int) ([]int, int64) {
	// The best chain, read back from its last place.
	bestV, bestI := int64(0), -1
	for i, v := range val {
		if v > bestV {
			bestV, bestI = v, i
		}
	}
	chosen := s.dpChosen[:0]
	for i := bestI; i >= 0; i = int(par[i]) {
		chosen = append(chosen, i/stride)
	}
	s.dpChosen = chosen
	for a, b := 0, len(chosen)-1; a < b; a, b = a+1, b-1 {
		chosen[a], chosen[b] = chosen[b], chosen[a]
	}
	return chosen, bestV
}
