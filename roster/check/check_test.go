package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dutyroster/roster"
)

func plan(t *testing.T) *roster.Plan {
	data, err := os.ReadFile(filepath.Join("..", "sample", "dong-thap.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := roster.ParsePlan("dong-thap.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var loc, _ = time.LoadLocation("Asia/Ho_Chi_Minh")

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

// a24 is a 24 h duty at csdt-tinh starting at 07:00 on day.
func a24(day, officer string, role roster.DutyRole) roster.Assignment {
	s := at(day + " 07:00")
	return roster.Assignment{PostID: "csdt-tinh", ShiftID: "truc-24h", Start: s, End: s.Add(24 * time.Hour), OfficerID: officer, Role: role, Weight: 1500}
}

func court(day, officer string) roster.Assignment {
	return roster.Assignment{PostID: "tand-tinh", ShiftID: "sang", Start: at(day + " 07:30"), End: at(day + " 11:30"), OfficerID: officer, Role: roster.Duty, Weight: 1000}
}

// TestCheckerFindsEachRule breaks each hard rule once and expects exactly that violation.
func TestCheckerFindsEachRule(t *testing.T) {
	p := plan(t)
	cases := []struct {
		name string
		as   []roster.Assignment
		ctx  []roster.Assignment
		rule Rule
		msg  string
	}{
		{"valid", []roster.Assignment{a24("2026-12-01", "tgv-02", roster.Duty), a24("2026-12-01", "ht-01", roster.Backup)}, nil, "", ""},
		{"unknown officer", []roster.Assignment{a24("2026-12-01", "nobody", roster.Duty)}, nil, RuleUnknown, "no officer nobody"},
		{"inactive", []roster.Assignment{a24("2026-12-01", "ctv-05", roster.Backup)}, nil, RuleInactive, "ctv-05 is inactive"},
		{"role", []roster.Assignment{a24("2026-12-01", "ht-01", roster.Duty)}, nil, RuleRole, "ht-01 is a support"},
		{"area", []roster.Assignment{court("2026-12-02", "tgv-06")}, nil, RuleArea, "tgv-06 does not serve area khu-vuc-1"},
		{"leave", []roster.Assignment{a24("2026-12-22", "tgv-01", roster.Duty)}, nil, RuleLeave, "tgv-01 is unavailable (2026-12-21 to 2026-12-25: Nghỉ phép năm)"},
		{"leave the day before a 24 h duty ends", []roster.Assignment{a24("2026-12-20", "tgv-01", roster.Duty)}, nil, RuleLeave, "unavailable"},
		{"recurring unavailability", []roster.Assignment{{PostID: "tand-tinh", ShiftID: "chieu", Start: at("2026-12-03 13:30"), End: at("2026-12-03 17:00"), OfficerID: "tgv-04", Role: roster.Duty, Weight: 1000}}, nil, RuleLeave, "FREQ=WEEKLY;BYDAY=TH 13:30-17:00"},
		{"same slot", []roster.Assignment{a24("2026-12-01", "tgv-02", roster.Duty), a24("2026-12-01", "tgv-02", roster.Backup)}, nil, RuleTwiceInSlot, "holds two places"},
		{"overfilled", []roster.Assignment{a24("2026-12-01", "tgv-02", roster.Duty), a24("2026-12-01", "tgv-03", roster.Duty)}, nil, RuleOverfilled, "more than 1 on duty"},
		{"overlap", []roster.Assignment{a24("2026-12-01", "tgv-02", roster.Duty), court("2026-12-01", "tgv-02")}, nil, RuleOverlap, "two places at once"},
		{"rest", []roster.Assignment{a24("2026-12-01", "tgv-02", roster.Duty), court("2026-12-02", "tgv-02")}, nil, RuleRest, "would rest only 0 h 30 min; the rule is 12 h"},
		{"rest across the month boundary", []roster.Assignment{court("2026-12-01", "tgv-02")}, []roster.Assignment{a24("2026-11-30", "tgv-02", roster.Duty)}, RuleRest, "rest only"},
		{"shift time", []roster.Assignment{{PostID: "tand-tinh", ShiftID: "sang", Start: at("2026-12-01 08:00"), End: at("2026-12-01 11:30"), OfficerID: "tgv-02", Role: roster.Duty, Weight: 1000}}, nil, RuleShiftTime, "do not match"},
		{"cap", []roster.Assignment{court("2026-12-01", "tgv-07"), court("2026-12-03", "tgv-07"), court("2026-12-07", "tgv-07"),
			court("2026-12-09", "tgv-07"), court("2026-12-11", "tgv-07"), court("2026-12-15", "tgv-07"), court("2026-12-17", "tgv-07"),
			court("2026-12-21", "tgv-07"), court("2026-12-23", "tgv-07")}, nil, RuleCap, "tgv-07 would have 9 duties in 2026-12; the cap is 8"},
		{"consecutive", []roster.Assignment{court("2026-12-01", "tgv-02"), court("2026-12-02", "tgv-02"), court("2026-12-03", "tgv-02")}, nil, RuleConsecutive, "tgv-02 would serve 3 days in a row from 01/12/2026; the limit is 2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := Roster(Input{Plan: p, Assignments: tc.as, Context: tc.ctx})
			if tc.rule == "" {
				if len(v) > 0 {
					t.Fatalf("valid roster judged: %v", v)
				}
				return
			}
			found := false
			for _, x := range v {
				if x.Rule == tc.rule && strings.Contains(x.Message, tc.msg) {
					found = true
				} else if x.Rule != tc.rule {
					t.Errorf("also found %s: %s", x.Rule, x.Message)
				}
			}
			if !found {
				t.Errorf("want %s %q, got %v", tc.rule, tc.msg, v)
			}
		})
	}
}

// Introduced compares by rule, officer and place, not by text, and sees a cap made worse.
func TestIntroduced(t *testing.T) {
	before := []Violation{
		{Rule: RuleLeave, OfficerID: "a", Where: "p/s@1/duty", Message: "old wording"},
		{Rule: RuleCap, OfficerID: "b", Where: "2026-03", Count: 9, Message: "b would have 9"},
	}
	after := []Violation{
		{Rule: RuleLeave, OfficerID: "a", Where: "p/s@1/duty", Message: "new wording"},
		{Rule: RuleCap, OfficerID: "b", Where: "2026-03", Count: 10, Message: "b would have 10"},
		{Rule: RuleRest, OfficerID: "c", Where: "x y", Message: "rest"},
	}
	got := Introduced(before, after)
	if len(got) != 2 || got[0].Rule != RuleCap || got[1].Rule != RuleRest {
		t.Fatalf("introduced: %+v", got)
	}
	if got := Introduced(after, before); len(got) != 0 {
		t.Fatalf("a cap made lighter is not introduced: %+v", got)
	}
}
