package export

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dutyroster/roster"
)

// printedSheet is what a printer makes of one sheet of a written file: read back from the file's
// page setup, column widths, row heights and breaks, not from the encoder's own plans.
type printedSheet struct {
	name      string
	rows      [][]string
	landscape bool
	scale     float64 // 0..1
	widths    []float64
	heights   []float64
	rowBreaks map[int]bool // 1-based rows that start a new page
	colBreaks []int        // 1-based columns that start a new page
	titleRows []int        // 1-based rows repeated on every page
	titleCols int          // leading columns repeated on every page
}

func readPrinted(t *testing.T, data []byte, f *excelize.File, sheet string) *printedSheet {
	t.Helper()
	p := &printedSheet{name: sheet, rowBreaks: map[int]bool{}}
	var err error
	if p.rows, err = f.GetRows(sheet); err != nil {
		t.Fatal(err)
	}
	pl, err := f.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if *pl.Size != 9 {
		t.Errorf("%s: paper size %d, not A4", sheet, *pl.Size)
	}
	props, _ := f.GetSheetProps(sheet)
	if props.FitToPage != nil && *props.FitToPage {
		t.Errorf("%s: fitted to the page: the printed size is then out of the document's hands", sheet)
	}
	p.landscape = *pl.Orientation == "landscape"
	p.scale = float64(*pl.AdjustTo) / 100
	m, err := f.GetPageMargins(sheet)
	if err != nil {
		t.Fatal(err)
	}
	mm := func(v *float64) int { return int(*v*25.4 + 0.5) }
	if mm(m.Top) != 20 || mm(m.Bottom) != 20 || mm(m.Left) != 30 || mm(m.Right) != 15 {
		t.Errorf("%s: margins top %d bottom %d left %d right %d mm", sheet, mm(m.Top), mm(m.Bottom), mm(m.Left), mm(m.Right))
	}
	dim, _ := f.GetSheetDimension(sheet)
	last := strings.Split(dim, ":")[1]
	cols, nrows, _ := excelize.CellNameToCoordinates(last)
	for c := 1; c <= cols; c++ {
		cn, _ := excelize.ColumnNumberToName(c)
		w, _ := f.GetColWidth(sheet, cn)
		p.widths = append(p.widths, w)
	}
	for r := 1; r <= nrows; r++ {
		h, _ := f.GetRowHeight(sheet, r)
		p.heights = append(p.heights, h)
	}
	// Breaks, read from the sheet's XML (brk id N: a break after row or column N).
	xml := sheetXML(t, data, f, sheet)
	if m := regexp.MustCompile(`<rowBreaks[^>]*>(.*?)</rowBreaks>`).FindStringSubmatch(xml); m != nil {
		for _, id := range regexp.MustCompile(`id="(\d+)"`).FindAllStringSubmatch(m[1], -1) {
			n, _ := strconv.Atoi(id[1])
			p.rowBreaks[n+1] = true
		}
	}
	if m := regexp.MustCompile(`<colBreaks[^>]*>(.*?)</colBreaks>`).FindStringSubmatch(xml); m != nil {
		for _, id := range regexp.MustCompile(`id="(\d+)"`).FindAllStringSubmatch(m[1], -1) {
			n, _ := strconv.Atoi(id[1])
			p.colBreaks = append(p.colBreaks, n+1)
		}
	}
	for _, dn := range f.GetDefinedName() {
		if dn.Name != "_xlnm.Print_Titles" || dn.Scope != sheet {
			continue
		}
		for _, part := range strings.Split(dn.RefersTo, ",") {
			ref := part[strings.LastIndex(part, "!")+1:]
			if m := regexp.MustCompile(`^\$(\d+):\$(\d+)$`).FindStringSubmatch(ref); m != nil {
				a, _ := strconv.Atoi(m[1])
				b, _ := strconv.Atoi(m[2])
				for r := a; r <= b; r++ {
					p.titleRows = append(p.titleRows, r)
				}
			}
			if ref == "$A:$A" {
				p.titleCols = 1
			}
		}
	}
	return p
}

