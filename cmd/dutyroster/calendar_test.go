package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"dutyroster/internal/app"
)

func TestHolidaysCommand(t *testing.T) {
	c := newCLI(t) // no database: the built-in calendar
	t.Chdir(c.dir)
	var got []app.HolidayJSON
	out, errOut, code := c.runNoDB("holidays", "--year", "2026", "--output", "json", "--lang", "vi")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 12 || got[2] != (app.HolidayJSON{Date: "2026-02-17", Name: "Tết Nguyên đán (mùng 1)", Kind: "lunar", Lunar: "01/01"}) {
		t.Errorf("2026: %+v", got)
	}
	if !strings.Contains(out, `{
    "date": "2026-02-17",
    "name": "Tết Nguyên đán (mùng 1)",
    "kind": "lunar",
    "lunar": "01/01"
  }`) {
		t.Errorf("json layout: %s", out)
	}
	en, _, _ := c.runNoDB("holidays", "--year", "2026", "--lang", "en")
	if !strings.Contains(en, "Lunar New Year (Tết), day 1") || !strings.Contains(en, "Substitute day off for Hùng Kings' Commemoration Day") {
		t.Errorf("english: %s", en)
	}
	// With the sample plan, its additions and removals apply.
	s := withSample(t)
	plan := s.ok("holidays", "--year", "2026", "-o", "csv", "--lang", "vi")
	if !strings.Contains(plan, "2026-09-01,Thứ Ba,Nghỉ lễ Quốc khánh,added,") || strings.Contains(plan, "2026-09-03") {
		t.Errorf("plan calendar: %s", plan)
	}
	for _, bad := range [][]string{{"holidays", "--year", "abc"}, {"holidays"}, {"holidays", "--year", "2026", "--lang", "fr"}, {"holidays", "--year", "1800"}} {
		s.fail(2, bad...)
	}
	if got := s.fail(2, "holidays", "--year", "abc"); got != "Error: --year \"abc\" is not a year between 1900 and 2100\n" {
		t.Errorf("stderr %q", got)
	}
}

// runNoDB runs without --db or $DUTYROSTER_DB.
func (c *cli) runNoDB(args ...string) (string, string, int) {
	var out, errOut bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return map[string]string{"DUTYROSTER_LANG": "en"}[k] }, Now: func() time.Time { return c.now }}
	code := run(context.Background(), args, env)
	return out.String(), errOut.String(), code
}

func TestLunarCommand(t *testing.T) {
	c := newCLI(t)
	out := c.ok("lunar", "2025-07-25", "--output", "json")
	var j map[string]any
	json.Unmarshal([]byte(out), &j)
	want := `{"can_chi":"Ất Tỵ","date":"2025-07-25","lunar":{"day":1,"leap":true,"month":6,"year":2025}}`
	if b, _ := json.Marshal(j); string(b) != want {
		t.Errorf("lunar json %s, want %s", b, want)
	}
	if out := c.ok("lunar", "--to-solar", "2026-01-01"); out != "2026-02-17 = ngày 01 tháng 01 năm Bính Ngọ (2026) âm lịch\n" {
		t.Errorf("to-solar: %q", out)
	}
	if out := c.ok("lunar", "--to-solar", "--leap", "2025-06-01", "-o", "json"); !strings.Contains(out, `"date": "2025-07-25"`) {
		t.Errorf("to-solar leap: %s", out)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"lunar", "2025-02-30"}, "Error: 2025-02-30 does not exist: February 2025 has 28 days\n"},
		{[]string{"lunar", "--to-solar", "--leap", "2025-06-30"}, "Error: lunar leap month 6 of 2025 has 29 days; day 30 does not exist\n"},
		{[]string{"lunar", "--to-solar", "--leap", "2026-03-01"}, "Error: lunar year 2026 has no leap month\n"},
		{[]string{"lunar", "--to-solar", "2026-13-01"}, "Error: \"2026-13-01\" is not a lunar date: months run 1-12 and days 1-30\n"},
		{[]string{"lunar", "--leap", "2026-03-01"}, "Error: --leap only goes with --to-solar\n"},
		{[]string{"lunar"}, "Error: dutyroster lunar takes 1 argument(s), got 0; usage: dutyroster lunar DATE [flags]\n"},
	} {
		if got := c.fail(2, tc.args...); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.args, got, tc.want)
		}
	}
}

func TestDeadlineCommand(t *testing.T) {
	c := withSample(t)
	out := c.ok("deadline", "--month", "2026-03", "-o", "json")
	var j app.DeadlineJSON
	json.Unmarshal([]byte(out), &j)
	if j.Deadline != "2026-02-23" || j.WorkingDays != 5 || j.Month != "2026-03" {
		t.Errorf("deadline: %+v", j)
	}
	if out := c.ok("deadline", "--month", "2026-03"); out != "2026-03: publish by Monday 2026-02-23 (5 working days before 2026-03-01, by the plan's calendar)\n" {
		t.Errorf("deadline text: %q", out)
	}
	if got := c.fail(2, "deadline", "--month", "March"); got != "Error: \"March\" is not a month of the form YYYY-MM (for example 2026-03)\n" {
		t.Errorf("bad month: %q", got)
	}
}
