// Package scheduler builds a month's roster from the plan: a pure function of its Problem that
// never reads the clock or does I/O. Hard rules (role, area, leave, overlap, rest, caps,
// consecutive days) are never broken; among valid rosters it fills as many places as it can,
// then makes burden fair by leximin (the heaviest load as light as possible, then the next).
package scheduler

import (
	"fmt"
	"sort"
	"time"

	"github.com/teambition/rrule-go"

	"dutyroster/roster"
	"dutyroster/roster/holiday"
)

// Slot is one occurrence of a shift: a post, a start and an end instant, with its weight.
type Slot struct {
	Post    *roster.Post
	Shift   *roster.Shift
	Start   time.Time
	End     time.Time
	Date    roster.Date // local date of the start
	Weight  roster.Milli
	Weekend bool
	Holiday bool
	Night   bool
}

// Key identifies a slot: post, shift and start.
func (s *Slot) Key() string { return s.Post.ID + "/" + s.Shift.ID + "@" + s.Start.Format(time.RFC3339) }

// ExpandSlots returns the slots of every active shift of the plan whose start falls in month,
// in start order (then post order), with the weights of the plan's rules. A shift with
// `holidays: skip` has no slot on a public holiday.
func ExpandSlots(plan *roster.Plan, month roster.Month, loc *time.Location, cal *holiday.Calendar) ([]Slot, error) {
	from := month.First().In(loc)
	to := month.Next().First().In(loc)
	var slots []Slot
	postOrder := map[string]int{}
	// Many shifts share a pattern (a national plan has thousands of "weekdays 07:30"): expand
	// each pattern once.
	type pattern struct {
		rule   string
		anchor roster.Date
		start  roster.Clock
	}
	expanded := map[pattern][]time.Time{}
	holidays := map[roster.Date]bool{}
	// First every shift's starts (each pattern expanded once), and the most slots they can
	// make, so that the slots are one array.
	type expansion struct {
		post   *roster.Post
		shift  *roster.Shift
		starts []time.Time
	}
	var all []expansion
	most := 0
	for pi := range plan.Posts {
		post := &plan.Posts[pi]
		postOrder[post.ID] = pi
		if !post.Active {
			continue
		}
		for si := range post.Shifts {
			shift := &post.Shifts[si]
			key := pattern{shift.RRule, shift.Anchor, shift.Start}
			starts, ok := expanded[key]
			if !ok {
				var err error
				if starts, err = shiftStarts(shift, month, loc, from, to); err != nil {
					return nil, fmt.Errorf("shift %s/%s: %w", post.ID, shift.ID, err)
				}
				expanded[key] = starts
			}
			all = append(all, expansion{post, shift, starts})
			most += len(starts)
		}
	}
	slots = make([]Slot, 0, most)
	for _, x := range all {
		post, shift := x.post, x.shift
		for _, st := range x.starts {
			date := roster.DateOf(st)
			isHoliday, known := holidays[date]
			if !known {
				isHoliday = cal.IsHoliday(date)
				holidays[date] = isHoliday
			}
			if isHoliday && shift.Holidays == roster.HolidaysSkip {
				continue
			}
			end := endOf(shift, date, loc)
			s := Slot{Post: post, Shift: shift, Start: st, End: end, Date: date, Holiday: isHoliday, Weekend: date.IsWeekend()}
			s.Night = coversNight(shift.Start, shift.Duration())
			s.Weight = SlotWeight(plan.Rules.Burden, s.Holiday, s.Weekend, s.Night)
			slots = append(slots, s)
		}
	}
	sort.SliceStable(slots, func(i, j int) bool {
		if !slots[i].Start.Equal(slots[j].Start) {
			return slots[i].Start.Before(slots[j].Start)
		}
		if a, b := postOrder[slots[i].Post.ID], postOrder[slots[j].Post.ID]; a != b {
			return a < b
		}
		return slots[i].Shift.ID < slots[j].Shift.ID
	})
	return slots, nil
}

// shiftStarts expands a shift's RRULE with DTSTART at its anchor (or the month's first day) and
// start time, and returns the starts within [from, to).
func shiftStarts(shift *roster.Shift, month roster.Month, loc *time.Location, from, to time.Time) ([]time.Time, error) {
	opt, err := rrule.StrToROption(shift.RRule)
	if err != nil {
		return nil, err
	}
	anchor := month.First()
	if !shift.Anchor.IsZero() {
		anchor = shift.Anchor
	}
	opt.Dtstart = shift.Start.At(anchor, loc)
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, err
	}
	// Between works on instants; the wall-clock start is kept in loc by rrule-go.
	return r.Between(from, to.Add(-time.Second), true), nil
}

// endOf returns the end of a shift that starts on date: the same day, or the next when the
// end is not after the start (a 24 h shift "07:00"-"07:00" ends at 07:00 the next day).
func endOf(shift *roster.Shift, date roster.Date, loc *time.Location) time.Time {
	if shift.End > shift.Start {
		return shift.End.At(date, loc)
	}
	return shift.End.At(date.AddDays(1), loc)
}

// coversNight reports whether a shift starting at wall-clock start and lasting dur covers any
// part of 22:00-06:00 local time (wall-clock arithmetic, as people read a roster).
func coversNight(start roster.Clock, dur time.Duration) bool {
	from := int(start)
	to := from + int(dur/time.Minute)
	for k := -1; k <= 1; k++ {
		nightFrom, nightTo := 22*60+k*1440, 30*60+k*1440
		if from < nightTo && nightFrom < to {
			return true
		}
	}
	return false
}

// SlotWeight is a slot's burden weight: holiday, else weekend, else weekday, times night when
// the slot covers part of the night. Exact thousandths.
func SlotWeight(b roster.Burden, isHoliday, isWeekend, isNight bool) roster.Milli {
	w := b.Weekday
	switch {
	case isHoliday:
		w = b.Holiday
	case isWeekend:
		w = b.Weekend
	}
	if isNight {
		w = w * b.Night / 1000
	}
	return w
}