// sheetXML is a sheet's XML as written.
func sheetXML(t *testing.T, data []byte, f *excelize.File, sheet string) string {
	t.Helper()
	idx, _ := f.GetSheetIndex(sheet)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("xl/worksheets/sheet%d.xml", idx+1)
	for _, zf := range zr.File {
		if zf.Name == path {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			return string(b)
		}
	}
	t.Fatalf("no %s in the workbook", path)
	return ""
}

// printable is the page's printable width and height in points, before scaling.
func (p *printedSheet) printable() (w, h float64) {
	pw, ph := 210*ptPerMM, 297*ptPerMM
	if p.landscape {
		pw, ph = ph, pw
	}
	return (pw - 45*ptPerMM) / p.scale, (ph - 40*ptPerMM) / p.scale
}

// pages lays the rows out on pages as a printer does: manual breaks, a new page whenever a row
// does not fit, and the title rows again on top of every page after the first.
func (p *printedSheet) pages() [][]int {
	_, ph := p.printable()
	title := map[int]bool{}
	titleH := 0.0
	for _, r := range p.titleRows {
		title[r] = true
		titleH += p.heights[r-1]
	}
	var pages [][]int
	var cur []int
	used := 0.0
	for r := 1; r <= len(p.heights); r++ {
		h := p.heights[r-1]
		if len(cur) > 0 && (p.rowBreaks[r] || used+h > ph) {
			pages = append(pages, cur)
			cur, used = nil, titleH
		}
		cur = append(cur, r)
		used += h
	}
	return append(pages, cur)
}

// checkReadable fails when any text of the sheet prints below 11 pt or a page's columns are
// wider than the paper.
func checkReadable(t *testing.T, f *excelize.File, p *printedSheet) {
	t.Helper()
	for r, row := range p.rows {
		for c, v := range row {
			if v == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			fo, _ := font(t, f, p.name, cell)
			if size := fo.Size * p.scale; size < 11 {
				t.Fatalf("%s %s %q prints at %.1f pt (%.0f pt at %.0f%%)", p.name, cell, v, size, fo.Size, p.scale*100)
			}
		}
	}
	pw, _ := p.printable()
	// The columns of each page: all of them, or the title column and one block between breaks.
	starts := append([]int{1 + p.titleCols}, p.colBreaks...)
	for i, from := range starts {
		to := len(p.widths)
		if i+1 < len(starts) {
			to = starts[i+1] - 1
		}
		w := 0.0
		for c := 1; c <= p.titleCols; c++ {
			w += p.widths[c-1] * unitPt
		}
		for c := from; c <= to; c++ {
			w += p.widths[c-1] * unitPt
		}
		if w > pw+0.5 {
			t.Errorf("%s: columns %d-%d are %.0f pt wide, the page holds %.0f pt at %.0f%%", p.name, from, to, w, pw, p.scale*100)
		}
	}
}

// find returns the 1-based row of the first cell whose text starts with prefix (0: none).
func (p *printedSheet) find(prefix string) int {
	for r, row := range p.rows {
		for _, v := range row {
			if strings.HasPrefix(v, prefix) {
				return r + 1
			}
		}
	}
	return 0
}

// checkRosterPages checks the roster sheet's pages: the closing block (hotline, "Nơi nhận",
// signer) on one page with at least one row of the table, and no page of titles alone.
func checkRosterPages(t *testing.T, p *printedSheet, d *Document, what string) {
	t.Helper()
	hotline := p.find(strings.SplitN(d.text().hotline, ":", 2)[0])
	if hotline == 0 {
		t.Fatalf("%s: no hotline row", what)
	}
	header := p.titleRows[0]
	pages := p.pages()
	for i, pg := range pages {
		table, closing := 0, 0
		for _, r := range pg {
			switch {
			case r > header && r < hotline-1:
				table++
			case r >= hotline-1:
				closing++
			}
		}
		if closing > 0 && closing < len(p.heights)-hotline+2 {
			t.Errorf("%s: the closing block is split; page %d holds %d of its rows", what, i+1, closing)
		}
		if closing > 0 && table == 0 {
			t.Errorf("%s: page %d of %d holds the closing block alone (rows %v)", what, i+1, len(pages), pg)
		}
		if closing == 0 && table == 0 {
			t.Errorf("%s: page %d of %d holds no row of the table (rows %v)", what, i+1, len(pages), pg)
		}
	}
}

