package holiday

import (
	"testing"
	"time"

	"dutyroster/roster"
)

func d(s string) roster.Date {
	x, err := roster.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

func dates(hs []Holiday) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Date.String()+" "+string(h.Kind))
	}
	return out
}

func TestBuiltin2026(t *testing.T) {
	cal := Builtin()
	want := []string{
		"2026-01-01 fixed",
		// The official 2026 Tết days off are 16-20 Feb (29 Tết to mùng 4).
		"2026-02-16 lunar", "2026-02-17 lunar", "2026-02-18 lunar", "2026-02-19 lunar", "2026-02-20 lunar",
		// Hùng Kings' day, 10/3 lunar, is a Sunday in 2026: Monday is the substitute day.
		"2026-04-26 lunar", "2026-04-27 substitute",
		"2026-04-30 fixed", "2026-05-01 fixed", "2026-09-02 fixed", "2026-09-03 fixed",
	}
	got := dates(cal.Year(2026))
	if len(got) != len(want) {
		t.Fatalf("2026: %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("2026 day %d: %s, want %s", i, got[i], want[i])
		}
	}
	h, _ := cal.Lookup(d("2026-02-17"))
	if h.Lunar == nil || h.Lunar.String() != "01/01" || h.Name != "Tết Nguyên đán (mùng 1)" {
		t.Errorf("Tết 2026: %+v", h)
	}
}

func TestHungKings2025AndSubstitutes(t *testing.T) {
	cal := Builtin()
	if h, ok := cal.Lookup(d("2025-04-07")); !ok || h.Name != "Giỗ Tổ Hùng Vương" {
		t.Errorf("Hùng Kings 2025: %+v %v", h, ok)
	}
	// Tết 2025: 28 Jan (eve) to 1 Feb, a Saturday: Monday 3 Feb is the substitute.
	if h, ok := cal.Lookup(d("2025-02-03")); !ok || h.Kind != Substitute || h.Name != "Nghỉ bù Tết Nguyên đán (mùng 4)" {
		t.Errorf("2025-02-03: %+v %v", h, ok)
	}
	// 1 Jan 2022 was a Saturday: Monday 3 Jan off.
	if h, ok := cal.Lookup(d("2022-01-03")); !ok || h.Kind != Substitute {
		t.Errorf("2022-01-03: %+v %v", h, ok)
	}
	// 2 Sep 2023 (Sat) and the day after (Sun): Monday 4 and Tuesday 5 Sep are substitutes.
	for _, s := range []string{"2023-09-04", "2023-09-05"} {
		if h, ok := cal.Lookup(d(s)); !ok || h.Kind != Substitute {
			t.Errorf("%s: %+v %v", s, h, ok)
		}
	}
}

func TestPlanAddsAndRemoves(t *testing.T) {
	cal := New(roster.HolidayConfig{Calendar: "vn",
		Add:    []roster.HolidayDate{{Date: d("2026-09-01"), Name: "Nghỉ lễ Quốc khánh"}, {Date: d("2026-02-16"), Name: "Nghỉ Tết"}},
		Remove: []roster.Date{d("2026-09-03"), d("2026-04-26")}})
	if h, ok := cal.Lookup(d("2026-09-01")); !ok || h.Kind != Added || h.Name != "Nghỉ lễ Quốc khánh" {
		t.Errorf("added day: %+v %v", h, ok)
	}
	if cal.IsHoliday(d("2026-09-03")) {
		t.Error("removed day still a holiday")
	}
	// Removing a weekend holiday removes its substitute too.
	if cal.IsHoliday(d("2026-04-26")) || cal.IsHoliday(d("2026-04-27")) {
		t.Error("removed Hùng Kings' day or its substitute still off")
	}
	// Adding a day that is already off keeps the built-in name.
	if h, _ := cal.Lookup(d("2026-02-16")); h.Kind != Lunar {
		t.Errorf("2026-02-16: %+v", h)
	}
	none := New(roster.HolidayConfig{Calendar: "none", Add: []roster.HolidayDate{{Date: d("2026-03-02"), Name: "Ngày nghỉ riêng"}}})
	if got := dates(none.Year(2026)); len(got) != 1 || got[0] != "2026-03-02 added" {
		t.Errorf("calendar none: %v", got)
	}
}

func TestWorkingDays(t *testing.T) {
	cal := Builtin()
	if !cal.IsWorkingDay(d("2026-03-02")) || cal.IsWorkingDay(d("2026-03-01")) || cal.IsWorkingDay(d("2026-02-18")) {
		t.Error("working day checks")
	}
	// March 2026 starts on a Sunday: 27, 26, 25, 24, 23 Feb are the five working days before.
	if got := cal.NoticeDeadline(roster.Month{Year: 2026, Month: time.March}, 5); got.String() != "2026-02-23" {
		t.Errorf("deadline for 2026-03: %s", got)
	}
	// February 2026: Tết 16-20 Feb is not the issue; 30, 29, 28, 27, 26 Jan.
	if got := cal.NoticeDeadline(roster.Month{Year: 2026, Month: time.February}, 5); got.String() != "2026-01-26" {
		t.Errorf("deadline for 2026-02: %s", got)
	}
	// Holidays push the deadline back: before 1 May 2026 lie 30 Apr (holiday), 29, 28, 27 Apr
	// (substitute), 26 (Sunday)... so the fifth working day is 22 Apr.
	if got := cal.NoticeDeadline(roster.Month{Year: 2026, Month: time.May}, 5); got.String() != "2026-04-22" {
		t.Errorf("deadline for 2026-05: %s", got)
	}
	if got := cal.WorkingDaysBefore(d("2026-03-02"), 0); got.String() != "2026-03-02" {
		t.Errorf("zero working days: %s", got)
	}
}
