package scheduler

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"dutyroster/roster"
)

// describeSlot names a slot for a coordinator: "Sat 14/02/2026 07:00-07:00 Công an tỉnh (duty)".
func describeSlot(sl *Slot, backup bool) roster.SlotLabel {
	role := roster.Duty
	if backup {
		role = roster.Backup
	}
	return roster.SlotLabel{Start: sl.Start, End: sl.End, Post: sl.Post.Name, Role: role}
}

// gap is why a place is empty, kept as facts: String writes the English at once (it is stored
// with the roster, for tens of thousands of places in a large month), MsgFormat gives the message
// unformatted for any other language, only when someone reads it.
type gap struct {
	head    roster.SlotLabel
	roles   roster.Text
	area    string // with no candidate: the post's area, if any
	n       int    // candidates
	reasons []gapReason
	more    int // candidates excluded beyond those named
	counts  [whyConsecutive + 1]int32
	loc     *time.Location // of the times of the reasons
}

// gapReason is what kept one candidate out.
// It is kept small: a large month keeps tens of thousands of explanations until they are stored.
type gapReason struct {
	officer    string
	why        why
	n          int                    // the cap (whyCap), the rest hours (whyRest), the days (whyConsecutive)
	post       string                 // whyOverlap, whyRest
	start, end int64                  // whyOverlap, whyRest: Unix seconds
	block      *roster.Unavailability // whyBlocked
}

// whyOrder is the order the counts of "in all" are given in.
var whyOrder = []why{whyBlocked, whyCap, whyOverlap, whyRest, whyConsecutive, whySameSlot}

var whyCounts = map[why]string{
	whyBlocked: "%d unavailable", whyCap: "%d at their cap", whyOverlap: "%d on another duty", whyRest: "%d resting",
	whyConsecutive: "%d at the consecutive-day limit", whySameSlot: "%d already in this slot",
}

// MsgFormat gives the explanation unformatted.
func (g *gap) MsgFormat() (string, []any) {
	if g.n == 0 {
		if g.area != "" {
			return "%s: no active officer with role %s serving area %s", []any{g.head, g.roles, g.area}
		}
		return "%s: no active officer with role %s", []any{g.head, g.roles}
	}
	could := roster.T("%d officers could serve", g.n)
	if g.n == 1 {
		could = roster.T("1 officer could serve")
	}
	reasons := make([]any, 0, len(g.reasons)+1)
	for _, r := range g.reasons {
		reasons = append(reasons, roster.T("%s %s", r.officer, r.text(g.loc)))
	}
	if g.more > 0 {
		var rest []any
		for _, w := range whyOrder {
			if g.counts[w] > 0 {
				rest = append(rest, roster.T(whyCounts[w], g.counts[w]))
			}
		}
		reasons = append(reasons, roster.T("and %d more (in all: %s)", g.more, roster.Join(", ", rest...)))
	}
	return "%s: %s; %s", []any{g.head, could, roster.Join("; ", reasons...)}
}