func encodeBytes(t *testing.T, d *Document) ([]byte, *excelize.File) {
	t.Helper()
	var buf bytes.Buffer
	if err := NewXLSXEncoder(&buf).Encode(d); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return data, f
}

// postDoc cuts a document down to what one post receives.
func postDoc(d *Document, post string) *Document {
	r := *d.Roster
	r.Assignments, r.Unfilled = nil, nil
	for _, a := range d.Roster.Assignments {
		if a.PostID == post {
			r.Assignments = append(r.Assignments, a)
		}
	}
	for _, u := range d.Roster.Unfilled {
		if u.PostID == post {
			r.Unfilled = append(r.Unfilled, u)
		}
	}
	return &Document{Plan: d.Plan, Roster: &r, Calendar: d.Calendar, Lang: d.Lang, Date: d.Date, PostID: post, Now: d.Now,
		Edition: d.Edition, All: d.Roster.Assignments}
}

// checkDocument runs every print check on every sheet of a document.
func checkDocument(t *testing.T, d *Document, what string) {
	t.Helper()
	data, f := encodeBytes(t, d)
	for _, sheet := range f.GetSheetList() {
		p := readPrinted(t, data, f, sheet)
		checkReadable(t, f, p)
		if sheet == d.text().rosterSheet {
			checkRosterPages(t, p, d, what)
		}
	}
}

// TestXLSXPrintsReadably checks every file of the sample: the Center's and each post's, in
// both languages, prints at 11 pt or more with no orphan page.
func TestXLSXPrintsReadably(t *testing.T) {
	d := sampleDoc(t)
	for _, lang := range []string{"vi", "en"} {
		d.Lang = lang
		checkDocument(t, d, "the Center's file")
		for _, p := range d.Plan.Posts {
			pd := postDoc(d, p.ID)
			if len(pd.Roster.Assignments) > 0 {
				checkDocument(t, pd, p.ID)
			}
		}
	}
}

// TestXLSXNoOrphanPages writes random posts' files of 1 to 60 rows, with long and short names,
// one or two shifts, with and without backup, and checks how each prints.
func TestXLSXNoOrphanPages(t *testing.T) {
	base := sampleDoc(t)
	rng := rand.New(rand.NewPCG(7, 15))
	words := []string{"Nguyễn", "Thị", "Hồng", "Nhung", "Trần", "Văn", "Bình", "Lê", "Hoàng", "Phúc", "Huỳnh", "Ngọc", "Thanh", "Xuân"}
	loc := base.location()
	for rowsPerPost := 1; rowsPerPost <= 60; rowsPerPost++ {
		plan := *base.Plan
		shifts := []roster.Shift{{ID: "ngay", Label: "Cả ngày", Mode: roster.ModePhone}}
		if rng.IntN(2) == 0 {
			shifts = append(shifts, roster.Shift{ID: "dem", Label: "Trực đêm", Mode: roster.ModeInPerson})
		}
		post := roster.Post{ID: "p", Name: "Cơ quan Cảnh sát điều tra Công an khu vực " + strconv.Itoa(rowsPerPost), Active: true, Shifts: shifts}
		plan.Posts = []roster.Post{post}
		plan.Officers = nil
		for i := 0; i < 8; i++ {
			n := 2 + rng.IntN(4)
			var name []string
			for k := 0; k < n; k++ {
				name = append(name, words[rng.IntN(len(words))])
			}
			plan.Officers = append(plan.Officers, roster.Officer{ID: fmt.Sprintf("o%d", i), Name: strings.Join(name, " "),
				Phone: fmt.Sprintf("09%02d %03d %03d", i, rng.IntN(1000), rng.IntN(1000)), Role: roster.RoleLawyer})
		}
		backup := rng.IntN(2) == 0
		r := &roster.Roster{Month: base.Roster.Month, Version: 2, Status: roster.StatusPublished}
		for i := 0; i < rowsPerPost; i++ {
			sh := shifts[i%len(shifts)]
			start := time.Date(2026, 12, 1+i/len(shifts), 7+12*(i%len(shifts)), 0, 0, 0, loc)
			a := roster.Assignment{PostID: "p", ShiftID: sh.ID, OfficerID: plan.Officers[rng.IntN(8)].ID, Start: start, End: start.Add(12 * time.Hour)}
			r.Assignments = append(r.Assignments, a)
			if backup {
				a.Role, a.OfficerID = roster.Backup, plan.Officers[rng.IntN(8)].ID
				r.Assignments = append(r.Assignments, a)
			}
		}
		d := &Document{Plan: &plan, Roster: r, Calendar: base.Calendar, Lang: "vi", Date: base.Date, Edition: Edition{Amendment: 1}}
		what := fmt.Sprintf("%d rows (backup %v, %d shifts)", rowsPerPost, backup, len(shifts))
		checkDocument(t, d, what+", Center's file")
		pd := postDoc(d, "p")
		checkDocument(t, pd, what+", post's file")
	}
}

