package roster

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day without a time zone: the unit of leave, holidays and months.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// MinYear and MaxYear bound every date dutyroster takes, in the plan and on the command line:
// the years its Vietnamese lunar calendar covers.
const (
	MinYear = 1900
	MaxYear = 2100
)

// errYear says a year is outside MinYear..MaxYear.
func errYear(s string) error {
	return Errorf(EINVALID, "%q is outside the years %d to %d that dutyroster handles", s, MinYear, MaxYear)
}

// ParseDate reads YYYY-MM-DD and rejects days that do not exist (2025-02-30) and years outside
// MinYear..MaxYear.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		// Of the right form but not a day of the calendar (30 February): say so plainly.
		var y, m, d int
		if n, _ := fmt.Sscanf(s, "%4d-%2d-%2d", &y, &m, &d); n == 3 && len(s) == 10 && m >= 1 && m <= 12 && d >= 1 && d <= 31 {
			return Date{}, Errorf(EINVALID, "%s does not exist: %s has %d days", Date{y, time.Month(m), d}, monthName{y, time.Month(m)}, daysIn(y, time.Month(m)))
		}
		return Date{}, Errorf(EINVALID, "%q is not a date of the form YYYY-MM-DD", s)
	}
	if t.Year() < MinYear || t.Year() > MaxYear {
		return Date{}, errYear(s)
	}
	return DateOf(t), nil
}

// monthName names a month in a sentence: "February 2027", "tháng 2/2027".
type monthName struct {
	year  int
	month time.Month
}

func (m monthName) String() string { return m.Localize("en") }

// Localize names the month in the language.
func (m monthName) Localize(lang string) string {
	if lang == "vi" {
		return fmt.Sprintf("tháng %d/%d", int(m.month), m.year)
	}
	return fmt.Sprintf("%s %d", m.month, m.year)
}

// daysIn is the number of days of a month.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// DateOf returns the date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// Localize writes the date as people of the language read it: 25/12/2026 in Vietnamese,
// 2026-12-25 in English.
func (d Date) Localize(lang string) string {
	if lang == "vi" {
		return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
	}
	return d.String()
}

// IsZero reports whether d is the zero date.
func (d Date) IsZero() bool { return d == Date{} }

// In returns midnight of the date in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days later (or earlier when n < 0).
func (d Date) AddDays(n int) Date { return DateOf(d.In(time.UTC).AddDate(0, 0, n)) }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.In(time.UTC).Weekday() }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// DaysSinceEpoch counts days from 1970-01-01; handy for day indexes.
func (d Date) DaysSinceEpoch() int { return int(d.In(time.UTC).Unix() / 86400) }

// IsWeekend reports whether the date is a Saturday or Sunday.
func (d Date) IsWeekend() bool {
	w := d.Weekday()
	return w == time.Saturday || w == time.Sunday
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Month is a calendar month, the period of one roster.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads YYYY-MM.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, Errorf(EINVALID, "%q is not a month of the form YYYY-MM (for example 2026-03)", s)
	}
	if t.Year() < MinYear || t.Year() > MaxYear {
		return Month{}, Errorf(EINVALID, "%v", errYear(s))
	}
	return Month{t.Year(), t.Month()}, nil
}

// String formats the month as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// First returns the first day of the month.
func (m Month) First() Date { return Date{m.Year, m.Month, 1} }

// Last returns the last day of the month.
func (m Month) Last() Date { return m.Next().First().AddDays(-1) }

// Next returns the following month.
func (m Month) Next() Month {
	if m.Month == time.December {
		return Month{m.Year + 1, time.January}
	}
	return Month{m.Year, m.Month + 1}
}

// Prev returns the previous month.
func (m Month) Prev() Month {
	if m.Month == time.January {
		return Month{m.Year - 1, time.December}
	}
	return Month{m.Year, m.Month - 1}
}

// MonthOf returns the month a date falls in.
func MonthOf(d Date) Month { return Month{d.Year, d.Month} }

// Clock is a local wall-clock time as minutes since midnight (0..1439).
type Clock int

// ParseClock reads HH:MM (24-hour).
func ParseClock(s string) (Clock, error) {
	if len(s) != 5 || s[2] != ':' {
		return 0, Errorf(EINVALID, "%q is not a time of the form HH:MM", s)
	}
	h, err1 := strconv.Atoi(s[:2])
	m, err2 := strconv.Atoi(s[3:])
	if err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, Errorf(EINVALID, "%q is not a time of the form HH:MM", s)
	}
	return Clock(h*60 + m), nil
}

// String formats the clock as HH:MM.
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// At returns the instant of this wall-clock time on date d in loc.
func (c Clock) At(d Date, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, int(c)/60, int(c)%60, 0, 0, loc)
}

// DateTime is a local date and wall-clock time, as written in the plan (2026-02-10T13:30).
type DateTime struct {
	Date  Date
	Clock Clock
}

// ParseDateTime reads YYYY-MM-DDTHH:MM (a space may stand for the T).
func ParseDateTime(s string) (DateTime, error) {
	s = strings.Replace(s, " ", "T", 1)
	t, err := time.Parse("2006-01-02T15:04", s)
	if err != nil {
		return DateTime{}, Errorf(EINVALID, "%q is not a date and time of the form YYYY-MM-DDTHH:MM", s)
	}
	if t.Year() < MinYear || t.Year() > MaxYear {
		return DateTime{}, errYear(s)
	}
	return DateTime{DateOf(t), Clock(t.Hour()*60 + t.Minute())}, nil
}

// String formats as YYYY-MM-DDTHH:MM.
func (dt DateTime) String() string { return dt.Date.String() + "T" + dt.Clock.String() }

// In returns the instant in loc.
func (dt DateTime) In(loc *time.Location) time.Time { return dt.Clock.At(dt.Date, loc) }

// Milli is a non-negative decimal with three places, stored as an integer so that weights and
// shares never pass through floating point (1.5 is Milli(1500)).
type Milli int64

// ParseMilli reads a decimal such as 1, 0.5 or 1.25 exactly.
func ParseMilli(s string) (Milli, error) {
	bad := Errorf(EINVALID, "%q is not a number with at most three decimals", s)
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		return 0, bad
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || (hasDot && frac == "") || len(frac) > 3 || len(whole) > 9 {
		return 0, bad
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, bad
	}
	for len(frac) < 3 {
		frac += "0"
	}
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil {
		return 0, bad
	}
	return Milli(w*1000 + f), nil
}

// String formats the decimal without trailing zeros (1500 -> "1.5").
// Localize writes the number with a decimal comma in Vietnamese ("12,5").
func (m Milli) Localize(lang string) string {
	if lang == "vi" {
		return strings.Replace(m.String(), ".", ",", 1)
	}
	return m.String()
}

func (m Milli) String() string {
	if m < 0 {
		return "-" + (-m).String()
	}
	s := strconv.FormatInt(int64(m)/1000, 10)
	if f := int64(m) % 1000; f != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%03d", f), "0")
	}
	return s
}

// MarshalJSON writes the decimal as a JSON number.
func (m Milli) MarshalJSON() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalJSON reads a JSON number exactly.
func (m *Milli) UnmarshalJSON(b []byte) error {
	str := string(b)
	neg := strings.HasPrefix(str, "-")
	v, err := ParseMilli(strings.TrimPrefix(str, "-"))
	if neg {
		v = -v
	}
	if err != nil {
		return err
	}
	*m = v
	return nil
}
