package scheduler

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"github.com/teambition/rrule-go"

	"dutyroster/roster"
)

// block is a time an officer cannot serve, with what to tell the coordinator.
type block struct {
	start, end int64
	u          *roster.Unavailability
}

// hold is a place an officer holds: a slot, as duty or backup, with the slot's times copied
// in so that checks need not look the slot up.
type hold struct {
	slot       int
	backup     bool
	start, end int64
	day        int
}

// fixed is an assignment from an earlier roster that constrains this month.
type fixed struct {
	start, end int64
	day        int
	label      string
}

type offState struct {
	o       *roster.Officer
	idx     int
	share   int64
	cap     int
	blocks  []block
	held    []hold
	fixed   []fixed
	units   int64 // burden units held this month
	ledger  int64 // carried normalised deviation
	weekend int
	holiday int
	night   int
	// holding has a bit per place id, set while the officer holds the place: holds asks it for
	// every place of every rearrangement, where the slots' lists are slower to scan.
	holding []uint64
	// classes has a bit per candidate list the officer is on (see slotState.class).
	classes []uint64
}

type slotState struct {
	start, end int64
	day        int // local start date, days since the epoch
	weight     int64
	duty       []int // officer indexes holding duty
	backup     []int
	dutyCand   []int // officers whose role, area and status allow the duty
	backupCand []int
	rotation   bool
	need       [2]int // the shift's need of duty and of backup, by boolInt(backup)
	// class numbers the candidate lists of the duty and of the backup, by boolInt(backup):
	// slots with one list share its number (see offState.classes).
	class [2]int32
}

type solver struct {
	p       *Problem
	loc     *time.Location
	slots   []Slot
	sl      []slotState
	offs    []*offState
	byID    map[string]int
	rest    int64
	maxCons int
	rng     *rand.Rand
	work    int64 // feasibility checks made so far
	limit   int64 // the current phase stops when work reaches it
	places  int64
	effort  int64
	// fixedBudget is the part of each phase's budget that does not grow with the places.
	fixedBudget int64
	// maxFailures is how many augmenting paths in a row may fail before repair gives up on them.
	maxFailures int
	// ctx interrupts the search: once it is done, every phase stops at its next check and the
	// roster found so far (valid, perhaps less complete or less fair) is returned.
	ctx     context.Context
	stopped bool
	// prices are the coverage bound's place prices, once computed: they steer rearrangements
	// away from places other officers need more.
	prices []int64 // by place id
	// boundPrices are the prices the first bound ended with, where the last one starts.
	boundPrices []int64
	// lightFirst marks the officers a level refill holds below their load: their refills take
	// the lightest places first.
	lightFirst []bool
	bm         *boundModel // the bound's relaxation, built on first use
	// startSearches is how many times its budget a start's search is given.
	startSearches int64
	// static lists, per officer, the places open to them on their own (see staticOpen).
	static [][]place
	// near caches, per officer, the officers whose schedules a rearrangement can trade places
	// with (see neighbours).
	near [][]int
	// capFree marks officers whom the time rules keep below their cap (see findCapFree).
	capFree []bool
	// refuting makes coverBound a test of lowered caps (see coverageFloor): it aims below the
	// places filled and proposes no roster.
	refuting bool
	// Scratch space reused by the coverage search.
	demand     []int64
	dpVal      []int64
	dpPar      []int32
	dpByDay    []dpBest
	dpAnyR     []dpBest
	dpPrefix   []dpBest
	rrSaved    []holdOf // ruinRecreate's
	dpMaxC     []int
	dpRelease  []int
	dpTimes    []dpTime
	dpKeep     []int
	dpClass    []int32
	dpKeepEnd  []int64
	dpPlaces   []place
	dpValues   []int64
	dpChosen   []int       // bestSchedule's answer, valid until its next call
	chainNodes []chainNode // chainFrom's search tree
	rfPlaces   []place     // an officer's places and their values, built for bestSchedule
	rfValues   []int64
	winMasks   []uint // the members who may take each place of a window (see windowClasses)
	visited    marks  // the officers a chain search has reached (see chainFrom)
	// augmentOK allows augmenting paths in repair: the first repair uses them, the one after
	// the improvement only places what has become free.
	augmentOK bool
	// anyPlateau lets a group rearrangement that fills as many places load the group's
	// heaviest officer more (see searchUnfair).
	anyPlateau bool
	// settled records that the part searched on after its starts (it was short of its bound):
	// the long searches leave loads that balance takes longer to spread, and it is given that
	// time (see settledBalance).
	settled bool
}

// place is one place to fill: a slot's duty or backup.
type place struct {
	slot   int32
	backup bool
}