// TestXLSXColumnsFollowTheDocument leaves out what a document has no use for: the place in a
// post's own file, the backup columns where nobody backs up, the grid in a single post's file.
func TestXLSXColumnsFollowTheDocument(t *testing.T) {
	d := sampleDoc(t)
	data, f := encodeBytes(t, d)
	full := readPrinted(t, data, f, "Lịch trực")
	header := full.rows[full.titleRows[0]-1]
	if strings.Join(header, "|") != "STT|Ngày|Giờ trực|Nơi trực|Người trực|Chức danh|Điện thoại|Người hỗ trợ trực|Điện thoại" {
		t.Errorf("Center's columns %q", header)
	}
	if got := strings.Join(f.GetSheetList(), "|"); got != "Lịch trực|Lịch theo ngày|Tổng hợp" {
		t.Errorf("Center's sheets %s", got)
	}
	// tand-tinh has no backup; csdt-tinh has one.
	for post, want := range map[string]string{
		"tand-tinh":  "STT|Ngày|Giờ trực|Người trực|Chức danh|Điện thoại",
		"csdt-tinh":  "STT|Ngày|Giờ trực|Người trực|Chức danh|Điện thoại|Người hỗ trợ trực|Điện thoại",
		"tand-kv5":   "STT|Ngày|Giờ trực|Người trực|Chức danh|Điện thoại",
		"bdbp-tinh":  "",
		"andt-tinh":  "",
		"btg-sa-dec": "",
	} {
		pd := postDoc(d, post)
		data, f := encodeBytes(t, pd)
		if got := f.GetSheetList(); len(got) != 1 {
			t.Errorf("%s: sheets %v; a post's file is the roster alone", post, got)
		}
		p := readPrinted(t, data, f, "Lịch trực")
		got := strings.Join(p.rows[p.titleRows[0]-1], "|")
		if want != "" && got != want {
			t.Errorf("%s: columns %q, want %q", post, got, want)
		}
		if strings.Contains(got, "Nơi trực") {
			t.Errorf("%s: a post's own file repeats its name in every row", post)
		}
		// The mode is said once, under the title.
		if p.find("Hình thức trực: ") == 0 {
			t.Errorf("%s: no mode line", post)
		}
	}
}

