package export

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"dutyroster/roster"
)

// maxChangeLines is how many changes the roster sheet lists under its title; more go to a sheet
// of their own.
const maxChangeLines = 8

// rosterColumn is one column of the roster table.
type rosterColumn struct {
	title string
	width float64 // spreadsheet width units
	flex  bool    // takes a share of the page width left over
	cell  func(r *slotRow) (string, styleSpec)
}

// rosterColumns chooses the table's columns for this document: the place only when the
// document covers more than one post, the backup columns only when a backup is on the roster,
// the mode of duty only where it differs between rows.
func (d *Document) rosterColumns(rows []slotRow) []rosterColumn {
	t := d.text()
	left := styleSpec{align: "left", border: true, wrap: true}
	center := styleSpec{align: "center", border: true, wrap: true}
	red := styleSpec{align: "left", border: true, wrap: true, bold: true, red: true}
	backup, modes, shifts := false, map[roster.Mode]bool{}, false
	for i := range rows {
		if len(rows[i].backup) > 0 || rows[i].missingBackup > 0 {
			backup = true
		}
		modes[rows[i].shift.Mode] = true
		if len(rows[i].post.Shifts) > 1 {
			shifts = true
		}
	}
	place := d.PostID == ""
	cols := []rosterColumn{
		{title: t.columns[0], width: 5, cell: func(r *slotRow) (string, styleSpec) { return "", center }},
		{title: t.columns[1], width: 13, cell: func(r *slotRow) (string, styleSpec) {
			return t.weekdays[r.start.Weekday()] + "\n" + r.start.Format("02/01/2006"), center
		}},
		{title: t.columns[3], width: 17, cell: func(r *slotRow) (string, styleSpec) {
			// "(hôm sau)" and "(24 giờ)" on a line of their own, not broken mid-phrase.
			s := strings.Replace(d.hours(r), " (", "\n(", 1)
			if shifts && r.shift.Label != "" {
				s = r.shift.Label + "\n" + s
			}
			if !place && len(modes) > 1 {
				s += "\n" + t.modes[r.shift.Mode]
			}
			return s, center
		}},
	}
	if place {
		cols = append(cols, rosterColumn{title: t.columns[4], width: 22, flex: true, cell: func(r *slotRow) (string, styleSpec) {
			return r.post.Name + "\n" + t.modes[r.shift.Mode], left
		}})
	}
	cols = append(cols,
		rosterColumn{title: t.columns[6], width: 20, flex: true, cell: func(r *slotRow) (string, styleSpec) {
			if r.missingDuty > 0 {
				return strings.TrimSpace(names(r.duty) + "\n" + t.unfilled), red
			}
			return names(r.duty), left
		}},
		rosterColumn{title: t.columns[7], width: 14, cell: func(r *slotRow) (string, styleSpec) { return d.positions(r.duty), left }},
		rosterColumn{title: t.columns[8], width: 14.5, cell: func(r *slotRow) (string, styleSpec) { return phones(r.duty), center }},
	)
	if backup {
		cols = append(cols,
			rosterColumn{title: t.columns[9], width: 20, flex: true, cell: func(r *slotRow) (string, styleSpec) {
				if r.missingBackup > 0 {
					return strings.TrimSpace(names(r.backup) + "\n" + t.unfilled), red
				}
				return names(r.backup), left
			}},
			rosterColumn{title: t.columns[10], width: 14.5, cell: func(r *slotRow) (string, styleSpec) { return phones(r.backup), center }})
	}
	return cols
}

