// Package lunar converts between the Gregorian calendar and the Vietnamese lunar calendar
// (âm lịch), by Hồ Ngọc Đức's astronomical method for the Vietnamese time zone, UTC+7 (105°E).
// The Chinese calendar is computed for UTC+8 and gives other dates in some years (Tết 1985 and
// 2007, for instance), so no Chinese-calendar library is used. Valid for 1900-2100.
package lunar

import (
	"fmt"
	"math"
	"time"
)

// timeZone is the offset in hours the Vietnamese calendar is computed for.
const timeZone = 7.0

// MinYear and MaxYear bound the solar years this package converts.
const (
	MinYear = 1900
	MaxYear = 2100
)

// Date is a day of the Vietnamese lunar calendar. Year is the Gregorian number of the lunar year
// (the year in which its Tết falls); Leap marks a day of an intercalary month (tháng nhuận).
type Date struct {
	Year  int  `json:"year"`
	Month int  `json:"month"`
	Day   int  `json:"day"`
	Leap  bool `json:"leap"`
}

// String formats the day and month as written under a solar date: "01/06", "01/06n" for a leap month.
func (d Date) String() string {
	s := fmt.Sprintf("%02d/%02d", d.Day, d.Month)
	if d.Leap {
		s += "n"
	}
	return s
}

// jdFromDate returns the Julian day number of a Gregorian date.
func jdFromDate(dd, mm, yy int) int {
	a := (14 - mm) / 12
	y := yy + 4800 - a
	m := mm + 12*a - 3
	jd := dd + (153*m+2)/5 + 365*y + y/4 - y/100 + y/400 - 32045
	if jd < 2299161 {
		jd = dd + (153*m+2)/5 + 365*y + y/4 - 32083
	}
	return jd
}

// jdToDate returns the Gregorian date of a Julian day number.
func jdToDate(jd int) (int, time.Month, int) {
	var b, c int
	if jd > 2299160 {
		a := jd + 32044
		b = (4*a + 3) / 146097
		c = a - (b*146097)/4
	} else {
		c = jd + 32082
	}
	d := (4*c + 3) / 1461
	e := c - (1461*d)/4
	m := (5*e + 2) / 153
	day := e - (153*m+2)/5 + 1
	month := m + 3 - 12*(m/10)
	year := b*100 + d - 4800 + m/10
	return year, time.Month(month), day
}

// newMoon returns the Julian date (with fraction, UT) of the k-th new moon after 1900-01-01.
func newMoon(k int) float64 {
	kf := float64(k)
	t := kf / 1236.85
	t2 := t * t
	t3 := t2 * t
	dr := math.Pi / 180
	jd1 := 2415020.75933 + 29.53058868*kf + 0.0001178*t2 - 0.000000155*t3
	jd1 += 0.00033 * math.Sin((166.56+132.87*t-0.009173*t2)*dr)
	m := 359.2242 + 29.10535608*kf - 0.0000333*t2 - 0.00000347*t3
	mpr := 306.0253 + 385.81691806*kf + 0.0107306*t2 + 0.00001236*t3
	f := 21.2964 + 390.67050646*kf - 0.0016528*t2 - 0.00000239*t3
	c1 := (0.1734-0.000393*t)*math.Sin(m*dr) + 0.0021*math.Sin(2*dr*m)
	c1 = c1 - 0.4068*math.Sin(mpr*dr) + 0.0161*math.Sin(dr*2*mpr)
	c1 = c1 - 0.0004*math.Sin(dr*3*mpr)
	c1 = c1 + 0.0104*math.Sin(dr*2*f) - 0.0051*math.Sin(dr*(m+mpr))
	c1 = c1 - 0.0074*math.Sin(dr*(m-mpr)) + 0.0004*math.Sin(dr*(2*f+m))
	c1 = c1 - 0.0004*math.Sin(dr*(2*f-m)) - 0.0006*math.Sin(dr*(2*f+mpr))
	c1 = c1 + 0.0010*math.Sin(dr*(2*f-mpr)) + 0.0005*math.Sin(dr*(2*mpr+m))
	var deltat float64
	if t < -11 {
		deltat = 0.001 + 0.000839*t + 0.0002261*t2 - 0.00000845*t3 - 0.000000081*t*t3
	} else {
		deltat = -0.000278 + 0.000265*t + 0.000262*t2
	}
	return jd1 + c1 - deltat
}

// sunLongitude returns the sun's longitude in radians at a Julian date (UT).
func sunLongitude(jdn float64) float64 {
	t := (jdn - 2451545.0) / 36525
	t2 := t * t
	dr := math.Pi / 180
	m := 357.52910 + 35999.05030*t - 0.0001559*t2 - 0.00000048*t*t2
	l0 := 280.46645 + 36000.76983*t + 0.0003032*t2
	dl := (1.914600 - 0.004817*t - 0.000014*t2) * math.Sin(dr*m)
	dl += (0.019993-0.000101*t)*math.Sin(dr*2*m) + 0.000290*math.Sin(dr*3*m)
	l := (l0 + dl) * dr
	return l - math.Pi*2*math.Floor(l/(math.Pi*2))
}

// sunSector returns which of the 12 sectors of 30° the sun is in at the start of a local day.
func sunSector(dayNumber int) int {
	return int(math.Floor(sunLongitude(float64(dayNumber)-0.5-timeZone/24) / math.Pi * 6))
}

// newMoonDay returns the day number of the local day of the k-th new moon.
func newMoonDay(k int) int {
	return int(math.Floor(newMoon(k) + 0.5 + timeZone/24))
}

