// Package check verifies a roster against every hard rule of its plan. It shares no code with
// the scheduler: it is the independent judge that property tests, publishing and amendments use.
package check

import (
	"fmt"
	"sort"
	"time"

	"github.com/teambition/rrule-go"

	"dutyroster/roster"
)

// Rule names a hard rule.
type Rule string

// The hard rules.
const (
	RuleUnknown     Rule = "unknown"     // the assignment names an officer, post or shift that does not exist
	RuleInactive    Rule = "inactive"    // inactive officers take no duty
	RuleRole        Rule = "role"        // the officer's role may not take this duty or backup
	RuleArea        Rule = "area"        // the officer does not serve the post's area
	RuleShiftTime   Rule = "shift_time"  // the times do not match the shift
	RuleLeave       Rule = "leave"       // the officer is unavailable
	RuleTwiceInSlot Rule = "same_slot"   // one officer holds two places of one slot
	RuleOverfilled  Rule = "overfilled"  // more officers than the shift needs
	RuleOverlap     Rule = "overlap"     // two duties of one officer overlap
	RuleRest        Rule = "rest"        // less than min_rest_hours between two duties
	RuleCap         Rule = "cap"         // more than max_per_month places in a month
	RuleConsecutive Rule = "consecutive" // more than max_consecutive_days days in a row
)

// Violation is one broken rule, with a sentence a coordinator can act on.
type Violation struct {
	Rule      Rule
	OfficerID string
	// Where names the place(s), month or day the violation is about, independently of the
	// message's wording: with Rule and OfficerID it identifies the violation.
	Where string
	// Count is what the rule counts, where it counts (a cap's duties in the month).
	Count   int
	Message string
	// Text is Message unformatted, for the reader's language.
	Text roster.Text
	// Places are the judged assignments the violation is about (none for a cap or a run of
	// days, which are about the officer's month).
	Places []roster.Assignment
}

// Introduced returns the violations of after that before does not have: new ones, and counted
// ones that got worse (a cap exceeded by more). Violations a roster already had are not the
// doing of a change to it.
func Introduced(before, after []Violation) []Violation {
	had := make(map[string]int, len(before))
	for _, v := range before {
		had[v.Key()] = max(had[v.Key()], v.Count)
	}
	var out []Violation
	for _, v := range after {
		if n, ok := had[v.Key()]; !ok || v.Count > n {
			out = append(out, v)
		}
	}
	return out
}

// Key identifies a violation by rule, officer and place, so that two checks of a roster can be
// compared without comparing their texts.
func (v Violation) Key() string { return string(v.Rule) + "|" + v.OfficerID + "|" + v.Where }

// placeKey names an assignment's place in a Violation's Where.
func placeKey(a roster.Assignment) string {
	return fmt.Sprintf("%s/%s@%d/%s", a.PostID, a.ShiftID, a.Start.Unix(), a.Role)
}

func (v Violation) String() string { return v.Message }

// MsgFormat gives the message unformatted, for the reader's language.
func (v Violation) MsgFormat() (string, []any) { return v.Text.MsgFormat() }

// Input is a roster to check, with the assignments of earlier rosters that end near its start.
type Input struct {
	Plan        *roster.Plan
	Assignments []roster.Assignment
	// Context holds assignments outside the roster (the previous month's last days) that the
	// rest, overlap and consecutive-day rules must respect; they are not themselves judged.
	Context []roster.Assignment
}

type item struct {
	a       roster.Assignment
	context bool
}

