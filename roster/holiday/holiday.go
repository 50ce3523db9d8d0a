// Package holiday is the Vietnamese public holiday calendar (Labour Code 2019, art. 112) with
// substitute days (art. 111(3)), the plan's additions and removals, and working days.
package holiday

import (
	"sort"
	"sync"
	"time"

	"dutyroster/roster"
	"dutyroster/roster/lunar"
)

// Kind tells where a day off comes from.
type Kind string

// The kinds of days off.
const (
	Fixed      Kind = "fixed"      // a solar date every year
	Lunar      Kind = "lunar"      // Tết and the Hùng Kings' day, from the lunar calendar
	Substitute Kind = "substitute" // the working day after a holiday that fell on a weekend
	Added      Kind = "added"      // added by the plan (the Prime Minister's yearly notice)
)

// Holiday is one day off.
type Holiday struct {
	Date   roster.Date
	Name   string // Vietnamese
	NameEN string
	Kind   Kind
	Lunar  *lunar.Date // set for lunar holidays
}

// Calendar answers holiday and working-day questions for one plan's holiday settings. It is safe
// for concurrent use.
type Calendar struct {
	cfg    roster.HolidayConfig
	mu     sync.Mutex
	byYear map[int]map[roster.Date]Holiday
}

// New returns the calendar for a plan's settings; the zero HolidayConfig means the built-in
// Vietnamese calendar.
func New(cfg roster.HolidayConfig) *Calendar {
	if cfg.Calendar == "" {
		cfg.Calendar = "vn"
	}
	return &Calendar{cfg: cfg, byYear: map[int]map[roster.Date]Holiday{}}
}

// Builtin returns the built-in Vietnamese calendar without any plan changes.
func Builtin() *Calendar { return New(roster.HolidayConfig{Calendar: "vn"}) }

func (c *Calendar) year(y int) map[roster.Date]Holiday {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m, ok := c.byYear[y]; ok {
		return m
	}
	m := c.compute(y)
	c.byYear[y] = m
	return m
}

// builtin returns the statutory holidays whose date falls in solar year y.
func builtin(y int) []Holiday {
	d := func(m time.Month, day int) roster.Date { return roster.Date{Year: y, Month: m, Day: day} }
	out := []Holiday{
		{Date: d(time.January, 1), Name: "Tết Dương lịch", NameEN: "New Year's Day", Kind: Fixed},
		{Date: d(time.April, 30), Name: "Ngày Chiến thắng", NameEN: "Reunification Day", Kind: Fixed},
		{Date: d(time.May, 1), Name: "Ngày Quốc tế Lao động", NameEN: "International Labour Day", Kind: Fixed},
		{Date: d(time.September, 2), Name: "Quốc khánh", NameEN: "National Day", Kind: Fixed},
		{Date: d(time.September, 3), Name: "Quốc khánh (ngày liền kề)", NameEN: "National Day (adjacent day)", Kind: Fixed},
	}
	// Tết: the last day of the lunar year and the first four days of the new one. A Tết that
	// starts in late January keeps its eve in the same solar year; both lunar years are looked
	// at so that every day of year y is found.
	for _, ly := range []int{y, y + 1} {
		ny, nm, nd, err := lunar.ToSolar(lunar.Date{Year: ly, Month: 1, Day: 1})
		if err != nil {
			continue
		}
		first := roster.Date{Year: ny, Month: nm, Day: nd}
		names := []string{"Tết Nguyên đán (ngày cuối năm)", "Tết Nguyên đán (mùng 1)", "Tết Nguyên đán (mùng 2)",
			"Tết Nguyên đán (mùng 3)", "Tết Nguyên đán (mùng 4)"}
		namesEN := []string{"Lunar New Year's Eve (Tết)", "Lunar New Year (Tết), day 1", "Lunar New Year (Tết), day 2",
			"Lunar New Year (Tết), day 3", "Lunar New Year (Tết), day 4"}
		for i := -1; i <= 3; i++ {
			day := first.AddDays(i)
			if day.Year != y {
				continue
			}
			l := lunar.FromSolar(day.Year, day.Month, day.Day)
			out = append(out, Holiday{Date: day, Name: names[i+1], NameEN: namesEN[i+1], Kind: Lunar, Lunar: &l})
		}
	}
	if hy, hm, hd, err := lunar.ToSolar(lunar.Date{Year: y, Month: 3, Day: 10}); err == nil {
		l := lunar.Date{Year: y, Month: 3, Day: 10}
		out = append(out, Holiday{Date: roster.Date{Year: hy, Month: hm, Day: hd}, Name: "Giỗ Tổ Hùng Vương",
			NameEN: "Hùng Kings' Commemoration Day", Kind: Lunar, Lunar: &l})
	}
	return out
}