// month11 returns the day number of the start of the 11th lunar month of the lunar year that
// ends in solar year yy (the month holding the winter solstice).
func month11(yy int) int {
	off := jdFromDate(31, 12, yy) - 2415021
	k := int(math.Floor(float64(off) / 29.530588853))
	nm := newMoonDay(k)
	if sunSector(nm) >= 9 {
		nm = newMoonDay(k - 1)
	}
	return nm
}

// leapMonthOffset returns the position after month 11 (a11) of the leap month: the first month
// in which the sun enters no new major sector.
func leapMonthOffset(a11 int) int {
	k := int(math.Floor((float64(a11)-2415021.076998695)/29.530588853 + 0.5))
	i := 1
	arc := sunSector(newMoonDay(k + i))
	for {
		last := arc
		i++
		arc = sunSector(newMoonDay(k + i))
		if arc == last || i >= 14 {
			break
		}
	}
	return i - 1
}

// FromSolar converts a Gregorian date to the Vietnamese lunar date.
func FromSolar(year int, month time.Month, day int) Date {
	dayNumber := jdFromDate(day, int(month), year)
	k := int(math.Floor((float64(dayNumber) - 2415021.076998695) / 29.530588853))
	// The estimate k can be one lunation off near a new moon: step until the month holds the day.
	for newMoonDay(k+1) <= dayNumber {
		k++
	}
	for newMoonDay(k) > dayNumber {
		k--
	}
	monthStart := newMoonDay(k)
	a11 := month11(year)
	b11 := a11
	var lunarYear int
	if a11 >= monthStart {
		lunarYear = year
		a11 = month11(year - 1)
	} else {
		lunarYear = year + 1
		b11 = month11(year + 1)
	}
	d := Date{Day: dayNumber - monthStart + 1}
	diff := (monthStart - a11) / 29
	d.Month = diff + 11
	if b11-a11 > 365 {
		leap := leapMonthOffset(a11)
		if diff >= leap {
			d.Month = diff + 10
			d.Leap = diff == leap
		}
	}
	if d.Month > 12 {
		d.Month -= 12
	}
	if d.Month >= 11 && diff < 4 {
		lunarYear--
	}
	d.Year = lunarYear
	return d
}

// monthStart returns the day number on which lunar month (year, month, leap) begins, or an error
// when the year has no such leap month.
func monthStart(year, month int, leap bool) (int, error) {
	if month < 1 || month > 12 {
		return 0, fmt.Errorf("lunar month %d does not exist; months are 1 to 12", month)
	}
	var a11, b11 int
	if month < 11 {
		a11, b11 = month11(year-1), month11(year)
	} else {
		a11, b11 = month11(year), month11(year+1)
	}
	k := int(math.Floor(0.5 + (float64(a11)-2415021.076998695)/29.530588853))
	off := month - 11
	if off < 0 {
		off += 12
	}
	isLeapYear := b11-a11 > 365
	if isLeapYear {
		leapOff := leapMonthOffset(a11)
		leapMonth := leapOff - 2
		if leapMonth < 0 {
			leapMonth += 12
		}
		if leap && month != leapMonth {
			return 0, fmt.Errorf("lunar year %d has no leap month %d (its leap month is %d)", year, month, leapMonth)
		}
		if leap || off >= leapOff {
			off++
		}
	} else if leap {
		return 0, fmt.Errorf("lunar year %d has no leap month", year)
	}
	return newMoonDay(k + off), nil
}

// MonthLength returns the number of days (29 or 30) of a lunar month.
func MonthLength(year, month int, leap bool) (int, error) {
	start, err := monthStart(year, month, leap)
	if err != nil {
		return 0, err
	}
	// The next month starts at the next new moon after this one.
	k := int(math.Floor((float64(start)-2415021.076998695)/29.530588853 + 0.5))
	next := newMoonDay(k + 1)
	for next <= start {
		k++
		next = newMoonDay(k + 1)
	}
	return next - start, nil
}

// ToSolar converts a Vietnamese lunar date to the Gregorian calendar. It fails for a leap month
// the year does not have or a day the month does not have (day 30 of a 29-day month).
func ToSolar(d Date) (int, time.Month, int, error) {
	if d.Year < MinYear-1 || d.Year > MaxYear {
		return 0, 0, 0, fmt.Errorf("lunar year %d is outside %d-%d", d.Year, MinYear, MaxYear)
	}
	start, err := monthStart(d.Year, d.Month, d.Leap)
	if err != nil {
		return 0, 0, 0, err
	}
	n, err := MonthLength(d.Year, d.Month, d.Leap)
	if err != nil {
		return 0, 0, 0, err
	}
	if d.Day < 1 || d.Day > n {
		leap := ""
		if d.Leap {
			leap = "leap "
		}
		return 0, 0, 0, fmt.Errorf("lunar %smonth %d of %d has %d days; day %d does not exist", leap, d.Month, d.Year, n, d.Day)
	}
	y, m, day := jdToDate(start + d.Day - 1)
	return y, m, day, nil
}

// LeapMonth returns the leap month of a lunar year, or 0 when it has none.
func LeapMonth(year int) int {
	for m := 1; m <= 12; m++ {
		if _, err := monthStart(year, m, true); err == nil {
			return m
		}
	}
	return 0
}

var (
	can = [10]string{"Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"}
	chi = [12]string{"Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"}
)

// CanChi returns the sexagenary name of a lunar year: 2025 is "Ất Tỵ", 2026 "Bính Ngọ".
func CanChi(year int) string {
	return can[((year+6)%10+10)%10] + " " + chi[((year+8)%12+12)%12]
}
