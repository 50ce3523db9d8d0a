package lunar

import (
	"testing"
	"time"
)

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// Published dates. Sources:
//   - the published calendars: Tết 2024 = 10 Feb, 2025 = 29 Jan, 2026 = 17 Feb; the leap 6th month
//     of 2025 from 25 Jul 2025.
//   - Hồ Ngọc Đức, "Âm lịch Việt Nam", https://www.informatik.uni-leipzig.de/~duc/amlich/ : the
//     UTC+7 method; Tết 1968 on 29 Jan (China: 30 Jan), Tết 1985 on 21 Jan (China: 20 Feb) and
//     Tết 2007 on 17 Feb (China: 18 Feb), the years where the two calendars differ.
//   - Wikipedia, "Tết", table of Tết dates (vi.wikipedia.org/wiki/Tết_Nguyên_Đán), for 1900-2030.
//   - Government holiday notices (Bộ Lao động - Thương binh và Xã hội) for Giỗ Tổ Hùng Vương:
//     18/4/2024, 7/4/2025, 26/4/2026 (Công văn/Thông báo on the yearly holidays).
//   - Lịch vạn niên (lichvannien.net) for the leap months of 2012, 2014, 2017, 2020 and 2023.
var published = []struct {
	solar string
	lunar Date
	note  string
}{
	{"2024-02-10", Date{2024, 1, 1, false}, "Tết Giáp Thìn"},
	{"2025-01-29", Date{2025, 1, 1, false}, "Tết Ất Tỵ"},
	{"2026-02-17", Date{2026, 1, 1, false}, "Tết Bính Ngọ"},
	{"2025-07-25", Date{2025, 6, 1, true}, "first day of leap month 6, 2025"},
	{"2025-06-25", Date{2025, 6, 1, false}, "first day of month 6, 2025"},
	{"2025-04-07", Date{2025, 3, 10, false}, "Giỗ Tổ Hùng Vương 2025"},
	{"2024-04-18", Date{2024, 3, 10, false}, "Giỗ Tổ Hùng Vương 2024"},
	{"2026-04-26", Date{2026, 3, 10, false}, "Giỗ Tổ Hùng Vương 2026"},
	{"1968-01-29", Date{1968, 1, 1, false}, "Tết Mậu Thân (China: 30 Jan)"},
	{"1985-01-21", Date{1985, 1, 1, false}, "Tết Ất Sửu (China: 20 Feb)"},
	{"2007-02-17", Date{2007, 1, 1, false}, "Tết Đinh Hợi (China: 18 Feb)"},
	{"1900-01-31", Date{1900, 1, 1, false}, "Tết Canh Tý"},
	{"1945-02-13", Date{1945, 1, 1, false}, "Tết Ất Dậu"},
	{"1954-02-03", Date{1954, 1, 1, false}, "Tết Giáp Ngọ"},
	{"1975-02-11", Date{1975, 1, 1, false}, "Tết Ất Mão"},
	{"1976-01-31", Date{1976, 1, 1, false}, "Tết Bính Thìn"},
	{"1990-01-27", Date{1990, 1, 1, false}, "Tết Canh Ngọ"},
	{"1999-02-16", Date{1999, 1, 1, false}, "Tết Kỷ Mão"},
	{"2000-02-05", Date{2000, 1, 1, false}, "Tết Canh Thìn"},
	{"2010-02-14", Date{2010, 1, 1, false}, "Tết Canh Dần"},
	{"2015-02-19", Date{2015, 1, 1, false}, "Tết Ất Mùi"},
	{"2020-01-25", Date{2020, 1, 1, false}, "Tết Canh Tý"},
	{"2023-01-22", Date{2023, 1, 1, false}, "Tết Quý Mão"},
	{"2027-02-06", Date{2027, 1, 1, false}, "Tết Đinh Mùi"},
	{"2023-03-22", Date{2023, 2, 1, true}, "leap month 2, 2023"},
	{"2020-05-23", Date{2020, 4, 1, true}, "leap month 4, 2020"},
	{"2017-07-23", Date{2017, 6, 1, true}, "leap month 6, 2017"},
	{"2014-10-24", Date{2014, 9, 1, true}, "leap month 9, 2014"},
	{"2012-05-21", Date{2012, 4, 1, true}, "leap month 4, 2012"},
	{"2024-09-17", Date{2024, 8, 15, false}, "Tết Trung thu 2024"},
	{"2026-02-16", Date{2025, 12, 29, false}, "last day of Ất Tỵ (a 29-day month 12; Tết days off 16-20 Feb 2026)"},
}

