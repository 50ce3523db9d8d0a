package scheduler

import (
	"dutyroster/roster"
	"dutyroster/roster/holiday"
)

// Problem is everything the scheduler needs to build one month's roster. It holds no clock and
// no database: the caller gathers it.
type Problem struct {
	Plan     *roster.Plan
	Month    roster.Month
	Calendar *holiday.Calendar
	// Seed breaks ties among equally good choices; the same problem and seed give the same roster.
	Seed uint64
	// Ledger is each officer's carried burden deviation from earlier months, in burden units
	// (see Units): positive means the officer has carried more than the average so far.
	Ledger map[string]int64
	// Before holds assignments of earlier rosters that end shortly before or after this month
	// starts, so that rest and consecutive-day rules hold across the month boundary.
	Before []roster.Assignment
	// Rotation is the position of each rotation shift ("post/shift") carried from last month.
	Rotation map[string]roster.RotationState
	// Progress, when set, is told how far the search is.
	Progress func(phase string, done, total int)
	// Effort scales the improvement search (1 = default). The search stops by counting its own
	// steps, never by the clock, so a run is repeatable.
	Effort int
}

// Result is the roster the scheduler built and what it learned on the way.
type Result struct {
	Slots       []Slot
	Assignments []roster.Assignment
	Unfilled    []roster.Unfilled
	Rotation    map[string]roster.RotationState
	Capacity    Capacity
	// Participants are the active officers who could take some place this month, with their
	// share: the group whose burden is compared (and carried in the ledger).
	Participants map[string]roster.Milli
	// Bound is an upper bound on the places any roster can fill under the hard rules, after
	// solving: the least of the capacity check and the Lagrangian bound. A roster that fills
	// Bound places is provably as complete as any.
	Bound int
	// BurdenFloor is the fairness certificate: no roster that fills the same places can have a
	// heaviest burden (weight per fair share) below it.
	BurdenFloor roster.Milli
	// Idle lists the active officers who may serve at no post of the month (their role and
	// areas match no shift): they are left out of the fair share.
	Idle []string
	// Interrupted says the caller's context ended the search early: the roster breaks no hard
	// rule but may be less complete or less fair than a full search would make it.
	Interrupted bool
}

// Capacity is the check made before searching: how many places there are and how many any
// roster could fill at most (a max-flow over officers, days and slots).
type Capacity struct {
	Places int
	Bound  int
	// Notes explain a shortfall, each a message of the catalogue: first the whole month's, then
	// each kind of place that the officers cannot all fill.
	Notes []roster.Text
}

// demandNote says that demand exceeds supply: at most bound of places can be filled.
func demandNote(bound, places int) roster.Text {
	return roster.T("demand exceeds supply: at most %d of %d places can be filled, whatever the roster (caps, whole-day leave, roles and areas)", bound, places)
}

// Short reports whether demand exceeds what any roster could supply.
func (c Capacity) Short() bool { return c.Bound < c.Places }
