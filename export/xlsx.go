package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"dutyroster/roster"
	"dutyroster/roster/lunar"
)

// XLSXEncoder writes the official Excel roster: a Vietnamese administrative document laid out
// per Decree 30/2020/NĐ-CP (appendix I), with a calendar sheet and, in the Center's own file,
// a per-officer summary and the unfilled places.
type XLSXEncoder struct{ w io.Writer }

// NewXLSXEncoder returns an encoder writing to w.
func NewXLSXEncoder(w io.Writer) *XLSXEncoder { return &XLSXEncoder{w: w} }

// Layout of the roster sheet.
const (
	headerRow = 9  // the table's column titles; repeated on every printed page
	nCols     = 11 // STT ... Điện thoại
	fontName  = "Times New Roman"
	fontSize  = 13
)

var rosterColWidths = []float64{5, 12, 10, 19, 32, 13, 23, 17, 15, 23, 15}

// shades of rows.
const (
	shadeWeekend = "DDEBF7"
	shadeHoliday = "FCE4D6"
	shadeHeader  = "D9D9D9"
)

// styler makes and remembers excelize styles.
type styler struct {
	f     *excelize.File
	cache map[styleSpec]int
	err   error
}

type styleSpec struct {
	bold, italic, underline, red, border, wrap bool
	size                                       float64
	align                                      string // left, center, right
	fill                                       string
	numFmt                                     string
}

func (s *styler) get(sp styleSpec) int {
	if id, ok := s.cache[sp]; ok {
		return id
	}
	size := sp.size
	if size == 0 {
		size = fontSize
	}
	st := &excelize.Style{
		Font:      &excelize.Font{Family: fontName, Size: size, Bold: sp.bold, Italic: sp.italic},
		Alignment: &excelize.Alignment{Horizontal: sp.align, Vertical: "center", WrapText: sp.wrap},
	}
	if sp.underline {
		st.Font.Underline = "single"
	}
	if sp.red {
		st.Font.Color = "C00000"
	}
	if sp.border {
		for _, side := range []string{"left", "right", "top", "bottom"} {
			st.Border = append(st.Border, excelize.Border{Type: side, Color: "000000", Style: 1})
		}
	}
	if sp.fill != "" {
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{sp.fill}}
	}
	if sp.numFmt != "" {
		st.CustomNumFmt = &sp.numFmt
	}
	id, err := s.f.NewStyle(st)
	if err != nil && s.err == nil {
		s.err = err
	}
	s.cache[sp] = id
	return id
}

// Encode writes the document as an .xlsx workbook.
func (e *XLSXEncoder) Encode(d *Document) error {
	f := excelize.NewFile()
	defer f.Close()
	st := &styler{f: f, cache: map[styleSpec]int{}}
	t := d.text()
	rows := d.rows()
	if err := f.SetSheetName("Sheet1", t.rosterSheet); err != nil {
		return err
	}
	if err := writeRosterSheet(f, st, d, rows); err != nil {
		return fmt.Errorf("roster sheet: %w", err)
	}
	if err := writeCalendarSheet(f, st, d, rows); err != nil {
		return fmt.Errorf("calendar sheet: %w", err)
	}
	if d.Full {
		if err := writeSummarySheet(f, st, d); err != nil {
			return fmt.Errorf("summary sheet: %w", err)
		}
		if len(d.Roster.Unfilled) > 0 {
			if err := writeUnfilledSheet(f, st, d); err != nil {
				return fmt.Errorf("unfilled sheet: %w", err)
			}
		}
	}
	if st.err != nil {
		return st.err
	}
	props := &excelize.DocProperties{Title: fmt.Sprintf(t.title, int(d.Roster.Month.Month), d.Roster.Month.Year), Creator: d.Plan.Center.Name,
		Language: map[bool]string{true: "en-US", false: "vi-VN"}[d.en()]}
	if d.Roster.Digest != "" {
		// The published version's digest: `dutyroster verify` proves the stored version still matches.
		props.Identifier = "sha256:" + d.Roster.Digest
		props.Description = fmt.Sprintf("%s %d, SHA-256 %s", d.Roster.Month, d.Roster.Version, d.Roster.Digest)
	}
	f.SetDocProps(props)
	_, err := f.WriteTo(e.w)
	return err
}

