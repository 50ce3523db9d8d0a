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

// joinTexts joins texts with a separator, as one text (the format holds only verbs and the
// separator, so it reads the same in every language).
func joinTexts(ts []roster.Text, sep string) roster.Text {
	args := make([]any, len(ts))
	for i, t := range ts {
		args[i] = t
	}
	return roster.T(strings.TrimSuffix(strings.Repeat("%s"+sep, len(ts)), sep), args...)
}

// explain says why place (si, backup) is empty, naming every candidate and what excluded each.
func (s *solver) explain(si int, backup bool) roster.Text {
	sl := &s.slots[si]
	roles := sl.Shift.Roles
	if backup {
		roles = sl.Shift.BackupRoles
	}
	cands := s.candidates(si, backup)
	head := describeSlot(sl, backup)
	if len(cands) == 0 {
		if sl.Post.Area != "" {
			return roster.T("%s: no active officer with role %s serving area %s", head, joinRoles(roles), sl.Post.Area)
		}
		return roster.T("%s: no active officer with role %s", head, joinRoles(roles))
	}
	const shown = 6
	var reasons []roster.Text
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
			reasons = append(reasons, roster.T("%s %s", s.offs[oi].o.ID, s.conflictText(c, oi)))
		}
	}
	n := len(cands)
	could := roster.T("%d officers could serve", n)
	if n == 1 {
		could = roster.T("1 officer could serve")
	}
	if excluded > shown {
		var rest []roster.Text
		for _, w := range []why{whyBlocked, whyCap, whyOverlap, whyRest, whyConsecutive, whySameSlot} {
			if counts[w] > 0 {
				rest = append(rest, roster.T(whyCount[w], counts[w]))
			}
		}
		reasons = append(reasons, roster.T("and %d more (in all: %s)", excluded-shown, joinTexts(rest, ", ")))
	}
	return roster.T("%s: %s; %s", head, could, joinTexts(reasons, "; "))
}

var whyCount = map[why]string{
	whyBlocked: "%d unavailable", whyCap: "%d at their cap", whyOverlap: "%d on another duty", whyRest: "%d resting",
	whyConsecutive: "%d at the consecutive-day limit", whySameSlot: "%d already in this slot",
}

func (s *solver) conflictText(c conflict, oi int) roster.Text {
	st := s.offs[oi]
	switch c.why {
	case whyBlocked:
		return blockText(c.block.u)
	case whyCap:
		return roster.T("at the cap of %d", st.cap)
	case whySameSlot:
		return roster.T("already holds a place in this slot")
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
			return roster.T("on duty at %s %s-%s", post, start.Format("02/01 15:04"), end.Format("02/01 15:04"))
		}
		return roster.T("needs %d h rest around duty at %s %s-%s", s.p.Plan.Rules.MinRestHours, post,
			start.Format("02/01 15:04"), end.Format("02/01 15:04"))
	case whyConsecutive:
		return roster.T("would serve more than %d days in a row", s.maxCons)
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
				t := s.explain(jobs[j].slot, jobs[j].backup)
				out[jobs[j].i].Reason, out[jobs[j].i].ReasonText = t.String(), t
			}
		}(w)
	}
	wg.Wait()
	return out
}