func TestPublishedDates(t *testing.T) {
	for _, p := range published {
		s := date(p.solar)
		if got := FromSolar(s.Year(), s.Month(), s.Day()); got != p.lunar {
			t.Errorf("%s (%s): FromSolar = %+v, want %+v", p.solar, p.note, got, p.lunar)
		}
		y, m, d, err := ToSolar(p.lunar)
		if err != nil || y != s.Year() || m != s.Month() || d != s.Day() {
			t.Errorf("%s (%s): ToSolar = %d-%02d-%02d %v", p.solar, p.note, y, m, d, err)
		}
	}
	if len(published) < 26 {
		t.Errorf("only %d published dates", len(published))
	}
}

// TestRoundTripEveryDay walks every day from 1900 to 2100: solar -> lunar -> solar is exact, and
// lunar days run 1, 2, ... without gaps, months having 29 or 30 days.
func TestRoundTripEveryDay(t *testing.T) {
	day := date("1900-01-01")
	end := date("2101-01-01")
	prev := FromSolar(1899, 12, 31)
	for ; day.Before(end); day = day.AddDate(0, 0, 1) {
		l := FromSolar(day.Year(), day.Month(), day.Day())
		y, m, d, err := ToSolar(l)
		if err != nil || y != day.Year() || m != day.Month() || d != day.Day() {
			t.Fatalf("%s -> %+v -> %d-%02d-%02d %v", day.Format("2006-01-02"), l, y, m, d, err)
		}
		if l.Day == 1 {
			if prev.Day != 29 && prev.Day != 30 {
				t.Fatalf("%s: the month before ended on day %d", day.Format("2006-01-02"), prev.Day)
			}
		} else if l.Day != prev.Day+1 || l.Month != prev.Month || l.Leap != prev.Leap {
			t.Fatalf("%s: %+v follows %+v", day.Format("2006-01-02"), l, prev)
		}
		prev = l
	}
}

func TestMonthLengthAndBadDates(t *testing.T) {
	if n, _ := MonthLength(2025, 12, false); n != 29 {
		t.Errorf("month 12 of 2025 has %d days", n)
	}
	n, err := MonthLength(2025, 6, true)
	if err != nil {
		t.Fatal(err)
	}
	if n == 29 {
		if _, _, _, err := ToSolar(Date{2025, 6, 30, true}); err == nil || err.Error() != "lunar leap month 6 of 2025 has 29 days; day 30 does not exist" {
			t.Errorf("day 30 of a 29-day month: %v", err)
		}
	}
	if _, _, _, err := ToSolar(Date{2026, 6, 1, true}); err == nil || err.Error() != "lunar year 2026 has no leap month" {
		t.Errorf("leap month of a common year: %v", err)
	}
	if _, _, _, err := ToSolar(Date{2025, 5, 1, true}); err == nil || err.Error() != "lunar year 2025 has no leap month 5 (its leap month is 6)" {
		t.Errorf("wrong leap month: %v", err)
	}
	if _, _, _, err := ToSolar(Date{2025, 13, 1, false}); err == nil {
		t.Error("month 13 accepted")
	}
	if LeapMonth(2025) != 6 || LeapMonth(2026) != 0 || LeapMonth(2023) != 2 {
		t.Errorf("leap months: %d %d %d", LeapMonth(2025), LeapMonth(2026), LeapMonth(2023))
	}
}

func TestCanChi(t *testing.T) {
	for y, want := range map[int]string{2025: "Ất Tỵ", 2026: "Bính Ngọ", 2024: "Giáp Thìn", 1968: "Mậu Thân", 1985: "Ất Sửu", 1900: "Canh Tý"} {
		if got := CanChi(y); got != want {
			t.Errorf("CanChi(%d) = %q, want %q", y, got, want)
		}
	}
}

func BenchmarkFromSolar(b *testing.B) {
	for i := 0; i < b.N; i++ {
		FromSolar(2026, time.March, 1+i%28)
	}
}