// TestXLSXDecree30 checks the header, title, version line and signer of the document.
func TestXLSXDecree30(t *testing.T) {
	d := sampleDoc(t)
	d.Roster.Status, d.Roster.Version = roster.StatusPublished, 3
	d.Edition = Edition{Amendment: 2, Replaces: roster.Date{Year: 2026, Month: 11, Day: 20}}
	data, f := encodeBytes(t, d)
	p := readPrinted(t, data, f, "Lịch trực")
	for _, c := range []struct {
		text                string
		bold, italic, under bool
	}{
		{"SỞ TƯ PHÁP TỈNH ĐỒNG THÁP", false, false, false},
		{"TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC TỈNH ĐỒNG THÁP", true, false, false},
		{"Số:       /TB-TGPL", false, false, false},
		{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true, false, false},
		{"Độc lập - Tự do - Hạnh phúc", true, false, false},
		{"Đồng Tháp, ngày 05 tháng 11 năm 2026", false, true, false},
		{"LỊCH TRỰC TRỢ GIÚP PHÁP LÝ THÁNG 12/2026", true, false, false},
		{"Bản số 3. Điều chỉnh lần 2, thay thế bản ngày 20/11/2026", false, true, false},
		{"Bản tổng hợp của Trung tâm", false, true, false},
		{"GIÁM ĐỐC", true, false, false},
		{"Trần Văn Bình", true, false, false},
	} {
		r := p.find(c.text)
		if r == 0 {
			t.Errorf("no %q", c.text)
			continue
		}
		col := 0
		for i, v := range p.rows[r-1] {
			if v == c.text {
				col = i + 1
			}
		}
		cell, _ := excelize.CoordinatesToCellName(col, r)
		fo, _ := font(t, f, "Lịch trực", cell)
		if fo.Bold != c.bold || fo.Italic != c.italic || (fo.Underline == "single") != c.under || fo.Family != "Times New Roman" {
			t.Errorf("%q font %+v", c.text, fo)
		}
	}
	if p.find("DỰ THẢO") != 0 {
		t.Error("a published version says DỰ THẢO")
	}
	// The two short rules: one under the issuing body, one under the motto.
	if n := strings.Count(drawingXML(t, data), `prst="line"`); n != 2 {
		t.Errorf("%d rules, want 2", n)
	}
	// Page numbers at the top centre from page 2 on; none on page 1.
	hf, _ := f.GetHeaderFooter("Lịch trực")
	if !hf.DifferentFirst || !strings.Contains(hf.OddHeader, "&C") || !strings.Contains(hf.OddHeader, "&P") || strings.Contains(hf.FirstHeader, "&P") ||
		strings.Contains(hf.OddFooter, "&P") {
		t.Errorf("header/footer %+v", hf)
	}
	// "Đồng Tháp, ngày 15 tháng 3 năm 2026": months from March on take no leading zero.
	if got := PlaceDate("Đồng Tháp", roster.Date{Year: 2026, Month: 3, Day: 15}, false); got != "Đồng Tháp, ngày 15 tháng 3 năm 2026" {
		t.Errorf("PlaceDate = %q", got)
	}
	if got := PlaceDate("Đồng Tháp", roster.Date{Year: 2026, Month: 1, Day: 5}, false); got != "Đồng Tháp, ngày 05 tháng 01 năm 2026" {
		t.Errorf("PlaceDate = %q", got)
	}
	// A draft is marked on every page, and says only which version it is.
	d.Roster.Status, d.Edition = roster.StatusDraft, Edition{}
	data, f = encodeBytes(t, d)
	p = readPrinted(t, data, f, "Lịch trực")
	if p.find("DỰ THẢO") == 0 || p.find("Bản số 3") == 0 || p.find("Bản số 3.") != 0 {
		t.Error("draft lacks its mark or its version line")
	}
	for _, sheet := range f.GetSheetList() {
		hf, _ := f.GetHeaderFooter(sheet)
		if !strings.Contains(hf.OddHeader, "DỰ THẢO") || !strings.Contains(hf.FirstHeader, "DỰ THẢO") {
			t.Errorf("%s: draft mark missing from the page header", sheet)
		}
	}
}

func drawingXML(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/drawings/drawing") {
			rc, _ := zf.Open()
			x, _ := io.ReadAll(rc)
			rc.Close()
			b.Write(x)
		}
	}
	return b.String()
}

