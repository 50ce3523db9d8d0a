package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
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

func encodeXLSX(t *testing.T, d *Document) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := NewXLSXEncoder(&buf).Encode(d); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func cellText(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	return v
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

func TestXLSXDecree30Header(t *testing.T) {
	d := sampleDoc(t)
	f := encodeXLSX(t, d)
	s := "Lịch trực"
	if got := f.GetSheetList(); strings.Join(got, "|") != "Lịch trực|Lịch theo ngày|Tổng hợp" {
		t.Errorf("sheets %v", got)
	}
	for _, c := range []struct {
		cell, text          string
		bold, italic, under bool
	}{
		{"A1", "SỞ TƯ PHÁP TỈNH ĐỒNG THÁP", false, false, false},
		{"A2", "TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC TỈNH ĐỒNG THÁP", true, false, false},
		{"A3", "Số:       /TB-TGPL", false, false, false},
		{"F1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true, false, false},
		{"F2", "Độc lập - Tự do - Hạnh phúc", true, false, true},
		{"F3", "Đồng Tháp, ngày 05 tháng 11 năm 2026", false, true, false},
		{"A5", "LỊCH TRỰC TRỢ GIÚP PHÁP LÝ THÁNG 12/2026", true, false, false},
		{"A6", "Bản tổng hợp của Trung tâm", false, true, false},
		{"A7", "DỰ THẢO", true, false, false},
	} {
		if got := cellText(t, f, s, c.cell); got != c.text {
			t.Errorf("%s = %q, want %q", c.cell, got, c.text)
		}
		fo, _ := font(t, f, s, c.cell)
		if fo.Bold != c.bold || fo.Italic != c.italic || (fo.Underline == "single") != c.under || fo.Family != "Times New Roman" {
			t.Errorf("%s font %+v", c.cell, fo)
		}
	}
	merged, err := f.GetMergeCells(s)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"A1:D1": false, "A2:D2": false, "A3:D3": false, "F1:K1": false, "F2:K2": false, "F3:K3": false, "A5:K5": false, "A6:K6": false}
	for _, m := range merged {
		r := m.GetStartAxis() + ":" + m.GetEndAxis()
		if _, ok := want[r]; ok {
			want[r] = true
		}
	}
	for r, ok := range want {
		if !ok {
			t.Errorf("range %s is not merged", r)
		}
	}
	head := []string{"STT", "Ngày", "Thứ", "Giờ trực", "Nơi trực", "Hình thức", "Người trực", "Chức danh", "Điện thoại", "Người hỗ trợ trực", "Điện thoại"}
	for i, h := range head {
		c, _ := excelize.CoordinatesToCellName(i+1, headerRow)
		if got := cellText(t, f, s, c); got != h {
			t.Errorf("%s = %q, want %q", c, got, h)
		}
		if fo, _ := font(t, f, s, c); !fo.Bold || fo.Size != 13 {
			t.Errorf("%s header font %+v", c, fo)
		}
	}
	// "Đồng Tháp, ngày 15 tháng 3 năm 2026": months from March on take no leading zero.
	if got := PlaceDate("Đồng Tháp", roster.Date{Year: 2026, Month: 3, Day: 15}, false); got != "Đồng Tháp, ngày 15 tháng 3 năm 2026" {
		t.Errorf("PlaceDate = %q", got)
	}
	if got := PlaceDate("Đồng Tháp", roster.Date{Year: 2026, Month: 1, Day: 5}, false); got != "Đồng Tháp, ngày 05 tháng 01 năm 2026" {
		t.Errorf("PlaceDate = %q", got)
	}
}

func TestXLSXTableAndFooter(t *testing.T) {
	d := sampleDoc(t)
	f := encodeXLSX(t, d)
	s := "Lịch trực"
	rows, err := f.GetRows(s)
	if err != nil {
		t.Fatal(err)
	}
	slots := d.rows()
	if len(slots) != 266 {
		t.Fatalf("%d slots", len(slots))
	}
	// One row per slot, numbered; duty and backup side by side.
	for i, sl := range slots {
		r := rows[headerRow+i]
		if r[0] != strconv.Itoa(i+1) || r[1] != sl.start.Format("02/01/2006") || r[6] != names(sl.duty) {
			t.Fatalf("row %d: %q (slot %s %s)", headerRow+i+1, r, sl.post.ID, sl.start)
		}
		if len(sl.backup) > 0 && (len(r) < 11 || r[9] != names(sl.backup) || r[10] != phones(sl.backup)) {
			t.Errorf("row %d lacks the backup beside the duty: %q", headerRow+i+1, r)
		}
	}
	first := rows[headerRow]
	if first[2] != "Thứ Ba" || first[3] != "07:00 - 07:00 (24 giờ)" || first[4] != "Cơ quan Cảnh sát điều tra Công an tỉnh Đồng Tháp (Trực 24/24)" ||
		first[5] != "Qua điện thoại" || first[7] == "" {
		t.Errorf("first row %q", first)
	}
	// Weekend and holiday rows are shaded, weekdays are not.
	for i, sl := range slots {
		c, _ := excelize.CoordinatesToCellName(5, headerRow+1+i)
		_, fill := font(t, f, s, c)
		shaded := len(fill.Color) > 0
		if shaded != (sl.weekend || sl.holiday) {
			t.Fatalf("row %d (%s, weekend %v): shaded %v", headerRow+1+i, sl.start.Weekday(), sl.weekend, shaded)
		}
		if sl.weekend && !sl.holiday && fill.Color[0] != shadeWeekend {
			t.Errorf("weekend fill %v", fill.Color)
		}
	}
	// Footer: hotline, Nơi nhận and the signer.
	all := strings.Join(flatten(rows), "\n")
	for _, want := range []string{"Đường dây nóng của Trung tâm: 0277 3851 551", "Nơi nhận:", "- Tòa án nhân dân tỉnh Đồng Tháp;", "- Lưu VT.", "GIÁM ĐỐC", "Trần Văn Bình"} {
		if !strings.Contains(all, want) {
			t.Errorf("footer lacks %q", want)
		}
	}
	if fo, _ := font(t, f, s, "A"+strconv.Itoa(headerRow+len(slots)+4)); !fo.Bold || !fo.Italic {
		t.Errorf("Nơi nhận font %+v", fo)
	}
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

func TestXLSXPrintSetup(t *testing.T) {
	d := sampleDoc(t)
	f := encodeXLSX(t, d)
	s := "Lịch trực"
	pl, err := f.GetPageLayout(s)
	if err != nil {
		t.Fatal(err)
	}
	if *pl.Size != 9 || *pl.Orientation != "landscape" || *pl.FitToWidth != 1 || *pl.FitToHeight != 0 {
		t.Errorf("page layout size %d %s fit %d x %d", *pl.Size, *pl.Orientation, *pl.FitToWidth, *pl.FitToHeight)
	}
	props, _ := f.GetSheetProps(s)
	if props.FitToPage == nil || !*props.FitToPage {
		t.Error("not fitted to page")
	}
	m, err := f.GetPageMargins(s)
	if err != nil {
		t.Fatal(err)
	}
	mm := func(v *float64) int { return int(*v*25.4 + 0.5) }
	if mm(m.Top) != 20 || mm(m.Bottom) != 20 || mm(m.Left) != 30 || mm(m.Right) != 15 {
		t.Errorf("margins top %d bottom %d left %d right %d mm", mm(m.Top), mm(m.Bottom), mm(m.Left), mm(m.Right))
	}
	found := false
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == s && strings.HasSuffix(dn.RefersTo, "!$9:$9") {
			found = true
		}
	}
	if !found {
		t.Errorf("no print titles: %+v", f.GetDefinedName())
	}
	panes, err := f.GetPanes(s)
	if err != nil || !panes.Freeze || panes.YSplit != headerRow || panes.TopLeftCell != "A10" {
		t.Errorf("panes %+v %v", panes, err)
	}
	hf, err := f.GetHeaderFooter(s)
	if err != nil || !strings.Contains(hf.OddHeader, "DỰ THẢO") {
		t.Errorf("draft header %+v %v", hf, err)
	}
	// A published version carries no draft mark.
	d.Roster.Status = roster.StatusPublished
	g := encodeXLSX(t, d)
	hf, _ = g.GetHeaderFooter(s)
	if strings.Contains(hf.OddHeader, "DỰ THẢO") || cellText(t, g, s, "A7") == "DỰ THẢO" {
		t.Error("published roster marked as a draft")
	}
	// Every sheet is A4 landscape with the draft mark.
	for _, sheet := range f.GetSheetList() {
		pl, _ := f.GetPageLayout(sheet)
		hf, _ := f.GetHeaderFooter(sheet)
		if *pl.Orientation != "landscape" || !strings.Contains(hf.OddHeader, "DỰ THẢO") {
			t.Errorf("sheet %s: %s, header %q", sheet, *pl.Orientation, hf.OddHeader)
		}
	}
}

func TestXLSXCalendarSummaryUnfilledAndEnglish(t *testing.T) {
	d := sampleDoc(t)
	// Take one slot's duty away so the Center's file lists an unfilled place.
	a := d.Roster.Assignments[0]
	d.Roster.Assignments = d.Roster.Assignments[1:]
	d.Roster.Unfilled = []roster.Unfilled{{PostID: a.PostID, ShiftID: a.ShiftID, Start: a.Start, End: a.End, Role: roster.Duty, Missing: 1,
		Reason: "Tue 01/12/2026 07:00-07:00 ...: 4 officers could serve; tgv-03 on leave"}}
	f := encodeXLSX(t, d)
	if got := f.GetSheetList(); len(got) != 4 || got[3] != "Chưa phân công" {
		t.Fatalf("sheets %v", got)
	}
	if v := cellText(t, f, "Chưa phân công", "G2"); !strings.Contains(v, "4 officers could serve") {
		t.Errorf("unfilled reason %q", v)
	}
	if v := cellText(t, f, "Lịch trực", "G10"); v != "CHƯA CÓ NGƯỜI TRỰC" {
		t.Errorf("unfilled duty cell %q", v)
	}
	if fo, _ := font(t, f, "Lịch trực", "G10"); fo.Color != "C00000" || !fo.Bold {
		t.Errorf("unfilled font %+v", fo)
	}
	// Calendar: lunar date under each solar date; weekend shaded.
	if v := cellText(t, f, "Lịch theo ngày", "A3"); v != "01/12/2026\nThứ Ba\nÂL 23/10" {
		t.Errorf("calendar day %q", v)
	}
	if _, fill := font(t, f, "Lịch theo ngày", "A7"); len(fill.Color) == 0 { // 05/12/2026 is a Saturday
		t.Error("Saturday not shaded in the calendar")
	}
	// Summary: one row per participant, Vietnamese order.
	rows, _ := f.GetRows("Tổng hợp")
	if len(rows) != 1+len(d.Roster.Participants) || rows[1][1] != "Âu Dương Khánh" {
		t.Errorf("summary %d rows, first %q", len(rows), rows[1])
	}
	d.Lang = "en"
	e := encodeXLSX(t, d)
	if v := cellText(t, e, "Roster", "F1"); v != "SOCIALIST REPUBLIC OF VIETNAM" {
		t.Errorf("english F1 %q", v)
	}
	if v := cellText(t, e, "Roster", "A5"); v != "LEGAL AID DUTY ROSTER, 12/2026" {
		t.Errorf("english title %q", v)
	}
}

// TestXLSXNamesAreText writes a name that looks like a formula: it stays text.
func TestXLSXNamesAreText(t *testing.T) {
	d := sampleDoc(t)
	o := d.officer(d.Roster.Assignments[0].OfficerID)
	o.Name = `=HYPERLINK("http://x","bấm")`
	f := encodeXLSX(t, d)
	if v := cellText(t, f, "Lịch trực", "G10"); v != o.Name {
		t.Errorf("name cell %q", v)
	}
	if formula, _ := f.GetCellFormula("Lịch trực", "G10"); formula != "" {
		t.Errorf("name written as formula %q", formula)
	}
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
	for _, in := range []string{"+84 912", "-1", "@SUM(A1)", "\tx", "\rx"} {
		if Neutralise(in) != "'"+in {
			t.Errorf("Neutralise(%q) = %q", in, Neutralise(in))
		}
	}
	if Neutralise("0912 345 678") != "0912 345 678" {
		t.Error("plain phone changed")
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