// Solve builds the roster of p.Month. It returns an error only for a plan it cannot expand
// (an invalid time zone or rule); unfillable places are reported in Result.Unfilled. When ctx
// is done before the search ends, it returns the roster found so far, which breaks no hard
// rule, with Result.Interrupted set.
func Solve(ctx context.Context, p *Problem) (*Result, error) {
	loc, err := p.Plan.Center.Location()
	if err != nil {
		return nil, fmt.Errorf("time zone: %w", err)
	}
	parts := components(p.Plan)
	var res *Result
	if len(parts) <= 1 {
		res, err = solvePart(ctx, p, loc, 1000)
	} else {
		res, err = solveParts(ctx, p, loc, parts)
	}
	if err == nil {
		res.Idle = p.Plan.IdleOfficers()
	}
	return res, err
}

// spent reports whether the current phase must stop: its step budget is used, or the caller
// interrupted the search.
func (s *solver) spent() bool { return s.work >= s.limit || s.stopped }

// wholeBudget is the fixed part of each phase's step budget for a whole plan; a part gets its
// share of it.
const wholeBudget = 1_500_000

// solvePart solves one problem whose officers and shifts are all connected (or the whole plan);
// share is the part's share of the search budget, in thousandths. A Center's part left short of
// its bound is solved again from the start with another seed and longer start searches, up to
// resolves times while the fullest roster stays short of the lowest bound; the fullest is kept
// (the first of those that fill as many), with the lowest bound.
func solvePart(ctx context.Context, p *Problem, loc *time.Location, share int64) (*Result, error) {
	slots, err := ExpandSlots(p.Plan, p.Month, loc, p.Calendar)
	if err != nil {
		return nil, err
	}
	res, short := solvePartOnce(ctx, p, loc, slots, share, 1, false)
	for k := uint64(1); short && k <= resolves; k++ {
		q, searches := solveAgain(p, k)
		var alt *Result
		alt, short = solvePartOnce(ctx, q, loc, slots, share, searches, k == resolves)
		bound := min(res.Bound, alt.Bound)
		if len(alt.Assignments) > len(res.Assignments) {
			res = alt
		}
		res.Bound = bound
		short = short && len(res.Assignments) < bound
	}
	return res, nil
}

// resolves is how many more whole solves a Center's part left short of its bound gets. Starts,
// settling and the searches after them each end in arrangements that rearranging a few officers
// does not leave; a whole solve from another seed ends elsewhere, and further when its starts
// search longer: the k-th solve again gives each start's searches 2^k times their budget (the
// searches after the starts keep theirs). On the 200 plans of the CBC comparison, against
// solving again with the starts' budget unchanged, two such solves fill 7 more places on 7 plans
// and 1 fewer on one (plan 157, 1,068 of 1,072 instead of 1,069), prove 5 more complete (167) and
// bring the bound from 66 places above the rosters in all to 58, for 8 % more time on the 200.
// A third, at eight times, fills 5 more places on 4 of the 33 plans still short (4, 50, 155 and
// 186; none fewer, as it only replaces a roster it fills more than), each now proven complete
// (171, the bound 53 above), for 39 % more time on those 33 (1,888 s against 1,356 s; the
// faster place checks made just before it win back a tenth, so the solve itself costs about
// half as much again). Giving the second eight times instead of a third solve gained 1 and
// lost 1. Solving again with 2 and 3 times gained 6 and lost 2; a fourth solve at twice the
// budget after the unchanged two gained 2 for 45 % more time on the plans it ran; doubling
// every start's search, first solve included, gained 3 and lost 3 on half the plans.
const resolves = 3

// solveAgain is the problem of a part's k-th solve again, from its own seed, and how many times
// their budget its starts' searches are given (see resolves).
func solveAgain(p *Problem, k uint64) (*Problem, int64) {
	q := *p
	q.Seed = p.Seed + k*resolveSeedStep
	return &q, 1 << k
}

// resolveSeedStep separates the seeds of a part's whole solves (an odd constant, so that
// generating with the next seed does not repeat them).
const resolveSeedStep = 0x2545f4914f6cdd1d