// writeRosterSheet writes the document itself: the Decree 30 header, the title and which
// version this is, the table, and the closing block (hotline, "Nơi nhận", signer).
func writeRosterSheet(f *excelize.File, st *styler, d *Document, rows []slotRow) error {
	t := d.text()
	sheet := t.rosterSheet
	cols := d.rosterColumns(rows)
	widths, flex := make([]float64, len(cols)), make([]bool, len(cols))
	total := 0.0
	for i, c := range cols {
		widths[i], flex[i] = c.width, c.flex
		total += c.width * unitPt
	}
	page, ok := choosePage(total, smallSize)
	if !ok {
		return fmt.Errorf("the roster's %d columns do not fit an A4 page at a readable size", len(cols))
	}
	stretch(widths, flex, page)
	l := &sheetLayout{widths: widths, page: page}
	n := len(cols)

	var xs []xrow
	add := func(r xrow) { xs = append(xs, r) }
	whole := func(v string, sp styleSpec) xrow { return xrow{cells: []xcell{{col: 1, span: n, value: v, style: sp}}} }
	gap := func(h float64) { add(xrow{height: h}) }

	// The Decree 30 header: the issuing body on the left, the nation and its motto on the right,
	// each with a short rule under it; then the number, and the place and date.
	c := d.Plan.Center
	split := headerSplit(l, t.nation)
	leftSpan, rightCol, rightSpan := split, split+1, n-split
	caps := styleSpec{align: "center", valign: "top", wrap: true, size: smallSize}
	add(xrow{cells: []xcell{
		{col: 1, span: leftSpan, value: upper(c.Parent), style: caps},
		{col: rightCol, span: rightSpan, value: t.nation, style: styleSpec{align: "center", valign: "top", bold: true, wrap: true, size: smallSize}},
	}})
	// The short rules go under the issuing body and the motto, both at the top of their row.
	ruleRow := len(xs)
	add(xrow{cells: []xcell{
		{col: 1, span: leftSpan, value: upper(c.Name), style: styleSpec{align: "center", valign: "top", bold: true, wrap: true, size: smallSize}},
		{col: rightCol, span: rightSpan, value: t.motto, style: styleSpec{align: "center", valign: "top", bold: true, wrap: true}},
	}, min: fontSize*lineSpacing + 10})
	gap(6)
	add(xrow{cells: []xcell{
		{col: 1, span: leftSpan, value: fmt.Sprintf(t.number, c.DocumentCode), style: styleSpec{align: "center", wrap: true}},
		{col: rightCol, span: rightSpan, value: PlaceDate(c.Place, d.Date, d.en()), style: styleSpec{align: "center", italic: true, wrap: true}},
	}})
	gap(12)
	// The title: with a document type, the type stands above the subject (Decree 30).
	bold14 := styleSpec{align: "center", bold: true, wrap: true, size: 14}
	if kind := d.documentType(); kind != "" {
		add(whole(kind, bold14))
		add(whole(d.subjectText(), bold14))
	} else {
		add(whole(d.titleText(), bold14))
	}
	add(whole(d.editionText(), styleSpec{align: "center", italic: true, wrap: true}))
	recipient := t.fullRecipient
	if d.PostID != "" {
		if p := d.post(d.PostID); p != nil {
			recipient = fmt.Sprintf(t.to, p.Name)
		}
	}
	add(whole(recipient, styleSpec{align: "center", italic: true, wrap: true}))
	if line := d.modeLine(rows); line != "" {
		add(whole(line, styleSpec{align: "center", wrap: true}))
	}
	if d.Roster.Status != roster.StatusPublished {
		add(whole(t.draft, styleSpec{align: "center", bold: true, red: true, size: 14}))
	}
	if len(d.Changes) > 0 {
		note := styleSpec{align: "left", italic: true, wrap: true}
		add(whole(t.changes, note))
		if len(d.Changes) > maxChangeLines {
			add(whole(fmt.Sprintf(t.changesElsewhere, len(d.Changes), t.changesSheet), note))
		} else {
			for _, ch := range d.Changes {
				add(whole("- "+ch, note))
			}
		}
	}
	gap(8)

	// The table; its column titles repeat on every printed page.
	title := len(xs)
	var titles []string
	for _, col := range cols {
		titles = append(titles, col.title)
	}
	add(headerRow(titles, 0))
	for i := range rows {
		row := &rows[i]
		fill := ""
		switch {
		case row.holiday:
			fill = shadeHoliday
		case row.weekend:
			fill = shadeWeekend
		}
		cells := make([]xcell, 0, len(cols))
		for k, col := range cols {
			v, sp := col.cell(row)
			sp.fill = fill
			var value any = v
			if k == 0 {
				value = i + 1
			}
			cells = append(cells, xcell{col: k + 1, value: value, style: sp})
		}
		add(xrow{cells: cells})
	}

	// The closing block: the hotline, then "Nơi nhận" on the left and the signer on the right,
	// with room for the signature and seal.
	closing := len(xs)
	gap(10)
	add(whole(fmt.Sprintf(t.hotline, c.Hotline), styleSpec{align: "left", bold: true, wrap: true}))
	gap(10)
	leftList := []xcell{{value: t.recipients, style: styleSpec{align: "left", bold: true, italic: true, size: smallSize}}}
	for i, r := range c.Recipients {
		sep := ";"
		if i == len(c.Recipients)-1 {
			sep = "."
		}
		leftList = append(leftList, xcell{value: "- " + r + sep, style: styleSpec{align: "left", wrap: true, size: smallSize}})
	}
	signStyle := styleSpec{align: "center", bold: true, wrap: true}
	var rightList []xcell
	for _, line := range signerLines(c.Signer) {
		rightList = append(rightList, xcell{value: line, style: signStyle})
	}
	for i := 0; i < 4; i++ {
		rightList = append(rightList, xcell{})
	}
	rightList = append(rightList, xcell{value: c.Signer.Name, style: signStyle})
	for i := 0; i < max(len(leftList), len(rightList)); i++ {
		var r xrow
		if i < len(leftList) {
			cl := leftList[i]
			cl.col, cl.span = 1, leftSpan
			r.cells = append(r.cells, cl)
		}
		if i < len(rightList) && rightList[i].value != nil {
			cr := rightList[i]
			cr.col, cr.span = rightCol, rightSpan
			r.cells = append(r.cells, cr)
		}
		r.min = fontSize*lineSpacing + 4
		add(r)
	}

	for i := range xs {
		l.measure(&xs[i])
	}
	breaks := paginate(xs, title, closing, page.height())
	if err := addRules(f, sheet, l, ruleRow, leftSpan, rightCol, rightSpan, upper(c.Name), t.motto); err != nil {
		return err
	}
	sw, err := startSheet(f, d, sheet, l, len(xs), fmt.Sprintf("$%d:$%d", title+1, title+1),
		&excelize.Panes{Freeze: true, YSplit: title + 1, TopLeftCell: name(1, title+2), ActivePane: "bottomLeft"})
	if err != nil {
		return err
	}
	return l.write(sw, st, xs, breaks)
}