// pageSetup prints a sheet on A4 landscape, fitted to the page width, with Decree 30 margins
// (top and bottom 20 mm, left 30 mm, right 15 mm) and the draft mark on every page.
func pageSetup(f *excelize.File, d *Document, sheet string) error {
	size, orient := 9, "landscape" // 9 = A4
	one, zero := 1, 0
	fit := true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	mm := func(v float64) *float64 { x := v / 25.4; return &x }
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Top: mm(20), Bottom: mm(20), Left: mm(30), Right: mm(15),
		Header: mm(8), Footer: mm(8)}); err != nil {
		return err
	}
	hf := &excelize.HeaderFooterOptions{OddFooter: "&C&\"" + fontName + ",Regular\"&11&P/&N"}
	if d.Roster.Status != roster.StatusPublished {
		hf.OddHeader = "&C&\"" + fontName + ",Bold\"&14" + d.text().draft
	}
	return f.SetHeaderFooter(sheet, hf)
}

func cell(style int, v any) excelize.Cell { return excelize.Cell{StyleID: style, Value: v} }

func name(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

func writeRosterSheet(f *excelize.File, st *styler, d *Document, rows []slotRow) error {
	t := d.text()
	sheet := t.rosterSheet
	if err := pageSetup(f, d, sheet); err != nil {
		return err
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, headerRow, headerRow)}); err != nil {
		return err
	}
	c := d.Plan.Center
	footerLines := max(5, len(c.Recipients))
	lastRow := headerRow + len(rows) + 4 + footerLines
	// The stream writer leaves the dimension at A1 (some readers then see one cell); it writes
	// the dimension set before it starts, and setting it afterwards would parse the sheet again.
	if err := f.SetSheetDimension(sheet, "A1:"+name(nCols, lastRow)); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, w := range rosterColWidths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: name(1, headerRow+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	centered := st.get(styleSpec{align: "center", wrap: true})
	boldC := st.get(styleSpec{align: "center", bold: true, wrap: true})
	set := func(row int, cells ...excelize.Cell) error {
		vals := make([]any, len(cells))
		for i := range cells {
			vals[i] = cells[i]
		}
		return sw.SetRow(name(1, row), vals)
	}
	setAt := func(row int, opts excelize.RowOpts, cols map[int]excelize.Cell) error {
		vals := make([]any, nCols)
		for i := range vals {
			vals[i] = nil
		}
		for col, v := range cols {
			vals[col-1] = v
		}
		return sw.SetRow(name(1, row), vals, opts)
	}
	merge := func(row, from, to int) error { return sw.MergeCell(name(from, row), name(to, row)) }
	// The Decree 30 header: agency and issuing body left, nation and motto right.
	month := d.Roster.Month
	head := []map[int]excelize.Cell{
		{1: cell(centered, upper(c.Parent)), 6: cell(boldC, t.nation)},
		{1: cell(boldC, upper(c.Name)), 6: cell(st.get(styleSpec{align: "center", bold: true, underline: true}), t.motto)},
		{1: cell(centered, fmt.Sprintf(t.number, c.DocumentCode)), 6: cell(st.get(styleSpec{align: "center", italic: true}), PlaceDate(c.Place, d.Date, d.en()))},
	}
	for i, h := range head {
		if err := setAt(i+1, excelize.RowOpts{Height: 33}, h); err != nil {
			return err
		}
		if err := merge(i+1, 1, 4); err != nil {
			return err
		}
		if err := merge(i+1, 6, nCols); err != nil {
			return err
		}
	}
	recipient := t.fullRecipient
	if d.PostID != "" {
		if p := d.post(d.PostID); p != nil {
			recipient = fmt.Sprintf(t.to, p.Name)
		}
	}
	type titleRow struct {
		row   int
		style int
		text  string
	}
	title := []titleRow{
		{5, st.get(styleSpec{align: "center", bold: true, size: 14}), fmt.Sprintf(t.title, int(month.Month), month.Year)},
		{6, st.get(styleSpec{align: "center", italic: true}), recipient},
	}
	if d.Roster.Status != roster.StatusPublished {
		title = append(title, titleRow{7, st.get(styleSpec{align: "center", bold: true, red: true, size: 14}), t.draft})
	}
	if len(d.Changes) > 0 {
		title = append(title, titleRow{8, st.get(styleSpec{align: "left", italic: true, wrap: true}), t.changes + " " + strings.Join(d.Changes, "; ")})
	}
	for _, ti := range title {
		opts := excelize.RowOpts{Height: 22}
		if ti.row == 8 {
			opts.Height = float64(18 * (1 + len(d.Changes)/3))
		}
		if err := setAt(ti.row, opts, map[int]excelize.Cell{1: cell(ti.style, ti.text)}); err != nil {
			return err
		}
		if err := merge(ti.row, 1, nCols); err != nil {
			return err
		}
	}
	// The table.
	hdr := st.get(styleSpec{align: "center", bold: true, border: true, wrap: true, fill: shadeHeader})
	hcells := make([]excelize.Cell, nCols)
	for i, h := range t.columns {
		hcells[i] = cell(hdr, h)
	}
	if err := set(headerRow, hcells...); err != nil {
		return err
	}
	r := headerRow
	for i := range rows {
		row := &rows[i]
		r++
		fill := ""
		switch {
		case row.holiday:
			fill = shadeHoliday
		case row.weekend:
			fill = shadeWeekend
		}
		cC := st.get(styleSpec{align: "center", border: true, wrap: true, fill: fill})
		cL := st.get(styleSpec{align: "left", border: true, wrap: true, fill: fill})
		red := st.get(styleSpec{align: "center", border: true, wrap: true, fill: fill, bold: true, red: true})
		onDuty, dutyPos, dutyPhone := cell(cL, names(row.duty)), cell(cL, d.positions(row.duty)), cell(cC, phones(row.duty))
		if row.missingDuty > 0 {
			onDuty = cell(red, strings.TrimSpace(names(row.duty)+"\n"+t.unfilled))
		}
		backup, backupPhone := cell(cL, names(row.backup)), cell(cC, phones(row.backup))
		if row.missingBackup > 0 {
			backup = cell(red, strings.TrimSpace(names(row.backup)+"\n"+t.unfilled))
		}
		place := row.post.Name
		if row.shift.Label != "" && row.shift.Label != row.shift.ID {
			place += " (" + row.shift.Label + ")"
		}
		lines := max(1, len(row.duty)+min(row.missingDuty, 1), len(row.backup)+min(row.missingBackup, 1), (len(place)+30)/31)
		if err := sw.SetRow(name(1, r), []any{
			cell(cC, i+1), cell(cC, row.start.Format("02/01/2006")), cell(cC, t.weekdays[row.start.Weekday()]), cell(cC, d.hours(row)),
			cell(cL, place), cell(cC, t.modes[row.shift.Mode]), onDuty, dutyPos, dutyPhone, backup, backupPhone,
		}, excelize.RowOpts{Height: 18 * float64(lines)}); err != nil {
			return err
		}
	}
	// Hotline, then "Nơi nhận" on the left and the signer on the right.
	r += 2
	if err := setAt(r, excelize.RowOpts{Height: 22}, map[int]excelize.Cell{1: cell(st.get(styleSpec{align: "left", bold: true}), fmt.Sprintf(t.hotline, c.Hotline))}); err != nil {
		return err
	}
	if err := merge(r, 1, nCols); err != nil {
		return err
	}
	r += 2
	signTitle := st.get(styleSpec{align: "center", bold: true})
	if err := setAt(r, excelize.RowOpts{}, map[int]excelize.Cell{1: cell(st.get(styleSpec{align: "left", bold: true, italic: true, size: 12}), t.recipients),
		8: cell(signTitle, upper(c.Signer.Title))}); err != nil {
		return err
	}
	if err := merge(r, 1, 5); err != nil {
		return err
	}
	if err := merge(r, 8, nCols); err != nil {
		return err
	}
	small := st.get(styleSpec{align: "left", size: 11})
	for i := 0; i < footerLines; i++ {
		r++
		cols := map[int]excelize.Cell{}
		if i < len(c.Recipients) {
			sep := ";"
			if i == len(c.Recipients)-1 {
				sep = "."
			}
			cols[1] = cell(small, "- "+c.Recipients[i]+sep)
		}
		if i == 4 {
			cols[8] = cell(signTitle, c.Signer.Name)
		}
		if err := setAt(r, excelize.RowOpts{}, cols); err != nil {
			return err
		}
		if err := merge(r, 1, 5); err != nil {
			return err
		}
		if i == 4 {
			if err := merge(r, 8, nCols); err != nil {
				return err
			}
		}
	}
	if r != lastRow {
		return fmt.Errorf("roster sheet ends at row %d, not %d", r, lastRow)
	}
	return sw.Flush()
}