// compute builds the days off of solar year y: built-in days minus removals, substitutes for
// those on a weekend, then the plan's additions.
func (c *Calendar) compute(y int) map[roster.Date]Holiday {
	removed := map[roster.Date]bool{}
	for _, d := range c.cfg.Remove {
		removed[d] = true
	}
	days := map[roster.Date]Holiday{}
	if c.cfg.Calendar == "vn" {
		// Substitutes of late-December holidays spill into January: look at the year before too.
		var base []Holiday
		for _, yy := range []int{y - 1, y} {
			for _, h := range builtin(yy) {
				if !removed[h.Date] {
					base = append(base, h)
				}
			}
		}
		sort.Slice(base, func(i, j int) bool { return base[i].Date.Before(base[j].Date) })
		taken := map[roster.Date]bool{}
		for _, h := range base {
			taken[h.Date] = true
		}
		for _, h := range base {
			if h.Date.Year == y {
				days[h.Date] = h
			}
			if !h.Date.IsWeekend() {
				continue
			}
			// The next working day that is not already off.
			sub := h.Date.AddDays(1)
			for sub.IsWeekend() || taken[sub] {
				sub = sub.AddDays(1)
			}
			taken[sub] = true
			if sub.Year == y && !removed[sub] {
				days[sub] = Holiday{Date: sub, Name: "Nghỉ bù " + h.Name, NameEN: "Substitute day off for " + h.NameEN, Kind: Substitute}
			}
		}
	}
	for _, a := range c.cfg.Add {
		if a.Date.Year != y {
			continue
		}
		if _, ok := days[a.Date]; ok {
			continue // already a day off: the built-in name and kind stay
		}
		days[a.Date] = Holiday{Date: a.Date, Name: a.Name, NameEN: a.Name + " (added by the plan)", Kind: Added}
	}
	return days
}

// Year lists the days off of solar year y in date order.
func (c *Calendar) Year(y int) []Holiday {
	m := c.year(y)
	out := make([]Holiday, 0, len(m))
	for _, h := range m {
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// Lookup returns the day off on d, if d is one.
func (c *Calendar) Lookup(d roster.Date) (Holiday, bool) {
	h, ok := c.year(d.Year)[d]
	return h, ok
}

// IsHoliday reports whether d is a public holiday or substitute day off.
func (c *Calendar) IsHoliday(d roster.Date) bool {
	_, ok := c.Lookup(d)
	return ok
}

// IsWorkingDay reports whether government offices work on d: Monday to Friday, not a day off.
func (c *Calendar) IsWorkingDay(d roster.Date) bool {
	return !d.IsWeekend() && !c.IsHoliday(d)
}

// WorkingDaysBefore returns the n-th working day before d (d itself not counted): with n = 5 and
// d a Monday in an ordinary week, the Monday a week earlier. n = 0 returns d.
func (c *Calendar) WorkingDaysBefore(d roster.Date, n int) roster.Date {
	for n > 0 {
		d = d.AddDays(-1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// NoticeDeadline is the last day a month's roster may be published and still reach police n
// working days before the month starts: the n-th working day before its first day.
func (c *Calendar) NoticeDeadline(m roster.Month, n int) roster.Date {
	return c.WorkingDaysBefore(m.First(), n)
}
