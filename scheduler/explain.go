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

var weekdayShort = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// describeSlot names a slot for a coordinator: "Sat 14/02/2026 07:00-07:00 Công an tỉnh (duty)".
func describeSlot(sl *Slot, backup bool) string {
	role := "duty"
	if backup {
		role = "backup"
	}
	return fmt.Sprintf("%s %s %s-%s %s (%s)", weekdayShort[sl.Start.Weekday()], sl.Start.Format("02/01/2006"),
		sl.Start.Format("15:04"), sl.End.Format("15:04"), sl.Post.Name, role)
}

// explain says why place (si, backup) is empty, naming every candidate and what excluded each.
func (s *solver) explain(si int, backup bool) string {
	sl := &s.slots[si]
	roles := sl.Shift.Roles
	if backup {
		roles = sl.Shift.BackupRoles
	}
	cands := s.candidates(si, backup)
	head := describeSlot(sl, backup)
	if len(cands) == 0 {
		area := ""
		if sl.Post.Area != "" {
			area = " serving area " + sl.Post.Area
		}
		return fmt.Sprintf("%s: no active officer with role %s%s", head, joinRoles(roles), area)
	}
	const shown = 6
	var reasons []string
	counts := map[why]int{}
	excluded := 0
	for _, oi := range cands {
		c := s.probe(oi, si, -1, false)
		if c.why == okay {
			continue // cannot happen after repair; be honest if it does
		}
		counts[c.why]++
		excluded++
		if len(reasons) < shown {
			reasons = append(reasons, s.offs[oi].o.ID+" "+s.conflictText(c, oi))
		}
	}
	n := len(cands)
	could := fmt.Sprintf("%d officers could serve", n)
	if n == 1 {
		could = "1 officer could serve"
	}
	if excluded > shown {
		var rest []string
		for _, w := range []why{whyBlocked, whyCap, whyOverlap, whyRest, whyConsecutive, whySameSlot} {
			if counts[w] > 0 {
				rest = append(rest, fmt.Sprintf("%d %s", counts[w], whyNoun[w]))
			}
		}
		reasons = append(reasons, fmt.Sprintf("and %d more (in all: %s)", excluded-shown, strings.Join(rest, ", ")))
	}
	return head + ": " + could + "; " + strings.Join(reasons, "; ")
}

var whyNoun = map[why]string{
	whyBlocked: "unavailable", whyCap: "at their cap", whyOverlap: "on another duty", whyRest: "resting",
	whyConsecutive: "at the consecutive-day limit", whySameSlot: "already in this slot",
}

func (s *solver) conflictText(c conflict, oi int) string {
	st := s.offs[oi]
	switch c.why {
	case whyBlocked:
		return blockText(c.block.u)
	case whyCap:
		return fmt.Sprintf("at the cap of %d", st.cap)
	case whySameSlot:
		return "already holds a place in this slot"
	case whyOverlap, whyRest:
		var post string
		var start, end time.Time
		if c.fixed != nil {
			post, start, end = c.fixed.label, time.Unix(c.fixed.start, 0).In(s.loc), time.Unix(c.fixed.end, 0).In(s.loc)
		} else {
			o := &s.slots[c.slot]
			post, start, end = o.Post.ID, o.Start, o.End
		}
		if c.why == whyOverlap {
			return fmt.Sprintf("on duty at %s %s-%s", post, start.Format("02/01 15:04"), end.Format("02/01 15:04"))
		}
		return fmt.Sprintf("needs %d h rest around duty at %s %s-%s", s.p.Plan.Rules.MinRestHours, post,
			start.Format("02/01 15:04"), end.Format("02/01 15:04"))
	case whyConsecutive:
		return fmt.Sprintf("would serve more than %d days in a row", s.maxCons)
	}
	return "cannot serve"
}

// blockText describes an unavailability: "on leave 09-15/02 (Nghỉ phép)".
func blockText(u *roster.Unavailability) string {
	reason := ""
	if u.Reason != "" {
		reason = " (" + u.Reason + ")"
	}
	switch u.Kind {
	case roster.UnavailDays:
		return "on leave " + dayRange(u.FromDate, u.ToDate) + reason
	case roster.UnavailWindow:
		return fmt.Sprintf("unavailable %s %s-%s %s%s", dm(u.From.Date), u.From.Clock, dm(u.To.Date), u.To.Clock, reason)
	}
	return fmt.Sprintf("unavailable %s %s-%s%s", u.RRule, u.Start, u.End, reason)
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

func joinRoles(rs []roster.Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	if len(s) > 1 {
		return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
	}
	return strings.Join(s, "")
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
	var out []roster.Unfilled
	type job struct {
		i, slot int
		backup  bool
	}
	var jobs []job
	for si := range s.slots {
		sl := &s.slots[si]
		if miss := sl.Shift.Need - len(s.sl[si].duty); miss > 0 {
			jobs = append(jobs, job{len(out), si, false})
			out = append(out, roster.Unfilled{PostID: sl.Post.ID, ShiftID: sl.Shift.ID, Start: sl.Start, End: sl.End,
				Role: roster.Duty, Missing: miss})
		}
		if miss := sl.Shift.Backup - len(s.sl[si].backup); miss > 0 {
			jobs = append(jobs, job{len(out), si, true})
			out = append(out, roster.Unfilled{PostID: sl.Post.ID, ShiftID: sl.Shift.ID, Start: sl.Start, End: sl.End,
				Role: roster.Backup, Missing: miss})
		}
	}
	workers := min(runtime.GOMAXPROCS(0), 1+len(jobs)/256)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for j := w; j < len(jobs); j += workers {
				out[jobs[j].i].Reason = s.explain(jobs[j].slot, jobs[j].backup)
			}
		}(w)
	}
	wg.Wait()
	return out
}