// TestXLSXSigningAuthority prints the Decree 30 signing variants and the document types.
func TestXLSXSigningAuthority(t *testing.T) {
	for _, c := range []struct {
		signer  roster.Signer
		docType string
		want    []string
	}{
		{roster.Signer{Title: "Phó Giám đốc", Name: "Lê Thị Hoa", Authority: "KT.", For: "Giám đốc"}, "", []string{"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Thị Hoa"}},
		{roster.Signer{Title: "Trưởng phòng Nghiệp vụ", Name: "Võ Văn Tám", Authority: "TL.", For: "Giám đốc"}, "notice",
			[]string{"TL. GIÁM ĐỐC", "TRƯỞNG PHÒNG NGHIỆP VỤ", "THÔNG BÁO", "Lịch trực trợ giúp pháp lý tháng 12/2026"}},
		{roster.Signer{Title: "Giám đốc", Name: "Trần Văn Bình", Authority: "Q."}, "plan", []string{"Q. GIÁM ĐỐC", "KẾ HOẠCH", "Trực trợ giúp pháp lý tháng 12/2026"}},
		{roster.Signer{Title: "Giám đốc", Name: "Trần Văn Bình", Authority: "TM.", For: "Ban Giám đốc"}, "", []string{"TM. BAN GIÁM ĐỐC", "GIÁM ĐỐC"}},
	} {
		d := sampleDoc(t)
		plan := *d.Plan
		plan.Center.Signer, plan.Center.DocumentType = c.signer, c.docType
		d.Plan = &plan
		data, f := encodeBytes(t, d)
		p := readPrinted(t, data, f, "Lịch trực")
		for _, w := range c.want {
			if p.find(w) == 0 {
				t.Errorf("%s %s: no %q", c.signer.Authority, c.docType, w)
			}
		}
		if c.docType != "" && p.find("LỊCH TRỰC TRỢ GIÚP PHÁP LÝ THÁNG") != 0 {
			t.Errorf("%s: the title repeats the type's subject in capitals", c.docType)
		}
	}
}

// TestXLSXSameVersionSameBytes exports one version twice, on different days: the same bytes.
func TestXLSXSameVersionSameBytes(t *testing.T) {
	d := sampleDoc(t)
	a, _ := encodeBytes(t, d)
	// excelize keeps parts in maps: several runs catch an order that changes from run to run.
	for i := 0; i < 5; i++ {
		d.Now = d.Now.Add(72 * time.Hour)
		if b, _ := encodeBytes(t, d); !bytes.Equal(a, b) {
			t.Fatal("the same version gave different bytes")
		}
	}
}