// Roster returns every violation of the hard rules, in a stable order.
func Roster(in Input) []Violation {
	var out []Violation
	loc, err := in.Plan.Center.Location()
	if err != nil {
		return []Violation{{Rule: RuleUnknown, Message: fmt.Sprintf("the plan's time zone cannot be loaded: %v", err)}}
	}
	add := func(rule Rule, officer, where, format string, args ...any) {
		t := roster.T(format, args...)
		out = append(out, Violation{Rule: rule, OfficerID: officer, Where: where, Message: t.String(), Text: t})
	}
	// about records the judged assignments the last violation is about.
	about := func(items ...item) {
		for _, it := range items {
			if !it.context {
				out[len(out)-1].Places = append(out[len(out)-1].Places, it.a)
			}
		}
	}
	officers := map[string]*roster.Officer{}
	for i := range in.Plan.Officers {
		officers[in.Plan.Officers[i].ID] = &in.Plan.Officers[i]
	}
	type shiftRef struct {
		post  *roster.Post
		shift *roster.Shift
	}
	shifts := map[string]shiftRef{}
	for i := range in.Plan.Posts {
		p := &in.Plan.Posts[i]
		for j := range p.Shifts {
			shifts[p.ID+"/"+p.Shifts[j].ID] = shiftRef{p, &p.Shifts[j]}
		}
	}
	// Unavailability as instants, per officer, over the span of the roster.
	var spanFrom, spanTo time.Time
	for i, a := range in.Assignments {
		if i == 0 || a.Start.Before(spanFrom) {
			spanFrom = a.Start
		}
		if i == 0 || a.End.After(spanTo) {
			spanTo = a.End
		}
	}
	blocks := map[string][]window{}
	for id, o := range officers {
		blocks[id] = unavailability(o, spanFrom.AddDate(0, 0, -2), spanTo.AddDate(0, 0, 1), loc)
	}
	// Per-assignment rules.
	type slotKey struct {
		post, shift string
		start       int64
	}
	inSlot := map[slotKey]map[string]int{}
	count := map[slotKey][2]int{}
	for _, a := range in.Assignments {
		label := describe(a, loc)
		o := officers[a.OfficerID]
		ref, ok := shifts[a.PostID+"/"+a.ShiftID]
		if o == nil {
			add(RuleUnknown, a.OfficerID, placeKey(a), "%s: no officer %s in the plan", label, a.OfficerID)
			about(item{a, false})
			continue
		}
		if !ok {
			add(RuleUnknown, a.OfficerID, placeKey(a), "%s: no shift %s/%s in the plan", label, a.PostID, a.ShiftID)
			about(item{a, false})
			continue
		}
		if !o.Active {
			add(RuleInactive, o.ID, placeKey(a), "%s: %s is inactive", label, o.ID)
			about(item{a, false})
		}
		roles := ref.shift.Roles
		if a.Role == roster.Backup {
			roles = ref.shift.BackupRoles
		}
		allowed := false
		for _, r := range roles {
			allowed = allowed || r == o.Role
		}
		if !allowed {
			add(RuleRole, o.ID, placeKey(a), "%s: %s is a %s; this %s takes %v", label, o.ID, o.Role, a.Role, roles)
			about(item{a, false})
		}
		if ref.post.Area != "" && len(o.Areas) > 0 {
			serves := false
			for _, ar := range o.Areas {
				serves = serves || ar == ref.post.Area
			}
			if !serves {
				add(RuleArea, o.ID, placeKey(a), "%s: %s does not serve area %s", label, o.ID, ref.post.Area)
				about(item{a, false})
			}
		}
		// The times are the shift's wall-clock start and end on the start's local date (the
		// next day when the end is not after the start), whatever daylight saving does.
		local := a.Start.In(loc)
		y, mo, d := local.Date()
		wantStart := time.Date(y, mo, d, int(ref.shift.Start)/60, int(ref.shift.Start)%60, 0, 0, loc)
		endDay := d
		if ref.shift.End <= ref.shift.Start {
			endDay++
		}
		wantEnd := time.Date(y, mo, endDay, int(ref.shift.End)/60, int(ref.shift.End)%60, 0, 0, loc)
		if !a.Start.Equal(wantStart) || !a.End.Equal(wantEnd) {
			add(RuleShiftTime, o.ID, placeKey(a), "%s: the times do not match shift %s/%s (%s-%s)", label, a.PostID, a.ShiftID, ref.shift.Start, ref.shift.End)
			about(item{a, false})
		}
		if why, ok := overlapping(blocks[o.ID], a.Start, a.End); ok {
			add(RuleLeave, o.ID, placeKey(a), "%s: %s is unavailable (%s)", label, o.ID, why)
			about(item{a, false})
		}
		k := slotKey{a.PostID, a.ShiftID, a.Start.Unix()}
		if inSlot[k] == nil {
			inSlot[k] = map[string]int{}
		}
		inSlot[k][o.ID]++
		if inSlot[k][o.ID] == 2 {
			add(RuleTwiceInSlot, o.ID, placeKey(a), "%s: %s holds two places of this slot", label, o.ID)
			about(item{a, false})
		}
		c := count[k]
		if a.Role == roster.Backup {
			c[1]++
			if c[1] == ref.shift.Backup+1 {
				add(RuleOverfilled, o.ID, placeKey(a), "%s: more than %d backups", label, ref.shift.Backup)
				about(item{a, false})
			}
		} else {
			c[0]++
			if c[0] == ref.shift.Need+1 {
				add(RuleOverfilled, o.ID, placeKey(a), "%s: more than %d on duty", label, ref.shift.Need)
				about(item{a, false})
			}
		}
		count[k] = c
	}
	// Per-officer rules over time.
	byOfficer := map[string][]item{}
	for _, a := range in.Context {
		byOfficer[a.OfficerID] = append(byOfficer[a.OfficerID], item{a, true})
	}
	for _, a := range in.Assignments {
		byOfficer[a.OfficerID] = append(byOfficer[a.OfficerID], item{a, false})
	}
	ids := make([]string, 0, len(byOfficer))
	for id := range byOfficer {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	rest := time.Duration(in.Plan.Rules.MinRestHours) * time.Hour
	for _, id := range ids {
		items := byOfficer[id]
		o := officers[id]
		if o == nil {
			continue
		}
		sort.SliceStable(items, func(i, j int) bool { return items[i].a.Start.Before(items[j].a.Start) })
		// Overlap and rest between every pair that matters (sorted by start).
		for i := range items {
			for j := i + 1; j < len(items); j++ {
				a, b := items[i], items[j]
				if a.context && b.context {
					continue
				}
				if !b.a.Start.Before(a.a.End) && b.a.Start.Sub(a.a.End) >= rest {
					break // later ones start later still
				}
				if a.a.PostID == b.a.PostID && a.a.ShiftID == b.a.ShiftID && a.a.Start.Equal(b.a.Start) {
					continue // the same slot twice: reported above
				}
				if b.a.Start.Before(a.a.End) {
					add(RuleOverlap, id, placeKey(a.a)+" "+placeKey(b.a), "%s and %s: %s would be in two places at once", describe(a.a, loc), describe(b.a, loc), id)
					about(a, b)
				} else {
					add(RuleRest, id, placeKey(a.a)+" "+placeKey(b.a), "%s and %s: %s would rest only %s; the rule is %d h", describe(a.a, loc), describe(b.a, loc), id,
						hoursText(b.a.Start.Sub(a.a.End)), in.Plan.Rules.MinRestHours)
					about(a, b)
				}
			}
		}
		// Cap per month of the start.
		perMonth := map[roster.Month]int{}
		for _, it := range items {
			if !it.context {
				perMonth[roster.MonthOf(roster.DateOf(it.a.Start.In(loc)))]++
			}
		}
		limit := in.Plan.MaxFor(o)
		months := make([]roster.Month, 0, len(perMonth))
		for m := range perMonth {
			months = append(months, m)
		}
		sort.Slice(months, func(i, j int) bool { return months[i].String() < months[j].String() })
		for _, m := range months {
			if n := perMonth[m]; n > limit {
				add(RuleCap, id, m.String(), "%s would have %d duties in %s; the cap is %d", id, n, m, limit)
				out[len(out)-1].Count = n
			}
		}
		// Consecutive days with a start.
		if maxCons := in.Plan.Rules.MaxConsecutiveDays; maxCons > 0 {
			days := map[int]bool{}
			judged := map[int]bool{}
			for _, it := range items {
				d := roster.DateOf(it.a.Start.In(loc)).DaysSinceEpoch()
				days[d] = true
				if !it.context {
					judged[d] = true
				}
			}
			var sorted []int
			for d := range days {
				sorted = append(sorted, d)
			}
			sort.Ints(sorted)
			run, runHasJudged := 0, false
			for i, d := range sorted {
				if i > 0 && d == sorted[i-1]+1 {
					run++
				} else {
					run, runHasJudged = 1, false
				}
				runHasJudged = runHasJudged || judged[d]
				if run == maxCons+1 && runHasJudged {
					start := time.Unix(int64(d-maxCons)*86400, 0).UTC()
					add(RuleConsecutive, id, start.Format("2006-01-02"), "%s would serve %d days in a row from %s; the limit is %d", id, run, start.Format("02/01/2006"), maxCons)
				}
			}
		}
	}
	return out
}

func describe(a roster.Assignment, loc *time.Location) roster.SlotLabel {
	return roster.SlotLabel{Start: a.Start.In(loc), End: a.End.In(loc), Post: a.PostID, Role: a.Role}
}

// window is a time an officer cannot serve, with the reason to print.
type window struct {
	start, end time.Time
	why        roster.Text
}

// unavailability lists an officer's unavailable windows that touch [from, to).
func unavailability(o *roster.Officer, from, to time.Time, loc *time.Location) []window {
	var out []window
	at := func(d roster.Date, c roster.Clock) time.Time {
		return time.Date(d.Year, d.Month, d.Day, int(c)/60, int(c)%60, 0, 0, loc)
	}
	for _, u := range o.Unavailable {
		switch u.Kind {
		case roster.UnavailDays:
			out = append(out, window{at(u.FromDate, 0), at(u.ToDate.AddDays(1), 0), withReason(roster.T("%s to %s", u.FromDate, u.ToDate), u.Reason)})
		case roster.UnavailWindow:
			out = append(out, window{at(u.From.Date, u.From.Clock), at(u.To.Date, u.To.Clock), withReason(roster.T("%s to %s", u.From, u.To), u.Reason)})
		case roster.UnavailRRule:
			opt, err := rrule.StrToROption(u.RRule)
			if err != nil {
				continue
			}
			opt.Dtstart = at(roster.RRuleEpoch, u.Start)
			r, err := rrule.NewRRule(*opt)
			if err != nil {
				continue
			}
			for _, occ := range r.Between(from.AddDate(0, 0, -1), to, true) {
				d := roster.DateOf(occ.In(loc))
				end := at(d, u.End)
				if u.End <= u.Start {
					end = at(d.AddDays(1), u.End)
				}
				out = append(out, window{occ, end, withReason(roster.T("%s %s-%s", u.RRule, u.Start, u.End), u.Reason)})
			}
		}
	}
	return out
}

// overlapping returns the reason of the first window that meets [start, end).
func overlapping(ws []window, start, end time.Time) (roster.Text, bool) {
	for _, w := range ws {
		if start.Before(w.end) && w.start.Before(end) {
			return w.why, true
		}
	}
	return roster.Text{}, false
}

// withReason adds the reason to a window's description, when there is one.
func withReason(when roster.Text, reason string) roster.Text {
	if reason == "" {
		return when
	}
	return roster.T("%s: %s", when, reason)
}

// hoursText writes a duration as people say it: "10 h", "6 h 30 min", "0 h".
func hoursText(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	if m == 0 {
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}
