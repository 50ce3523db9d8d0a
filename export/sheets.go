package export

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"dutyroster/roster"
	"dutyroster/roster/lunar"
)

// Widths of the day grid, in spreadsheet units: the date column and, at least, each post's.
const (
	gridDateWidth = 14
	gridPostWidth = 22
	gridSize      = 12 // the grid's type size
)

// gridPosts counts the posts the day grid would show.
func gridPosts(d *Document, rows []slotRow) int {
	posts, _ := d.gridColumns(rows)
	return len(posts)
}

// gridColumns are the posts that appear in the grid, in plan order.
func (d *Document) gridColumns(rows []slotRow) ([]*roster.Post, map[string]int) {
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
		if !inRows[p.ID] && (!p.Active || !d.Full) {
			continue
		}
		col[p.ID] = len(posts)
		posts = append(posts, p)
	}
	return posts, col
}

// sheetTitle is the first row of a sheet: what it is, for which month.
func sheetTitle(text string, span int) xrow {
	return xrow{cells: []xcell{{col: 1, span: span, value: text, style: styleSpec{align: "left", bold: true, wrap: true, size: 14}}}}
}

// writeCalendarSheet lays the month out as days x posts, with each day's lunar date. Its row and
// column titles repeat on every printed page, and the posts are split across pages, as many to
// a page as print readably.
func writeCalendarSheet(f *excelize.File, st *styler, d *Document, rows []slotRow) error {
	t := d.text()
	sheet := t.calendarSheet
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	posts, col := d.gridColumns(rows)
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
	// As many posts to a page as fit at full size; the columns are widened to fill it.
	page := pageSpec{scale: 100}
	perPage := int((page.width() - gridDateWidth*unitPt) / (gridPostWidth * unitPt))
	if perPage < len(posts) {
		page.landscape = true
		perPage = int((page.width() - gridDateWidth*unitPt) / (gridPostWidth * unitPt))
	}
	perPage = max(1, min(perPage, len(posts)))
	postWidth := float64(int((page.width()/unitPt-gridDateWidth)/float64(perPage)*100)) / 100
	widths := []float64{gridDateWidth}
	for range posts {
		widths = append(widths, postWidth)
	}
	l := &sheetLayout{widths: widths, page: page}
	n := len(widths)
	// The title heads each page's block of posts: the date column alone is too narrow for it.
	var title xrow
	for c := 2; c <= n; c += perPage {
		title.cells = append(title.cells, xcell{col: c, span: min(perPage, n-c+1), value: d.titleText() + " - " + t.calendarSheet,
			style: styleSpec{align: "left", bold: true, wrap: true, size: 14}})
	}
	xs := []xrow{title}
	titles := []string{t.calendarDay[0]}
	for _, p := range posts {
		titles = append(titles, p.Name)
	}
	xs = append(xs, headerRow(titles, gridSize))
	for day := 0; day < days; day++ {
		date := roster.Date{Year: month.Year, Month: month.Month, Day: day + 1}
		fill := ""
		switch {
		case d.Calendar != nil && d.Calendar.IsHoliday(date):
			fill = shadeHoliday
		case date.IsWeekend():
			fill = shadeWeekend
		}
		l := lunar.FromSolar(date.Year, date.Month, date.Day)
		r := xrow{cells: []xcell{{col: 1, value: fmt.Sprintf("%02d/%02d/%d\n%s\n%s", date.Day, int(date.Month), date.Year,
			t.weekdays[date.Weekday()], fmt.Sprintf(t.lunar, l.String())),
			style: styleSpec{align: "center", border: true, wrap: true, fill: fill, bold: true, size: gridSize}}}}
		for c := range posts {
			r.cells = append(r.cells, xcell{col: c + 2, value: cells[day][c].String(),
				style: styleSpec{align: "left", valign: "top", border: true, wrap: true, fill: fill, size: gridSize}})
		}
		xs = append(xs, r)
	}
	sw, err := startSheet(f, d, sheet, l, len(xs), "$A:$A,$1:$2", &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 2, TopLeftCell: "B3", ActivePane: "bottomRight"})
	if err != nil {
		return err
	}
	// Column breaks after every page's worth of posts.
	for c := 2 + perPage; c <= n; c += perPage {
		if err := sw.InsertPageBreak(name(c, 1)); err != nil {
			return err
		}
	}
	return l.write(sw, st, xs, nil)
}

// writeSummarySheet lists each officer's share of the month.
func writeSummarySheet(f *excelize.File, st *styler, d *Document) error {
	t := d.text()
	sheet := t.summarySheet
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	stats := roster.ComputeStats(d.Roster.Assignments, d.Roster.Participants)
	d.sortByName(stats)
	widths := []float64{5, 24, 18, 14, 9, 9, 9, 9, 9, 10}
	flex := []bool{false, true, true, false, false, false, false, false, false, false}
	page, err := layoutPage(widths, flex, fontSize)
	if err != nil {
		return err
	}
	l := &sheetLayout{widths: widths, page: page}
	n := len(widths)
	xs := []xrow{sheetTitle(fmt.Sprintf(t.summaryTitle, int(d.Roster.Month.Month), d.Roster.Month.Year), n)}
	xs = append(xs, headerRow(t.summaryColumns, 0))
	cL := styleSpec{align: "left", border: true, wrap: true}
	cN := styleSpec{align: "center", border: true, numFmt: vnNumber}
	cB := styleSpec{align: "center", border: true, numFmt: vnDecimal}
	for i, s := range stats {
		o := d.officer(s.OfficerID)
		if o == nil {
			o = &roster.Officer{ID: s.OfficerID, Name: s.OfficerID}
		}
		vals := []any{i + 1, o.Name, t.roles[o.Role], o.Phone, s.Duties, s.Backups, s.Weekend, s.Holiday, s.Night, float64(s.Burden) / 1000}
		r := xrow{}
		for k, v := range vals {
			sp := cN
			switch k {
			case 1, 2:
				sp = cL
			case 3:
				sp = styleSpec{align: "center", border: true, wrap: true}
			case 9:
				sp = cB
			}
			r.cells = append(r.cells, xcell{col: k + 1, value: v, style: sp})
		}
		xs = append(xs, r)
	}
	return writeListSheet(f, st, d, sheet, l, xs)
}