// solvePartOnce is one whole solve of the part from the problem's seed. short reports a
// Center's part left short of its bound and not interrupted, which another solve may fill
// further. last marks a part's last solve again (see lastSolveBound).
func solvePartOnce(ctx context.Context, p *Problem, loc *time.Location, slots []Slot, share int64, searches int64, last bool) (res *Result, short bool) {
	s, res := coverPart(ctx, p, loc, slots, share, p.Seed, searches)
	res.Bound = s.lastBound(s.static, res.Bound)
	// A Center's part still short of its bound: the search may have settled in arrangements
	// that no rearrangement of a few officers leaves, and one from another start can be fuller
	// (plan 125 of the CBC comparison: 231-234 places by seed, CBC proves 234). Every start is
	// repeatable (its seed comes from the plan's); the fullest goes on, and the lowest bound.
	for k := uint64(1); k <= coverRestarts && s.filled() < res.Bound && s.centerPart() && !s.stopped; k++ {
		alt, altRes := coverPart(ctx, p, loc, slots, share, p.Seed+k*0x9e3779b97f4a7c15, searches)
		bound := min(res.Bound, altRes.Bound)
		if alt.filled() > s.filled() {
			s, res = alt, altRes
		}
		res.Bound = bound
	}
	// Still short after every start: the fullest searches on, for longer than all the starts
	// together. Starts settle early, and the search keeps finding places long after: on the
	// 78 plans of the CBC comparison no start fills completely, this fills 60 more places
	// (none fewer) for 1.75 times their time.
	if s.filled() < res.Bound && s.centerPart() && !s.stopped {
		s.rng = rand.New(rand.NewPCG(p.Seed^0x5bd1e995, p.Seed))
		s.settled = true
		s.searchFor(s.static, res.Bound, settleSearches)
	}
	// Still short: search as long again, now letting a rearrangement that fills as many places
	// load its group's heaviest officer more, and keep the result only if it fills more. The
	// plateau rule that keeps the search fair also keeps it from arrangements that pile places
	// on a few officers, and some places can only be filled so. Coverage comes before fairness:
	// the fairness phases after it balance what they can.
	if s.filled() < res.Bound && s.centerPart() && !s.stopped {
		s.searchUnfair(res.Bound)
	}
	res.Bound = s.finalBound(res.Bound)
	if last && s.centerPart() {
		res.Bound = s.boundAgain(s.static, res.Bound, lastSolveBound*finalBoundSteps, lastSolveBound*finalBoundFixed)
	}
	s.progress("improve", 0, 1)
	s.stopped = s.stopped || ctx.Err() != nil
	// The search counts its feasibility checks, never the clock, so a run is repeatable; the
	// budget grows with the size of the month and with Effort.
	s.limit = s.work + s.effort*(s.places*40+s.fixedBudget)
	s.improve()
	s.progress("balance", 0, 1)
	if s.balance() {
		s.spreadAgain()
	}
	// A Center's month that cannot be filled: coverage may have piled places on a few
	// officers in ways the fairness moves cannot undo (see capRefill and levelRefill).
	if s.centerPart() && s.filled() < int(s.places) {
		if s.capRefill() {
			s.spreadAgain()
		}
		s.levelRefill()
	}
	s.augmentOK = false
	s.repair()
	s.progress("done", 1, 1)
	res.Assignments = s.assignments()
	res.Unfilled = s.unfilled()
	res.Participants = s.participants()
	res.BurdenFloor = floorMilli(s.coverageFloor(s.burdenFloor()))
	res.Interrupted = s.stopped
	return res, s.centerPart() && !s.stopped && len(res.Assignments) < res.Bound
}

// lastSolveBound is how many times finalBound's steps and fixed budget the bound is given once
// more in a part's last solve again, when that part is still short of it after every search:
// no further solve comes, and what the bound proves is what the coordinator reads. On plans 6
// and 108 of the CBC comparison, the two whose rosters stayed one place below a bound that did
// not step further at the budget before, it proves both rosters complete (1,074 and 671 places)
// and, stopping there, costs little (61 s and 73 s against 61 s and 72 s); where it proves
// nothing it runs every step, about a tenth more time for the month (plan 2: 72 s against
// 64 s). A whole third solve again at twice the effort proved the same two for more.
const lastSolveBound = 2

// coverRestarts is how many more starts a Center's part short of its bound gets. Each finds a
// different arrangement; on 52 plans of the CBC comparison three more than three gained 5 places
// (plans 3, 9, 22 and plan 5 of the 16: 480 -> 482) for a third more time on the plans that
// cannot be filled.
const coverRestarts = 6

// settleSearches is how many times a start's search budget the fullest start is given at the
// end, when it is still short of the bound (see solvePart).
const settleSearches = 32

// searchUnfair searches for settleSearches times a start's budget, accepting any rearrangement
// that fills as many places, and keeps the roster it ends with only when that fills more than
// the one it began with; otherwise it puts that one back.
func (s *solver) searchUnfair(bound int) {
	before := s.filled()
	j := s.journalAll()
	s.anyPlateau = true
	s.searchFor(s.static, bound, settleSearches)
	s.anyPlateau = false
	if s.filled() <= before {
		j.restore(s)
	}
}

