package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/xuri/excelize/v2"

	"dutyroster/roster"
	"dutyroster/roster/holiday"
	"dutyroster/scheduler"
)

// sampleDoc solves December 2026 for the Đồng Tháp sample and wraps it as a document.
func sampleDoc(t testing.TB) *Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "roster", "sample", "dong-thap.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := roster.ParsePlan("dong-thap.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	cal := holiday.New(plan.Holidays)
	m := roster.Month{Year: 2026, Month: 12}
	res, err := scheduler.Solve(context.Background(), &scheduler.Problem{Plan: plan, Month: m, Calendar: cal, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	r := &roster.Roster{Month: m, Version: 1, Status: roster.StatusDraft, Seed: 1, Assignments: res.Assignments,
		Unfilled: res.Unfilled, Participants: res.Participants}
	return &Document{Plan: plan, Roster: r, Calendar: cal, Lang: "vi", Date: roster.Date{Year: 2026, Month: 11, Day: 5},
		Full: true, Now: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
}

func font(t *testing.T, f *excelize.File, sheet, cell string) (*excelize.Font, excelize.Fill) {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return st.Font, st.Fill
}

func TestCSV(t *testing.T) {
	d := sampleDoc(t)
	d.officer(d.Roster.Assignments[0].OfficerID).Name = "=cmd|' /C calc'!A0"
	d.officer(d.Roster.Assignments[1].OfficerID).Name = `Nguyễn "Út", Văn`
	var buf bytes.Buffer
	if err := NewCSVEncoder(&buf).Encode(d); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		t.Fatal("no byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+len(d.Roster.Assignments) || strings.Join(recs[0], ",") != strings.Join(CSVHeader, ",") {
		t.Fatalf("%d records, header %v", len(recs), recs[0])
	}
	if recs[1][14] != "'=cmd|' /C calc'!A0" {
		t.Errorf("formula not neutralised: %q", recs[1][14])
	}
	if recs[2][14] != `Nguyễn "Út", Văn` {
		t.Errorf("quoting: %q", recs[2][14])
	}
	if !bytes.Contains(data, []byte(`"Nguyễn ""Út"", Văn"`)) || !bytes.Contains(data, []byte("\r\n")) {
		t.Error("not RFC 4180 quoting or line ends")
	}
	for _, in := range []string{"+84 912", "-1+2", "-A1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx"} {
		if Neutralise(in) != "'"+in {
			t.Errorf("Neutralise(%q) = %q", in, Neutralise(in))
		}
	}
	if Neutralise("0912 345 678") != "0912 345 678" {
		t.Error("plain phone changed")
	}
	for _, in := range []string{"-1", "-0.14", "-12.5"} {
		if Neutralise(in) != in {
			t.Errorf("the plain number %q became %q", in, Neutralise(in))
		}
	}
}

func TestICS(t *testing.T) {
	d := sampleDoc(t)
	var mine []roster.Assignment
	for _, a := range d.Roster.Assignments {
		if a.OfficerID == "tgv-02" {
			mine = append(mine, a)
		}
	}
	d.Roster.Assignments = mine
	cancelled := mine[0]
	cancelled.Start = cancelled.Start.Add(-72 * time.Hour)
	cancelled.End = cancelled.End.Add(-72 * time.Hour)
	d.Cancelled = []roster.Assignment{cancelled}
	var buf bytes.Buffer
	if err := NewICSEncoder(&buf).Encode(d); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(buf.Bytes()))
	folded := 0
	for sc.Scan() {
		if len(sc.Bytes()) > 75 {
			t.Errorf("line longer than 75 octets: %q", sc.Text())
		}
		if strings.HasPrefix(sc.Text(), " ") {
			folded++
		}
	}
	if folded == 0 {
		t.Error("no folded lines: the long Vietnamese descriptions should fold")
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	events := cal.Events()
	if len(events) != len(mine)+1 {
		t.Fatalf("%d events, want %d", len(events), len(mine)+1)
	}
	uids := map[string]bool{}
	for i, ev := range events {
		uid := ev.Id()
		uids[uid] = true
		status := ev.GetProperty(ics.ComponentPropertyStatus).Value
		start, _ := ev.GetStartAt()
		if i < len(mine) {
			if uid != EventUID(mine[i]) || status != "TENTATIVE" || !start.Equal(mine[i].Start) {
				t.Errorf("event %d: %s %s %s", i, uid, status, start)
			}
		} else if status != "CANCELLED" || uid != EventUID(cancelled) {
			t.Errorf("cancelled event: %s %s", uid, status)
		}
		loc := ev.GetProperty(ics.ComponentPropertyLocation).Value
		desc := ev.GetProperty(ics.ComponentPropertyDescription).Value
		if !strings.Contains(desc, "Đường dây nóng của Trung tâm: 0277 3851 551") || loc == "" {
			t.Errorf("event %d: location %q description %q", i, loc, desc)
		}
	}
	if len(uids) != len(events) {
		t.Error("UIDs are not unique")
	}
	// The UID depends only on officer, post and start.
	again := mine[0]
	again.Role, again.ShiftID = roster.Backup, "other"
	if EventUID(again) != EventUID(mine[0]) {
		t.Error("UID changed with role or shift")
	}
	again.OfficerID = "tgv-03"
	if EventUID(again) == EventUID(mine[0]) {
		t.Error("UID did not change with the officer")
	}
}