// String is the explanation in English.
func (g *gap) String() string {
	var b strings.Builder
	b.Grow(160 + 100*len(g.reasons)) // a little over its length (a stress month: 578 bytes on average, 695 at most for six reasons)
	b.WriteString(g.head.String())
	if g.n == 0 {
		b.WriteString(": no active officer with role ")
		b.WriteString(g.roles.String())
		if g.area != "" {
			b.WriteString(" serving area ")
			b.WriteString(g.area)
		}
		return b.String()
	}
	if g.n == 1 {
		b.WriteString(": 1 officer could serve; ")
	} else {
		fmt.Fprintf(&b, ": %d officers could serve; ", g.n)
	}
	for i, r := range g.reasons {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(r.officer)
		b.WriteByte(' ')
		if t := r.text(g.loc); t.Format != "" {
			fmt.Fprintf(&b, t.Format, t.Args...) // Text.String, written in place
		}
	}
	if g.more > 0 {
		fmt.Fprintf(&b, "; and %d more (in all: ", g.more)
		first := true
		for _, w := range whyOrder {
			if g.counts[w] > 0 {
				if !first {
					b.WriteString(", ")
				}
				first = false
				fmt.Fprintf(&b, whyCounts[w], g.counts[w])
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// explain says why place (si, backup) is empty, naming every candidate and what excluded each.
func (s *solver) explain(si int, backup bool) *gap {
	sl := &s.slots[si]
	roles := sl.Shift.Roles
	if backup {
		roles = sl.Shift.BackupRoles
	}
	cands := s.candidates(si, backup)
	g := &gap{head: describeSlot(sl, backup), roles: joinRoles(roles), n: len(cands), loc: s.loc}
	if len(cands) == 0 {
		g.area = sl.Post.Area
		return g
	}
	const shown = 6
	excluded := 0
	for _, oi := range cands {
		c := s.probe(oi, si, -1, false)
		if c.why == okay {
			continue // cannot happen after repair; be honest if it does
		}
		g.counts[c.why]++
		excluded++
		if len(g.reasons) < shown {
			if g.reasons == nil {
				g.reasons = make([]gapReason, 0, min(shown, len(cands)))
			}
			g.reasons = append(g.reasons, s.gapReason(c, oi))
		}
	}
	if excluded > shown {
		g.more = excluded - shown
	}
	return g
}

// gapReason records what kept officer oi out.
func (s *solver) gapReason(c conflict, oi int) gapReason {
	r := gapReason{officer: s.offs[oi].o.ID, why: c.why}
	switch c.why {
	case whyBlocked:
		r.block = c.block.u
	case whyCap:
		r.n = s.offs[oi].cap
	case whyOverlap, whyRest:
		if c.fixed != nil {
			r.post, r.start, r.end = c.fixed.label, c.fixed.start, c.fixed.end
		} else {
			o := &s.slots[c.slot]
			r.post, r.start, r.end = o.Post.ID, o.Start.Unix(), o.End.Unix()
		}
		r.n = s.p.Plan.Rules.MinRestHours
	case whyConsecutive:
		r.n = s.maxCons
	}
	return r
}

// text says the reason, with its times in loc.
func (r gapReason) text(loc *time.Location) roster.Text {
	at := func(u int64) string { return time.Unix(u, 0).In(loc).Format("02/01 15:04") }
	switch r.why {
	case whyBlocked:
		return blockText(r.block)
	case whyCap:
		return roster.T("at the cap of %d", r.n)
	case whySameSlot:
		return roster.T("already holds a place in this slot")
	case whyOverlap:
		return roster.T("on duty at %s %s-%s", r.post, at(r.start), at(r.end))
	case whyRest:
		return roster.T("needs %d h rest around duty at %s %s-%s", r.n, r.post, at(r.start), at(r.end))
	case whyConsecutive:
		return roster.T("would serve more than %d days in a row", r.n)
	}
	return roster.T("cannot serve")
}

// blockText describes an unavailability: "on leave 09-15/02 (Nghỉ phép)".
func blockText(u *roster.Unavailability) roster.Text {
	reason := ""
	if u.Reason != "" {
		reason = " (" + u.Reason + ")"
	}
	switch u.Kind {
	case roster.UnavailDays:
		return roster.T("on leave %s%s", dayRange(u.FromDate, u.ToDate), reason)
	case roster.UnavailWindow:
		return roster.T("unavailable %s %s-%s %s%s", dm(u.From.Date), u.From.Clock, dm(u.To.Date), u.To.Clock, reason)
	}
	return roster.T("unavailable %s %s-%s%s", u.RRule, u.Start, u.End, reason)
}

func dm(d roster.Date) string { return fmt.Sprintf("%02d/%02d", d.Day, int(d.Month)) }

// dayRange formats "09-15/02", or "28/12-03/01" across months, or "09/02" for one day.
func dayRange(a, b roster.Date) string {
	switch {
	case a == b:
		return dm(a)
	case a.Year == b.Year && a.Month == b.Month:
		return fmt.Sprintf("%02d-%s", a.Day, dm(b))
	}
	return dm(a) + "-" + dm(b)
}

// joinRoles names the roles a place takes: "lawyer", "legal_aid_officer or lawyer" (the roles
// are the plan's keys; the "or" is said in the reader's language).
func joinRoles(rs []roster.Role) roster.Text {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	if len(s) > 1 {
		return roster.T("%s or %s", strings.Join(s[:len(s)-1], ", "), s[len(s)-1])
	}
	return roster.T("%s", strings.Join(s, ""))
}

// assignments lists what the search placed, slot by slot, duty before backup.
func (s *solver) assignments() []roster.Assignment {
	var out []roster.Assignment
	for si := range s.slots {
		sl := &s.slots[si]
		for _, part := range []struct {
			ois  []int
			role roster.DutyRole
		}{{s.sl[si].duty, roster.Duty}, {s.sl[si].backup, roster.Backup}} {
			ids := make([]string, len(part.ois))
			for i, oi := range part.ois {
				ids[i] = s.offs[oi].o.ID
			}
			sort.Strings(ids)
			for _, id := range ids {
				out = append(out, roster.Assignment{PostID: sl.Post.ID, ShiftID: sl.Shift.ID, Start: sl.Start, End: sl.End,
					OfficerID: id, Role: part.role, Weight: sl.Weight, Weekend: sl.Weekend, Holiday: sl.Holiday, Night: sl.Night})
			}
		}
	}
	return out
}

// unfilled lists the empty places with their reasons. The explanations only read the search's
// state, so they are written by as many goroutines as there are processors.
func (s *solver) unfilled() []roster.Unfilled {
	// The empty places first, then their entries in one array (a stress month has 40,000).
	type job struct {
		slot, miss int
		backup     bool
	}
	var jobs []job
	for si := range s.slots {
		if miss := s.slots[si].Shift.Need - len(s.sl[si].duty); miss > 0 {
			jobs = append(jobs, job{si, miss, false})
		}
		if miss := s.slots[si].Shift.Backup - len(s.sl[si].backup); miss > 0 {
			jobs = append(jobs, job{si, miss, true})
		}
	}
	out := make([]roster.Unfilled, len(jobs))
	for i, j := range jobs {
		sl := &s.slots[j.slot]
		role := roster.Duty
		if j.backup {
			role = roster.Backup
		}
		out[i] = roster.Unfilled{PostID: sl.Post.ID, ShiftID: sl.Shift.ID, Start: sl.Start, End: sl.End, Role: role, Missing: j.miss}
	}
	workers := min(runtime.GOMAXPROCS(0), 1+len(jobs)/256)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for j := w; j < len(jobs); j += workers {
				g := s.explain(jobs[j].slot, jobs[j].backup)
				out[j].Reason, out[j].ReasonText = g.String(), roster.T("%s", g)
			}
		}(w)
	}
	wg.Wait()
	return out
}