// writeCalendarSheet lays the month out as days x posts, with each day's lunar date.
func writeCalendarSheet(f *excelize.File, st *styler, d *Document, rows []slotRow) error {
	t := d.text()
	sheet := t.calendarSheet
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	if err := pageSetup(f, d, sheet); err != nil {
		return err
	}
	// Columns: the posts that appear, in plan order.
	var posts []*roster.Post
	col := map[string]int{}
	inRows := map[string]bool{}
	for i := range rows {
		inRows[rows[i].post.ID] = true
	}
	for i := range d.Plan.Posts {
		p := &d.Plan.Posts[i]
		if d.PostID != "" && p.ID != d.PostID {
			continue
		}
		if !p.Active && !inRows[p.ID] {
			continue
		}
		col[p.ID] = len(posts)
		posts = append(posts, p)
	}
	// cells[day][post] holds the lines of that day at that post.
	month := d.Roster.Month
	days := month.Last().Day
	cells := make([][]strings.Builder, days)
	for i := range cells {
		cells[i] = make([]strings.Builder, len(posts))
	}
	for i := range rows {
		row := &rows[i]
		c, ok := col[row.post.ID]
		day := row.start.Day() - 1
		if !ok || row.start.Month() != month.Month || day < 0 || day >= days {
			continue
		}
		b := &cells[day][c]
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		if len(row.post.Shifts) > 1 {
			b.WriteString(row.shift.Label + ": ")
		}
		b.WriteString(strings.ReplaceAll(names(row.duty), "\n", ", "))
		if row.missingDuty > 0 {
			b.WriteString(t.unfilled)
		}
		if len(row.backup) > 0 || row.missingBackup > 0 {
			b.WriteString(" (" + strings.ReplaceAll(names(row.backup), "\n", ", "))
			if row.missingBackup > 0 {
				b.WriteString(t.unfilled)
			}
			b.WriteString(")")
		}
	}
	if err := f.SetSheetDimension(sheet, "A1:"+name(len(posts)+1, days+2)); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, 16); err != nil {
		return err
	}
	if len(posts) > 0 {
		if err := sw.SetColWidth(2, len(posts)+1, 26); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 1, YSplit: 2, TopLeftCell: "B3", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{cell(st.get(styleSpec{align: "left", bold: true, size: 14}),
		fmt.Sprintf(t.title, int(month.Month), month.Year))}, excelize.RowOpts{Height: 24}); err != nil {
		return err
	}
	hdr := st.get(styleSpec{align: "center", bold: true, border: true, wrap: true, fill: shadeHeader})
	head := []any{cell(hdr, t.calendarDay[0])}
	for _, p := range posts {
		head = append(head, cell(hdr, p.Name))
	}
	if err := sw.SetRow("A2", head, excelize.RowOpts{Height: 48}); err != nil {
		return err
	}
	for day := 0; day < days; day++ {
		date := roster.Date{Year: month.Year, Month: month.Month, Day: day + 1}
		fill := ""
		switch {
		case d.Calendar != nil && d.Calendar.IsHoliday(date):
			fill = shadeHoliday
		case date.IsWeekend():
			fill = shadeWeekend
		}
		dayStyle := st.get(styleSpec{align: "center", border: true, wrap: true, fill: fill, bold: true})
		text := st.get(styleSpec{align: "left", border: true, wrap: true, fill: fill, size: 11})
		l := lunar.FromSolar(date.Year, date.Month, date.Day)
		vals := []any{cell(dayStyle, fmt.Sprintf("%02d/%02d/%d\n%s\n%s", date.Day, int(date.Month), date.Year, t.weekdays[date.Weekday()],
			fmt.Sprintf(t.lunar, l.String())))}
		lines := 3
		for c := range posts {
			s := cells[day][c].String()
			lines = max(lines, strings.Count(s, "\n")+2)
			vals = append(vals, cell(text, s))
		}
		if err := sw.SetRow(name(1, day+3), vals, excelize.RowOpts{Height: 15 * float64(lines)}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// writeSummarySheet lists each officer's share of the month.
func writeSummarySheet(f *excelize.File, st *styler, d *Document) error {
	t := d.text()
	sheet := t.summarySheet
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	if err := pageSetup(f, d, sheet); err != nil {
		return err
	}
	stats := roster.ComputeStats(d.Roster.Assignments, d.Roster.Participants)
	d.sortByName(stats)
	if err := f.SetSheetDimension(sheet, "A1:"+name(len(t.summaryColumns), len(stats)+1)); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, w := range []float64{5, 28, 22, 15, 11, 11, 11, 11, 11, 11} {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	hdr := st.get(styleSpec{align: "center", bold: true, border: true, wrap: true, fill: shadeHeader})
	var head []any
	for _, h := range t.summaryColumns {
		head = append(head, cell(hdr, h))
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 36}); err != nil {
		return err
	}
	cL := st.get(styleSpec{align: "left", border: true})
	cN := st.get(styleSpec{align: "center", border: true})
	cB := st.get(styleSpec{align: "center", border: true, numFmt: "0.00"})
	for i, s := range stats {
		o := d.officer(s.OfficerID)
		if o == nil {
			o = &roster.Officer{ID: s.OfficerID, Name: s.OfficerID}
		}
		if err := sw.SetRow(name(1, i+2), []any{cell(cN, i+1), cell(cL, o.Name), cell(cL, t.roles[o.Role]), cell(cN, o.Phone),
			cell(cN, s.Duties), cell(cN, s.Backups), cell(cN, s.Weekend), cell(cN, s.Holiday), cell(cN, s.Night),
			cell(cB, float64(s.Burden)/1000)}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// writeUnfilledSheet lists every empty place with its reason.
func writeUnfilledSheet(f *excelize.File, st *styler, d *Document) error {
	t := d.text()
	sheet := t.unfilledSheet
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	if err := pageSetup(f, d, sheet); err != nil {
		return err
	}
	if err := f.SetSheetDimension(sheet, "A1:"+name(len(t.unfilledColumns), len(d.Roster.Unfilled)+1)); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, w := range []float64{5, 12, 16, 30, 10, 9, 90} {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	hdr := st.get(styleSpec{align: "center", bold: true, border: true, wrap: true, fill: shadeHeader})
	var head []any
	for _, h := range t.unfilledColumns {
		head = append(head, cell(hdr, h))
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	cL := st.get(styleSpec{align: "left", border: true, wrap: true, size: 11})
	cN := st.get(styleSpec{align: "center", border: true, wrap: true})
	loc := d.location()
	for i, u := range d.Roster.Unfilled {
		post := u.PostID
		if p := d.post(u.PostID); p != nil {
			post = p.Name
		}
		role := t.columns[6]
		if u.Role == roster.Backup {
			role = t.columns[9]
		}
		start, end := u.Start.In(loc), u.End.In(loc)
		if err := sw.SetRow(name(1, i+2), []any{cell(cN, i+1), cell(cN, start.Format("02/01/2006")),
			cell(cN, start.Format("15:04")+" - "+end.Format("15:04")), cell(cL, post), cell(cN, role), cell(cN, u.Missing), cell(cL, u.Reason)},
			excelize.RowOpts{Height: 15 * float64(1+len(u.Reason)/110)}); err != nil {
			return err
		}
	}
	return sw.Flush()
}
