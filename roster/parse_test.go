package roster

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readFile(t testing.TB, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"..", "testdata", "plans"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readSample reads the Đồng Tháp sample plan, which lives beside the package that embeds it.
func readSample(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("sample", "dong-thap.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseSample(t *testing.T) {
	plan, err := ParsePlan("dong-thap.yaml", readSample(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Officers) < 35 || len(plan.Posts) < 15 || len(plan.Areas) < 3 {
		t.Errorf("sample: %d officers, %d posts, %d areas", len(plan.Officers), len(plan.Posts), len(plan.Areas))
	}
	roles := map[Role]int{}
	for _, o := range plan.Officers {
		roles[o.Role]++
		if o.Phone == "" {
			t.Errorf("%s has no phone", o.ID)
		}
	}
	if len(roles) != 4 {
		t.Errorf("sample roles: %v", roles)
	}
	csdt := plan.Post("csdt-tinh")
	if csdt == nil || csdt.Shifts[0].Duration().Hours() != 24 || csdt.Shifts[0].Backup != 1 || csdt.Shifts[0].Mode != ModePhone {
		t.Errorf("csdt-tinh: %+v", csdt)
	}
	tgv10 := plan.Officer("tgv-10")
	if tgv10.Share != 500 || tgv10.Unavailable[0].Kind != UnavailDays {
		t.Errorf("tgv-10: %+v", tgv10)
	}
	if plan.Rules.Burden.Weekend != 1500 || plan.Rules.MaxPerMonth != 10 {
		t.Errorf("rules: %+v", plan.Rules)
	}
	if k := plan.Officer("tgv-04").Unavailable[0]; k.Kind != UnavailRRule || k.Start != 13*60+30 || k.End != 17*60 {
		t.Errorf("tgv-04 recurring: %+v", k)
	}
	if w := plan.Officer("tgv-06").Unavailable[0]; w.Kind != UnavailWindow || w.From.String() != "2026-12-14T13:30" {
		t.Errorf("tgv-06 window: %+v", w)
	}
}

func TestParseDefaults(t *testing.T) {
	plan, err := ParsePlan("small.yaml", readFile(t, "small.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if plan.Center.Timezone != DefaultTimezone || plan.Rules != DefaultRules() || plan.Holidays.Calendar != "vn" {
		t.Errorf("defaults: %+v %+v %+v", plan.Center, plan.Rules, plan.Holidays)
	}
	s := plan.Posts[0].Shifts[0]
	if s.Holidays != HolidaysSkip || s.Backup != 0 || len(s.BackupRoles) != 4 || s.Label != "sang" {
		t.Errorf("shift defaults: %+v", s)
	}
	if o := plan.Officer("tgv-01"); o.Share != 1000 || !o.Active || o.MaxPerMonth != 0 {
		t.Errorf("officer defaults: %+v", o)
	}
}

func TestMilli(t *testing.T) {
	for in, want := range map[string]Milli{"1": 1000, "1.5": 1500, "0.5": 500, "2.25": 2250, "0.001": 1, "10": 10000} {
		got, err := ParseMilli(in)
		if err != nil || got != want {
			t.Errorf("ParseMilli(%q) = %d, %v; want %d", in, got, err, want)
		}
		if got.String() != in {
			t.Errorf("%d.String() = %q, want %q", got, got.String(), in)
		}
	}
	for _, bad := range []string{"", "-1", "1.2345", "abc", "1.", ".5", "1e3"} {
		if _, err := ParseMilli(bad); err == nil {
			t.Errorf("ParseMilli(%q) accepted", bad)
		}
	}
}

func TestDatesAndClocks(t *testing.T) {
	if _, err := ParseDate("2025-02-30"); err == nil {
		t.Error("2025-02-30 accepted")
	}
	d, _ := ParseDate("2026-12-31")
	if d.AddDays(1).String() != "2027-01-01" || d.Weekday().String() != "Thursday" {
		t.Errorf("date arithmetic: %s %s", d.AddDays(1), d.Weekday())
	}
	for _, bad := range []string{"7:30", "24:00", "07:60", "0730", "ab:cd"} {
		if _, err := ParseClock(bad); err == nil {
			t.Errorf("ParseClock(%q) accepted", bad)
		}
	}
	m, _ := ParseMonth("2026-12")
	if m.Next().String() != "2027-01" || m.Prev().String() != "2026-11" || m.Last().Day != 31 {
		t.Errorf("month arithmetic: %s %s %s", m.Next(), m.Prev(), m.Last())
	}
}

// FuzzParsePlan feeds the parser mutated plans: it must never panic or hang, and whatever it
// accepts must pass the same checks again (parsing is deterministic).
func FuzzParsePlan(f *testing.F) {
	f.Add(readSample(f))
	f.Add(readFile(f, "small.yaml"))
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "plans", "broken", "*.yaml"))
	for _, file := range files {
		b, _ := os.ReadFile(file)
		f.Add(b)
	}
	regressions, _ := filepath.Glob(filepath.Join("..", "testdata", "plans", "fuzz", "*.yaml"))
	for _, file := range regressions {
		b, _ := os.ReadFile(file)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		plan, err := ParsePlan("fuzz.yaml", data)
		if err != nil {
			pe, ok := err.(*PlanErrors)
			if !ok || len(pe.Problems) == 0 {
				t.Fatalf("error without problems: %v", err)
			}
			for _, p := range pe.Problems {
				if p.Line < 1 || !strings.HasPrefix(p.String(), "fuzz.yaml:") {
					t.Fatalf("problem without a line: %q", p.String())
				}
			}
			return
		}
		if plan.Version != 1 || plan.Center.Name == "" {
			t.Fatalf("accepted a plan without version or center: %+v", plan.Center)
		}
		if _, err := ParsePlan("fuzz.yaml", data); err != nil {
			t.Fatalf("second parse failed: %v", err)
		}
	})
}