// coverPart makes a solver for the part and fills it as far as the coverage search goes, from
// the given seed: rotation turns, construction, repair, the search and its bound.
func coverPart(ctx context.Context, p *Problem, loc *time.Location, slots []Slot, share int64, seed uint64, searches int64) (*solver, *Result) {
	s := newSolver(p, loc, slots)
	s.startSearches = searches
	s.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	s.ctx = ctx
	s.fixedBudget = wholeBudget * share / 1000
	s.maxFailures = max(4, int(16*s.effort*share/1000))
	s.augmentOK = true
	res := &Result{Slots: slots}
	res.Capacity = s.capacity()
	static := s.staticOpen()
	s.static = static
	s.effectiveShares(static, int64(min(res.Capacity.Bound, res.Capacity.Places)))
	s.progress("rotation", 0, 1)
	res.Rotation = s.fillRotations()
	s.progress("construct", 0, len(slots))
	s.construct()
	s.progress("repair", 0, 1)
	s.repair()
	s.progress("cover", 0, 1)
	res.Bound = s.cover(res.Capacity.Bound, static)
	return s, res
}

func (s *solver) progress(phase string, done, total int) {
	if s.p.Progress != nil {
		s.p.Progress(phase, done, total)
	}
}

func newSolver(p *Problem, loc *time.Location, slots []Slot) *solver {
	seed := p.Seed
	s := &solver{p: p, loc: loc, slots: slots, byID: map[string]int{},
		rest:    int64(p.Plan.Rules.MinRestHours) * 3600,
		maxCons: p.Plan.Rules.MaxConsecutiveDays,
		rng:     rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
	}
	monthFrom := p.Month.First().In(loc).AddDate(0, 0, -3)
	monthTo := p.Month.Next().First().In(loc).AddDate(0, 0, 3)
	for i := range p.Plan.Officers {
		o := &p.Plan.Officers[i]
		st := &offState{o: o, idx: len(s.offs), share: int64(o.Share), cap: p.Plan.MaxFor(o), ledger: p.Ledger[o.ID]}
		if st.share <= 0 {
			st.share = 1000
		}
		st.blocks = expandBlocks(o, loc, monthFrom, monthTo)
		s.byID[o.ID] = st.idx
		s.offs = append(s.offs, st)
	}
	for _, a := range p.Before {
		if i, ok := s.byID[a.OfficerID]; ok {
			st := s.offs[i]
			st.fixed = append(st.fixed, fixed{start: a.Start.Unix(), end: a.End.Unix(), day: roster.DateOf(a.Start.In(loc)).DaysSinceEpoch(),
				label: a.PostID})
		}
	}
	// Candidates by role, area and status. Shifts with the same area and roles share one list,
	// which makes them one eligibility class for the capacity check.
	type cands struct {
		duty, backup   []int
		dutyC, backupC int32 // the classes' numbers
	}
	type class struct {
		members []int
		n       int32
	}
	byShift := map[*roster.Shift]cands{}
	byClass := map[string]class{}
	classOf := func(area string, roles []roster.Role, backup bool) ([]int, int32) {
		key := fmt.Sprint(area, roles, backup)
		if c, ok := byClass[key]; ok {
			return c.members, c.n
		}
		n := int32(len(byClass))
		var c []int
		for _, st := range s.offs {
			if st.o.Active && st.o.ServesArea(area) {
				for _, r := range roles {
					if st.o.Role == r {
						c = append(c, st.idx)
						st.classes = setBit(st.classes, int(n))
						break
					}
				}
			}
		}
		byClass[key] = class{c, n}
		return c, n
	}
	s.sl = make([]slotState, len(slots))
	for _, st := range s.offs {
		st.holding = make([]uint64, (2*len(slots)+63)/64)
	}
	for i := range slots {
		sl := &slots[i]
		c, ok := byShift[sl.Shift]
		if !ok {
			c.duty, c.dutyC = classOf(sl.Post.Area, sl.Shift.Roles, false)
			c.backup, c.backupC = classOf(sl.Post.Area, sl.Shift.BackupRoles, true)
			byShift[sl.Shift] = c
		}
		s.sl[i] = slotState{start: sl.Start.Unix(), end: sl.End.Unix(), day: sl.Date.DaysSinceEpoch(), weight: int64(sl.Weight),
			dutyCand: c.duty, backupCand: c.backup, class: [2]int32{c.dutyC, c.backupC}, rotation: sl.Shift.Strategy == roster.StrategyRotation,
			need: [2]int{sl.Shift.Need, sl.Shift.Backup}}
	}
	places := 0
	for _, sl := range slots {
		places += sl.Shift.Need + sl.Shift.Backup
	}
	s.places, s.effort = int64(places), int64(max(p.Effort, 1))
	return s
}