// headerSplit is how many columns the issuing body's block takes: up to half the width,
// leaving the nation's name room for one line.
func headerSplit(l *sheetLayout, nation string) int {
	n := len(l.widths)
	need := textWidth(nation, smallSize, true) + cellPad
	split := 1
	for split < n-1 && l.spanPt(1, split+1) <= 0.5*l.spanPt(1, n) && l.spanPt(split+2, n-split-1) >= need {
		split++
	}
	return split
}

// addRules draws the two short rules of Decree 30 just under their text: under the issuing body
// a third of its name's width, under the motto the motto's full width, each centred.
func addRules(f *excelize.File, sheet string, l *sheetLayout, row, leftSpan, rightCol, rightSpan int, body, motto string) error {
	leftW := l.spanPt(1, leftSpan) - cellPad
	lines := wrapText(body, leftW, smallSize, true)
	bodyW := 0.0
	for _, line := range lines {
		bodyW = max(bodyW, textWidth(line, smallSize, true))
	}
	mottoW := textWidth(motto, fontSize, true)
	rules := []struct{ from, width, below float64 }{
		{l.spanPt(1, leftSpan)/2 - bodyW/6, bodyW / 3, float64(len(lines)) * smallSize * lineSpacing},
		{l.spanPt(1, rightCol-1) + l.spanPt(rightCol, rightSpan)/2 - mottoW/2, mottoW, fontSize * lineSpacing},
	}
	for _, r := range rules {
		// Shapes are placed in pixels (96 per inch).
		px := func(pt float64) int { return int(pt * 96 / 72) }
		if err := f.AddShape(sheet, &excelize.Shape{Cell: name(1, row+1), Type: "line", Width: uint(px(r.width)), Height: 1,
			Format: excelize.GraphicOptions{OffsetX: px(r.from), OffsetY: px(r.below + 3), Positioning: "oneCell", PrintObject: boolPtr(true)},
			Line:   excelize.LineOptions{Width: 0.75, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"000000"}}}}); err != nil {
			return err
		}
	}
	return nil
}

func boolPtr(b bool) *bool { return &b }

// wrapText breaks text into the lines a column of the given width shows.
func wrapText(text string, width, size float64, bold bool) []string {
	var out []string
	space := textWidth(" ", size, bold)
	for _, para := range strings.Split(text, "\n") {
		line, lw := "", 0.0
		for _, word := range strings.Fields(para) {
			w := textWidth(word, size, bold)
			if line != "" && lw+space+w > width {
				out = append(out, line)
				line, lw = "", 0
			}
			if line != "" {
				line += " "
				lw += space
			}
			line += word
			lw += w
		}
		out = append(out, line)
	}
	return out
}

// signerLines are the signer's authority and title as Decree 30 prints them: "KT. GIÁM ĐỐC"
// over "PHÓ GIÁM ĐỐC", "Q. GIÁM ĐỐC", or just "GIÁM ĐỐC".
func signerLines(s roster.Signer) []string {
	switch s.Authority {
	case "":
		return []string{upper(s.Title)}
	case roster.AuthorityActing:
		return []string{s.Authority + " " + upper(s.Title)}
	default:
		return []string{s.Authority + " " + upper(s.For), upper(s.Title)}
	}
}

// modeLine states the mode of duty once, under the title, when a post's document has only one.
func (d *Document) modeLine(rows []slotRow) string {
	if d.PostID == "" || len(rows) == 0 {
		return ""
	}
	mode := rows[0].shift.Mode
	for i := range rows {
		if rows[i].shift.Mode != mode {
			return ""
		}
	}
	line := fmt.Sprintf(d.text().modeLine, d.text().modes[mode])
	if p := d.post(d.PostID); p != nil && p.Address != "" {
		line += ". " + fmt.Sprintf(d.text().address, p.Address)
	}
	return line
}