// layoutPage chooses the page of a list sheet and widens its flexible columns to fill it.
func layoutPage(widths []float64, flex []bool, minFont float64) (pageSpec, error) {
	total := 0.0
	for _, w := range widths {
		total += w * unitPt
	}
	page, ok := choosePage(total, minFont)
	if !ok {
		return page, fmt.Errorf("%d columns do not fit an A4 page at a readable size", len(widths))
	}
	stretch(widths, flex, page)
	return page, nil
}

// startSheet sets up a sheet's page, the rows (and columns) repeated on every printed page and
// its frozen panes, and opens its stream writer.
func startSheet(f *excelize.File, d *Document, sheet string, l *sheetLayout, rows int, titles string, panes *excelize.Panes) (*excelize.StreamWriter, error) {
	if err := setupPage(f, d, sheet, l.page); err != nil {
		return nil, err
	}
	var refs []string
	for _, r := range strings.Split(titles, ",") {
		refs = append(refs, fmt.Sprintf("'%s'!%s", sheet, r))
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet, RefersTo: strings.Join(refs, ",")}); err != nil {
		return nil, err
	}
	// The stream writer leaves the dimension at A1 (some readers then see one cell); it writes
	// the dimension set before it starts.
	if err := f.SetSheetDimension(sheet, "A1:"+name(len(l.widths), rows)); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	return sw, sw.SetPanes(panes)
}

// headerRow is a row of column titles.
func headerRow(titles []string, size float64) xrow {
	hdr := styleSpec{align: "center", bold: true, border: true, wrap: true, fill: shadeHeader, size: size}
	var r xrow
	for i, h := range titles {
		r.cells = append(r.cells, xcell{col: i + 1, value: h, style: hdr})
	}
	return r
}

// writeListSheet writes a sheet of a title, column titles (repeated on every page) and rows.
func writeListSheet(f *excelize.File, st *styler, d *Document, sheet string, l *sheetLayout, xs []xrow) error {
	sw, err := startSheet(f, d, sheet, l, len(xs), "$1:$2", &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
	if err != nil {
		return err
	}
	return l.write(sw, st, xs, nil)
}

// writeUnfilledSheet lists every empty place with its reason.
func writeUnfilledSheet(f *excelize.File, st *styler, d *Document) error {
	t := d.text()
	sheet := t.unfilledSheet
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	widths := []float64{5, 12, 14, 22, 12, 8, 40}
	flex := []bool{false, false, false, true, false, false, true}
	page, err := layoutPage(widths, flex, fontSize)
	if err != nil {
		return err
	}
	l := &sheetLayout{widths: widths, page: page}
	xs := []xrow{sheetTitle(fmt.Sprintf(t.unfilledTitle, int(d.Roster.Month.Month), d.Roster.Month.Year), len(widths))}
	xs = append(xs, headerRow(t.unfilledColumns, 0))
	cL := styleSpec{align: "left", border: true, wrap: true}
	cN := styleSpec{align: "center", border: true, wrap: true}
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
		vals := []any{i + 1, start.Format("02/01/2006"), start.Format("15:04") + " - " + end.Format("15:04"), post, role, u.Missing, d.reason(u)}
		r := xrow{}
		for k, v := range vals {
			sp := cN
			if k == 3 || k == 6 {
				sp = cL
			}
			r.cells = append(r.cells, xcell{col: k + 1, value: v, style: sp})
		}
		xs = append(xs, r)
	}
	return writeListSheet(f, st, d, sheet, l, xs)
}

// writeChangesSheet lists an amendment's changes when they are too many for the roster sheet.
func writeChangesSheet(f *excelize.File, st *styler, d *Document) error {
	t := d.text()
	sheet := t.changesSheet
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	widths := []float64{5, 80}
	flex := []bool{false, true}
	page, err := layoutPage(widths, flex, fontSize)
	if err != nil {
		return err
	}
	l := &sheetLayout{widths: widths, page: page}
	xs := []xrow{sheetTitle(d.editionText(), 2)}
	xs = append(xs, headerRow([]string{t.columns[0], t.changes}, 0))
	for i, ch := range d.Changes {
		xs = append(xs, xrow{cells: []xcell{{col: 1, value: i + 1, style: styleSpec{align: "center", border: true}},
			{col: 2, value: ch, style: styleSpec{align: "left", border: true, wrap: true}}}})
	}
	return writeListSheet(f, st, d, sheet, l, xs)
}