// expandBlocks lists an officer's unavailability as instants between from and to.
func expandBlocks(o *roster.Officer, loc *time.Location, from, to time.Time) []block {
	var out []block
	for i := range o.Unavailable {
		u := &o.Unavailable[i]
		switch u.Kind {
		case roster.UnavailDays:
			out = append(out, block{u.FromDate.In(loc).Unix(), u.ToDate.AddDays(1).In(loc).Unix(), u})
		case roster.UnavailWindow:
			out = append(out, block{u.From.In(loc).Unix(), u.To.In(loc).Unix(), u})
		case roster.UnavailRRule:
			opt, err := rrule.StrToROption(u.RRule)
			if err != nil {
				continue // rejected at import; nothing to block
			}
			// A fixed DTSTART keeps an INTERVAL>1 rule's phase from month to month.
			opt.Dtstart = u.Start.At(roster.RRuleEpoch, loc)
			r, err := rrule.NewRRule(*opt)
			if err != nil {
				continue
			}
			for _, st := range r.Between(from, to, true) {
				d := roster.DateOf(st)
				end := u.End.At(d, loc)
				if u.End <= u.Start {
					end = u.End.At(d.AddDays(1), loc)
				}
				out = append(out, block{st.Unix(), end.Unix(), u})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// score is an officer's normalised burden plus the carried ledger: what leximin compares.
func (s *solver) score(st *offState) int64 { return st.units*1000/st.share + st.ledger }

func (s *solver) scoreWith(st *offState, deltaUnits int64) int64 {
	return (st.units+deltaUnits)*1000/st.share + st.ledger
}

// units is a place's burden, as roster.BurdenUnits counts it.
func (s *solver) units(si int, backup bool) int64 {
	if backup {
		return s.sl[si].weight * roster.BackupFactor
	}
	return s.sl[si].weight * roster.DutyFactor
}

// assign and unassign keep every counter in step.
func (s *solver) assign(oi, si int, backup bool) {
	st, sl := s.offs[oi], &s.sl[si]
	if backup {
		sl.backup = append(sl.backup, oi)
	} else {
		sl.duty = append(sl.duty, oi)
	}
	id := place{int32(si), backup}.id()
	st.holding = setBit(st.holding, id)
	// Keep holds sorted by slot start (slots are sorted by start).
	pos := sort.Search(len(st.held), func(i int) bool { return st.held[i].slot > si })
	st.held = append(st.held, hold{})
	copy(st.held[pos+1:], st.held[pos:])
	st.held[pos] = hold{slot: si, backup: backup, start: sl.start, end: sl.end, day: sl.day}
	st.units += s.units(si, backup)
	s.count(st, si, 1)
}

func (s *solver) unassign(oi, si int, backup bool) {
	st, sl := s.offs[oi], &s.sl[si]
	list := &sl.duty
	if backup {
		list = &sl.backup
	}
	*list = removeInt(*list, oi)
	if !slices.Contains(*list, oi) {
		id := place{int32(si), backup}.id()
		st.holding[id/64] &^= 1 << (id % 64)
	}
	for i, h := range st.held {
		if h.slot == si && h.backup == backup {
			st.held = append(st.held[:i], st.held[i+1:]...)
			break
		}
	}
	st.units -= s.units(si, backup)
	s.count(st, si, -1)
}

func (s *solver) count(st *offState, si, d int) {
	sl := &s.slots[si]
	if sl.Weekend {
		st.weekend += d
	}
	if sl.Holiday {
		st.holiday += d
	}
	if sl.Night {
		st.night += d
	}
}

func removeInt(xs []int, x int) []int {
	for i, v := range xs {
		if v == x {
			return append(xs[:i], xs[i+1:]...)
		}
	}
	return xs
}

// Reasons a place is closed to an officer.
type why int

const (
	okay why = iota
	whyInactive
	whyRole
	whyArea
	whySameSlot
	whyBlocked
	whyCap
	whyOverlap
	whyRest
	whyConsecutive
)

// conflict says why an officer cannot take a place, and with what.
type conflict struct {
	why   why
	block *block
	slot  int    // the held slot in the way (overlap, rest), or -1
	fixed *fixed // the earlier-roster assignment in the way
}

// check tells whether officer oi may take slot si (as backup or duty), pretending the officer
// does not hold slot `without` (-1: none). With ignoreCap the monthly cap is not checked (for
// an officer who gives up one place as they take another).
func (s *solver) check(oi, si int, without int, ignoreCap bool) conflict {
	s.work++
	if s.work&0x3fff == 0 && s.ctx.Err() != nil {
		s.stopped = true
	}
	return s.probe(oi, si, without, ignoreCap)
}

// probe is check without counting the work, so that explanations can run in parallel.
func (s *solver) probe(oi, si int, without int, ignoreCap bool) conflict {
	st, sl := s.offs[oi], &s.sl[si]
	n := len(st.held)
	if without >= 0 {
		n--
	}
	if !ignoreCap && n+1 > st.cap {
		return conflict{why: whyCap, slot: -1}
	}
	// Held places are in time order: only those near the slot can overlap or cut the rest.
	// A place is at most a day long, so starts more than a day and the rest before can be skipped.
	held := st.held
	for i := firstFrom(held, sl.start-86400-s.rest); i < len(held) && held[i].start < sl.end+s.rest; i++ {
		h := &held[i]
		if h.slot == without {
			continue
		}
		if h.slot == si {
			return conflict{why: whySameSlot, slot: -1}
		}
		if c := s.timeConflict(sl.start, sl.end, h.start, h.end); c != okay {
			return conflict{why: c, slot: h.slot}
		}
	}
	for i := range st.fixed {
		f := &st.fixed[i]
		if c := s.timeConflict(sl.start, sl.end, f.start, f.end); c != okay {
			return conflict{why: c, slot: -1, fixed: f}
		}
	}
	for i := range st.blocks {
		b := &st.blocks[i]
		if b.start >= sl.end {
			break
		}
		if b.end > sl.start {
			return conflict{why: whyBlocked, block: b, slot: -1}
		}
	}
	if s.maxCons > 0 && s.runLength(st, sl.day, without) > s.maxCons {
		return conflict{why: whyConsecutive, slot: -1}
	}
	return conflict{slot: -1}
}

// firstFrom returns the index of the first held place starting at or after t (binary search,
// written out: this is the innermost loop of the search).
func firstFrom(held []hold, t int64) int {
	lo, hi := 0, len(held)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if held[m].start < t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// timeConflict checks two intervals for overlap and for the rest between them.
func (s *solver) timeConflict(aStart, aEnd, bStart, bEnd int64) why {
	switch {
	case aStart < bEnd && bStart < aEnd:
		return whyOverlap
	case aStart >= bEnd && aStart-bEnd < s.rest:
		return whyRest
	case bStart >= aEnd && bStart-aEnd < s.rest:
		return whyRest
	}
	return okay
}

// runLength is the number of consecutive days with a duty start that day would be part of.
func (s *solver) runLength(st *offState, day int, without int) int {
	held := st.held
	has := func(d int) bool {
		lo, hi := 0, len(held)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if held[m].day < d {
				lo = m + 1
			} else {
				hi = m
			}
		}
		for i := lo; i < len(held) && held[i].day == d; i++ {
			if held[i].slot != without {
				return true
			}
		}
		for _, f := range st.fixed {
			if f.day == d {
				return true
			}
		}
		return false
	}
	n := 1
	for d := day - 1; has(d); d-- {
		n++
	}
	for d := day + 1; has(d); d++ {
		n++
	}
	return n
}

// setBit returns the bit set with bit i set, grown as needed.
func setBit(set []uint64, i int) []uint64 {
	for len(set) <= i/64 {
		set = append(set, 0)
	}
	set[i/64] |= 1 << (i % 64)
	return set
}

// hasBit reports whether bit i of the set is set (a bit beyond the set is not).
func hasBit(set []uint64, i int) bool { return i/64 < len(set) && set[i/64]&(1<<(i%64)) != 0 }

func (s *solver) candidates(si int, backup bool) []int {
	if backup {
		return s.sl[si].backupCand
	}
	return s.sl[si].dutyCand
}

// catKey is the secondary fairness measure of an officer: squared counts of weekend, holiday
// and night places, scaled by share.
func (s *solver) catKey(st *offState) int64 { return s.catWith(st, 0, 0, 0) }

// catWith is catKey with the counts changed by dw, dh and dn.
func (s *solver) catWith(st *offState, dw, dh, dn int) int64 {
	w, h, n := int64(st.weekend+dw), int64(st.holiday+dh), int64(st.night+dn)
	return (w*w + h*h + n*n) * 1000 / st.share
}

// spreadKey penalises an officer's places that come close together (days apart).
func (s *solver) spreadKey(st *offState) int64 {
	var pen int64
	for i := 1; i < len(st.held); i++ {
		pen += closeness(st.held[i].day - st.held[i-1].day)
	}
	return pen
}

// closeness is the penalty of two places gap days apart: the closer, the heavier.
func closeness(gap int) int64 {
	if gap < 0 {
		gap = -gap
	}
	switch {
	case gap <= 1:
		return 9
	case gap == 2:
		return 4
	case gap == 3:
		return 1
	}
	return 0
}

// pick chooses the best officer among the feasible candidates for a place: the lowest burden
// after taking it, then the fewest weekend/holiday/night places, then the widest gap, then the seed.
func (s *solver) pick(si int, backup bool) int {
	best, bestTie := -1, uint64(0)
	var bestScore, bestCat, bestSpread int64
	u := s.units(si, backup)
	for _, oi := range s.candidates(si, backup) {
		if c := s.check(oi, si, -1, false); c.why != okay {
			continue
		}
		st := s.offs[oi]
		sc := s.scoreWith(st, u)
		s.count(st, si, 1)
		cat := s.catKey(st)
		s.count(st, si, -1)
		spread := s.gapPenalty(st, si)
		tie := s.rng.Uint64()
		if best < 0 || sc < bestScore || sc == bestScore && (cat < bestCat || cat == bestCat && (spread < bestSpread || spread == bestSpread && tie < bestTie)) {
			best, bestScore, bestCat, bestSpread, bestTie = oi, sc, cat, spread, tie
		}
	}
	return best
}

// gapPenalty is how much closer slot si would bring the officer's places together.
func (s *solver) gapPenalty(st *offState, si int) int64 {
	day := s.sl[si].day
	var pen int64
	for _, h := range st.held {
		pen += closeness(day - h.day)
	}
	return pen
}

// construct fills the balanced places in time order, the duty before the backup.
func (s *solver) construct() {
	for si := range s.slots {
		if si%2048 == 0 {
			s.progress("construct", si, len(s.slots))
			if s.ctx.Err() != nil {
				s.stopped = true // the places left are reported unfilled; the caller stores nothing
				return
			}
		}
		sh := s.slots[si].Shift
		if !s.sl[si].rotation {
			for k := len(s.sl[si].duty); k < sh.Need; k++ {
				if oi := s.pick(si, false); oi >= 0 {
					s.assign(oi, si, false)
				}
			}
		}
		for k := len(s.sl[si].backup); k < sh.Backup; k++ {
			if oi := s.pick(si, true); oi >= 0 {
				s.assign(oi, si, true)
			}
		}
	}
}

// openPlaces lists the places still empty, in slot order.
func (s *solver) openPlaces() []place {
	var out []place
	for si := range s.slots {
		sh := s.slots[si].Shift
		for k := len(s.sl[si].duty); k < sh.Need; k++ {
			out = append(out, place{int32(si), false})
		}
		for k := len(s.sl[si].backup); k < sh.Backup; k++ {
			out = append(out, place{int32(si), true})
		}
	}
	return out
}

// repair tries each empty place again, and then by an augmenting path of hand-overs. When a
// path cannot be found for a place, places of the same candidates and day are not tried again in
// this pass: they have the same candidates, and a month where demand exceeds supply would
// otherwise spend its time proving the same thing many times.
func (s *solver) repair() {
	type key struct {
		class *int // the candidate list (one per area and roles)
		day   int
	}
	futile := map[key]bool{}
	s.limit = s.work + s.effort*(s.places*100+s.fixedBudget)
	failures := 0 // in a row: when many paths in a row fail, demand exceeds what hand-overs can cover
	for _, pl := range s.openPlaces() {
		if s.sl[pl.slot].rotation && !pl.backup {
			continue // rotation turns are decided by the order
		}
		// Right after construction nothing has been freed, so only a path can help.
		if !s.augmentOK {
			if oi := s.pick(int(pl.slot), pl.backup); oi >= 0 {
				s.assign(oi, int(pl.slot), pl.backup)
			}
			continue
		}
		cands := s.candidates(int(pl.slot), pl.backup)
		if len(cands) == 0 {
			continue
		}
		k := key{&cands[0], s.sl[pl.slot].day}
		if futile[k] || s.spent() || failures >= s.maxFailures {
			continue
		}
		if s.augment(pl) {
			failures = 0
		} else {
			futile[k] = true
			failures++
		}
	}
}

// augment fills an empty place by an augmenting path: officer y0 takes the place after handing
// one of their places to y1, who hands one to y2, ... until an officer who can simply take one.
// It is breadth-first (the shortest path first) and bounded in depth and size.
func (s *solver) augment(pl place) bool {
	type node struct {
		slot   int
		backup bool
		holder int // officer holding this place now (-1 for the empty place)
		parent int
		depth  int
	}
	nodes := []node{{slot: int(pl.slot), backup: pl.backup, holder: -1, parent: -1}}
	seen := map[uint64]bool{} // (place id, holder): a place held by an officer, once queued
	for qi := 0; qi < len(nodes) && len(nodes) < 1000; qi++ {
		q := nodes[qi]
		if q.depth >= 6 || s.spent() {
			break
		}
		for _, y := range s.candidates(q.slot, q.backup) {
			if y == q.holder {
				continue
			}
			if s.check(y, q.slot, -1, false).why == okay {
				// The path: y takes q; q's holder takes q's parent; and so on to the empty place.
				var steps []augStep
				taker := y
				for n := qi; n >= 0; n = nodes[n].parent {
					steps = append(steps, augStep{nodes[n].slot, nodes[n].backup, nodes[n].holder, taker})
					taker = nodes[n].holder
				}
				if s.applyAugment(steps) {
					return true
				}
				continue
			}
			for _, h := range s.offs[y].held {
				key := uint64(place{int32(h.slot), h.backup}.id())<<32 | uint64(y)
				if !s.movable(h) || h.slot == q.slot || seen[key] {
					continue
				}
				if s.check(y, q.slot, h.slot, false).why != okay {
					continue
				}
				seen[key] = true
				nodes = append(nodes, node{slot: h.slot, backup: h.backup, holder: y, parent: qi, depth: q.depth + 1})
			}
		}
	}
	return false
}

// augStep is one link of an augmenting path: place (slot, backup) passes from holder to taker.
type augStep struct {
	slot   int
	backup bool
	holder int // -1: the place was empty
	taker  int
}

// applyAugment moves every place of the path at once and keeps the result only when every
// touched officer still keeps every rule.
func (s *solver) applyAugment(steps []augStep) bool {
	for _, st := range steps {
		if st.holder >= 0 {
			s.unassign(st.holder, st.slot, st.backup)
		}
	}
	for _, st := range steps {
		s.assign(st.taker, st.slot, st.backup)
	}
	var touched []int
	for _, st := range steps {
		touched = append(touched, st.taker)
	}
	if s.chainValid(touched) {
		return true
	}
	for _, st := range steps {
		s.unassign(st.taker, st.slot, st.backup)
	}
	for _, st := range steps {
		if st.holder >= 0 {
			s.assign(st.holder, st.slot, st.backup)
		}
	}
	return false
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// participants are the active officers who are candidates for at least one place.
func (s *solver) participants() map[string]roster.Milli {
	in := make([]bool, len(s.offs))
	for si := range s.sl {
		for _, oi := range s.sl[si].dutyCand {
			in[oi] = true
		}
		for _, oi := range s.sl[si].backupCand {
			in[oi] = true
		}
	}
	out := map[string]roster.Milli{}
	for i, st := range s.offs {
		if in[i] {
			out[st.o.ID] = roster.Milli(st.share)
		}
	}
	return out
}

// Proposal is the scheduler's choice for one place to refill: an assignment, or an unfilled
// place with the reason when nobody can take it.
type Proposal struct {
	Assignment *roster.Assignment
	Unfilled   *roster.Unfilled
}

// Propose refills places of an existing roster (a replacement for an officer who cannot serve):
// keep are the assignments that stay, open the places to refill (their OfficerID is the officer
// leaving, who is not proposed again). Each place gets the fairest officer who keeps every hard
// rule, one after the other, as generate would choose.
func Propose(p *Problem, keep, open []roster.Assignment) ([]Proposal, error) {
	loc, err := p.Plan.Center.Location()
	if err != nil {
		return nil, fmt.Errorf("time zone: %w", err)
	}
	slots, err := ExpandSlots(p.Plan, p.Month, loc, p.Calendar)
	if err != nil {
		return nil, err
	}
	s := newSolver(p, loc, slots)
	s.ctx = context.Background() // one greedy pass: nothing to interrupt
	index := map[string]int{}
	for i := range slots {
		index[slots[i].Post.ID+"/"+slots[i].Shift.ID+"@"+fmt.Sprint(slots[i].Start.Unix())] = i
	}
	slotOf := func(a roster.Assignment) (int, bool) {
		si, ok := index[a.PostID+"/"+a.ShiftID+"@"+fmt.Sprint(a.Start.Unix())]
		return si, ok
	}
	for _, a := range keep {
		oi, ok := s.byID[a.OfficerID]
		if !ok {
			continue
		}
		if si, found := slotOf(a); found {
			s.assign(oi, si, a.Role == roster.Backup)
		} else {
			// A place the plan no longer has: it still takes the officer's time.
			st := s.offs[oi]
			st.fixed = append(st.fixed, fixed{start: a.Start.Unix(), end: a.End.Unix(), day: roster.DateOf(a.Start.In(loc)).DaysSinceEpoch(), label: a.PostID})
		}
	}
	var out []Proposal
	for _, a := range open {
		si, found := slotOf(a)
		backup := a.Role == roster.Backup
		if !found {
			why := roster.T("%s/%s at %s: the plan no longer has this shift", a.PostID, a.ShiftID, a.Start.In(loc).Format("02/01/2006 15:04"))
			u := roster.Unfilled{PostID: a.PostID, ShiftID: a.ShiftID, Start: a.Start, End: a.End, Role: a.Role, Missing: 1,
				Reason: why.String(), ReasonText: why}
			out = append(out, Proposal{Unfilled: &u})
			continue
		}
		// The leaving officer is not a candidate: hold the place as theirs while choosing.
		leaving, isOfficer := s.byID[a.OfficerID]
		if isOfficer {
			s.assign(leaving, si, backup)
		}
		oi := s.pick(si, backup)
		if isOfficer {
			s.unassign(leaving, si, backup)
		}
		if oi < 0 {
			g := s.explain(si, backup)
			u := roster.Unfilled{PostID: a.PostID, ShiftID: a.ShiftID, Start: a.Start, End: a.End, Role: a.Role, Missing: 1,
				Reason: g.String(), ReasonText: roster.T("%s", g)}
			out = append(out, Proposal{Unfilled: &u})
			continue
		}
		s.assign(oi, si, backup)
		na := a
		na.OfficerID = s.offs[oi].o.ID
		out = append(out, Proposal{Assignment: &na})
	}
	return out, nil
}