// TestXLSXGridAndSummary checks the day grid's repeated titles and page split, and the
// Vietnamese number formats of the summary.
func TestXLSXGridAndSummary(t *testing.T) {
	d := sampleDoc(t)
	a := d.Roster.Assignments[0]
	d.Roster.Assignments = d.Roster.Assignments[1:]
	d.Roster.Unfilled = []roster.Unfilled{{PostID: a.PostID, ShiftID: a.ShiftID, Start: a.Start, End: a.End, Role: roster.Duty, Missing: 1,
		Reason: "Tue 01/12/2026 07:00-07:00 ...: 4 officers could serve; tgv-03 on leave"}}
	data, f := encodeBytes(t, d)
	if got := strings.Join(f.GetSheetList(), "|"); got != "Lịch trực|Lịch theo ngày|Tổng hợp|Chưa phân công" {
		t.Fatalf("sheets %s", got)
	}
	g := readPrinted(t, data, f, "Lịch theo ngày")
	if g.titleCols != 1 || len(g.titleRows) != 2 {
		t.Errorf("grid titles: %d columns, rows %v", g.titleCols, g.titleRows)
	}
	posts := len(g.widths) - 1
	if len(g.colBreaks) == 0 || posts <= 5 {
		t.Errorf("grid of %d posts on one page (breaks %v)", posts, g.colBreaks)
	}
	// Each page's block of posts has the title over it.
	for _, c := range append([]int{2}, g.colBreaks...) {
		if !strings.HasPrefix(g.rows[0][c-1], "LỊCH TRỰC TRỢ GIÚP PHÁP LÝ THÁNG 12/2026") {
			t.Errorf("grid title over column %d: %q", c, g.rows[0][c-1])
		}
	}
	if g.rows[2][0] != "01/12/2026\nThứ Ba\nÂL 23/10" {
		t.Errorf("grid day %q", g.rows[2][0])
	}
	s := readPrinted(t, data, f, "Tổng hợp")
	if s.rows[0][0] != "TỔNG HỢP SỐ CA TRỰC THÁNG 12/2026" || len(s.titleRows) != 2 {
		t.Errorf("summary title %q, title rows %v", s.rows[0][0], s.titleRows)
	}
	if len(s.rows) != 2+len(d.Roster.Participants) || s.rows[2][1] != "Âu Dương Khánh" {
		t.Errorf("summary %d rows, first %q", len(s.rows), s.rows[2])
	}
	// The burden prints with a decimal comma whatever the reader's settings.
	id, _ := f.GetCellStyle("Tổng hợp", "J3")
	st, _ := f.GetStyle(id)
	if st.CustomNumFmt == nil || !strings.HasPrefix(*st.CustomNumFmt, "[$-42A]") || !strings.Contains(*st.CustomNumFmt, "0.00") {
		t.Errorf("burden number format %v", st.CustomNumFmt)
	}
	u := readPrinted(t, data, f, "Chưa phân công")
	if !strings.HasPrefix(u.rows[0][0], "CÁC CA CHƯA CÓ NGƯỜI TRỰC") || !strings.Contains(u.rows[2][6], "4 officers could serve") {
		t.Errorf("unfilled sheet %q / %q", u.rows[0], u.rows[2])
	}
	p := readPrinted(t, data, f, "Lịch trực")
	r := p.titleRows[0] + 1
	if p.rows[r-1][4] != "CHƯA CÓ NGƯỜI TRỰC" {
		t.Errorf("unfilled duty cell %q", p.rows[r-1][4])
	}
	cell, _ := excelize.CoordinatesToCellName(5, r)
	if fo, _ := font(t, f, "Lịch trực", cell); fo.Color != "C00000" || !fo.Bold {
		t.Errorf("unfilled font %+v", fo)
	}
	// Weekend and holiday rows are shaded, weekdays are not.
	slots := d.rows()
	for i, sl := range slots {
		cell, _ := excelize.CoordinatesToCellName(5, r+i)
		_, fill := font(t, f, "Lịch trực", cell)
		if shaded := len(fill.Color) > 0; shaded != (sl.weekend || sl.holiday) {
			t.Fatalf("row %d (%s): shaded %v", r+i, sl.start.Weekday(), shaded)
		}
	}
	for _, sheet := range f.GetSheetList() {
		checkReadable(t, f, readPrinted(t, data, f, sheet))
	}
	d.Lang = "en"
	data, f = encodeBytes(t, d)
	e := readPrinted(t, data, f, "Roster")
	if e.find("SOCIALIST REPUBLIC OF VIETNAM") == 0 || e.find("LEGAL AID DUTY ROSTER, 12/2026") == 0 {
		t.Error("English header missing")
	}
}

// TestXLSXNamesAreText writes a name that looks like a formula: it stays text.
func TestXLSXNamesAreText(t *testing.T) {
	d := sampleDoc(t)
	o := d.officer(d.Roster.Assignments[0].OfficerID)
	o.Name = `=HYPERLINK("http://x","bấm")`
	data, f := encodeBytes(t, d)
	p := readPrinted(t, data, f, "Lịch trực")
	r := p.titleRows[0] + 1
	cell, _ := excelize.CoordinatesToCellName(5, r)
	if v := p.rows[r-1][4]; v != o.Name {
		t.Errorf("name cell %q", v)
	}
	if formula, _ := f.GetCellFormula("Lịch trực", cell); formula != "" {
		t.Errorf("name written as formula %q", formula)
	}
}

// TestWrapLines checks the text measure against known lines.
func TestWrapLines(t *testing.T) {
	for _, c := range []struct {
		text  string
		width float64
		want  int
	}{
		{"Nguyễn Thị Hồng Nhung", 200, 1},
		{"Nguyễn Thị Hồng Nhung", 60, 3},
		{"Thứ Hai\n01/12/2026", 80, 2},
		{"0912345678901234567890", 40, 4},
		{"", 50, 1},
	} {
		if got := wrapLines(c.text, c.width, 13, false); got != c.want {
			t.Errorf("wrapLines(%q, %.0f) = %d, want %d", c.text, c.width, got, c.want)
		}
	}
	// Diacritics take no width of their own.
	if textWidth("Nguyễn", 13, false) != textWidth("Nguyen", 13, false) {
		t.Error("a Vietnamese letter measures differently from its base letter")
	}
}
