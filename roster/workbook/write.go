package workbook

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"dutyroster/roster"
)

// Write writes a plan as a workbook in lang ("vi" or "en"): the sheets Read reads, with styled
// and frozen header rows, a comment on every header saying what it means, lists to choose roles,
// kinds, modes and strategies from, and every cell stored as text (so a phone keeps its 0).
// Reading the workbook back gives the same plan.
func Write(plan *roster.Plan, lang string) ([]byte, error) {
	text, err := roster.FormatPlan(plan)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil, err
	}
	root := doc.Content[0]
	w := &writer{f: excelize.NewFile(), lang: lang}
	defer w.f.Close()
	if err := w.f.SetDefaultFont("Times New Roman"); err != nil {
		return nil, err
	}
	first := true
	name := func(vi, en string) (string, error) {
		s := vi
		if lang == "en" {
			s = en
		}
		if first {
			first = false
			return s, w.f.SetSheetName("Sheet1", s)
		}
		_, err := w.f.NewSheet(s)
		return s, err
	}
	center := get(root, "center")
	if err := w.keyValues(name, &centerSheet, center); err != nil {
		return nil, err
	}
	officers, posts := items(get(root, "officers")), items(get(root, "posts"))
	tables := []struct {
		t    *table
		rows [][]*yaml.Node // per row, the value of each column (nil: empty)
	}{
		{&areasTable, rowsOf(items(get(root, "areas")), areasTable.cols, "")},
		{&officersTable, rowsOf(officers, officersTable.cols, "")},
		{&leaveTable, childRows(officers, "unavailable", leaveTable.cols)},
		{&postsTable, rowsOf(posts, postsTable.cols, "")},
		{&shiftsTable, childRows(posts, "shifts", shiftsTable.cols)},
		{&contactsTable, childRows(posts, "contacts", contactsTable.cols)},
		{&holidaysTable, holidayRows(get(root, "holidays"))},
	}
	for _, tb := range tables {
		sheet, err := name(tb.t.vi, tb.t.en)
		if err != nil {
			return nil, err
		}
		if err := w.table(sheet, tb.t, tb.rows); err != nil {
			return nil, err
		}
	}
	rules := get(root, "rules")
	if h := get(root, "holidays"); h != nil && get(h, "calendar") != nil {
		rules.Content = append(rules.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "holidays"},
			&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "calendar"}, get(h, "calendar")}})
	}
	if err := w.keyValues(name, &rulesSheet, rules); err != nil {
		return nil, err
	}
	if d := get(root, "daemon"); d != nil {
		sheet, err := name(daemonSheet.vi, daemonSheet.en)
		if err != nil {
			return nil, err
		}
		if err := w.daemon(sheet, d); err != nil {
			return nil, err
		}
	}
	w.f.SetActiveSheet(0)
	var buf bytes.Buffer
	if _, err := w.f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type writer struct {
	f    *excelize.File
	lang string
	head int // the header style
	text int // the style of a data cell: text, so nothing is turned into a number
}

func items(seq *yaml.Node) []*yaml.Node {
	if seq == nil {
		return nil
	}
	return seq.Content
}

// rowsOf lays out list items as rows of the columns; parent, when set, fills the first column.
func rowsOf(list []*yaml.Node, cols []column, parent string) [][]*yaml.Node {
	var out [][]*yaml.Node
	for _, it := range list {
		row := make([]*yaml.Node, len(cols))
		for i, c := range cols {
			if i == 0 && parent != "" {
				row[i] = &yaml.Node{Kind: yaml.ScalarNode, Value: parent}
				continue
			}
			row[i] = get(it, c.key)
		}
		out = append(out, row)
	}
	return out
}

// childRows lays out the nested lists of owners (each post's shifts) with the owner's id first.
func childRows(owners []*yaml.Node, child string, cols []column) [][]*yaml.Node {
	var out [][]*yaml.Node
	for _, o := range owners {
		out = append(out, rowsOf(items(get(o, child)), cols, get(o, "id").Value)...)
	}
	return out
}

func holidayRows(h *yaml.Node) [][]*yaml.Node {
	if h == nil {
		return nil
	}
	var out [][]*yaml.Node
	word := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }
	for _, a := range items(get(h, "add")) {
		out = append(out, []*yaml.Node{word("add"), get(a, "date"), get(a, "name")})
	}
	for _, d := range items(get(h, "remove")) {
		out = append(out, []*yaml.Node{word("remove"), d, nil})
	}
	return out
}

// cellText writes a value as the workbook shows it: lists joined, plan words in the workbook's
// language.
func (w *writer) cellText(c *column, v *yaml.Node) string {
	if v == nil {
		return ""
	}
	if v.Kind == yaml.SequenceNode {
		var parts []string
		for _, it := range v.Content {
			s := it.Value
			if c.key == "roles" || c.key == "backup_roles" {
				s = roleEnum.label(s, w.lang)
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ", ")
	}
	if c.enum != nil {
		return c.enum.label(v.Value, w.lang)
	}
	return v.Value
}

func (w *writer) styles() error {
	if w.head != 0 {
		return nil
	}
	var err error
	w.head, err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "Times New Roman", Size: 12},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}})
	if err != nil {
		return err
	}
	w.text, err = w.f.NewStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Family: "Times New Roman", Size: 12},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}) // 49 = "@", text
	return err
}

// header writes a header row with its comments, frozen.
func (w *writer) header(sheet string, cols []column) error {
	if err := w.styles(); err != nil {
		return err
	}
	for i, c := range cols {
		ref := mustName(i+1, 1)
		title := c.vi
		if w.lang == "en" {
			title = c.en
		}
		if err := w.f.SetCellStr(sheet, ref, title); err != nil {
			return err
		}
		help := c.help[0]
		if w.lang == "en" {
			help = c.help[1]
		}
		note := fmt.Sprintf("%s (%s)", help, c.key)
		if help == "" {
			note = c.key
		}
		if err := w.f.AddComment(sheet, excelize.Comment{Cell: ref, Author: "dutyroster", Text: note}); err != nil {
			return err
		}
		width := c.width
		if width == 0 {
			width = 16
		}
		col := colName(i + 1)
		if err := w.f.SetColWidth(sheet, col, col, width); err != nil {
			return err
		}
	}
	last := colName(len(cols))
	if err := w.f.SetCellStyle(sheet, "A1", last+"1", w.head); err != nil {
		return err
	}
	if err := w.f.SetColStyle(sheet, "A:"+last, w.text); err != nil {
		return err
	}
	if err := w.f.SetCellStyle(sheet, "A1", last+"1", w.head); err != nil {
		return err
	}
	if err := w.f.SetRowHeight(sheet, 1, 32); err != nil {
		return err
	}
	return w.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// validate offers a column's words as a list to choose from.
func (w *writer) validate(sheet string, col int, c *column) error {
	if c.enum == nil {
		return nil
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("%s2:%s5000", colName(col), colName(col))
	if err := dv.SetDropList(c.enum.labels(w.lang)); err != nil {
		return err
	}
	return w.f.AddDataValidation(sheet, dv)
}

func (w *writer) table(sheet string, t *table, rows [][]*yaml.Node) error {
	if err := w.header(sheet, t.cols); err != nil {
		return err
	}
	for i := range t.cols {
		if err := w.validate(sheet, i+1, &t.cols[i]); err != nil {
			return err
		}
	}
	for r, row := range rows {
		for i, v := range row {
			if s := w.cellText(&t.cols[i], v); s != "" {
				if err := w.f.SetCellStr(sheet, mustName(i+1, r+2), s); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// keyValues writes "item | value" rows; a list takes one row per item.
func (w *writer) keyValues(name func(vi, en string) (string, error), kv *keyValue, m *yaml.Node) error {
	sheet, err := name(kv.vi, kv.en)
	if err != nil {
		return err
	}
	cols := []column{{key: "item", vi: "Mục", en: "Item", width: 38}, {key: "value", vi: "Giá trị", en: "Value", width: 60}}
	if err := w.header(sheet, cols); err != nil {
		return err
	}
	row := 2
	put := func(c *column, v string) error {
		title := c.vi
		if w.lang == "en" {
			title = c.en
		}
		if err := w.f.SetCellStr(sheet, mustName(1, row), title); err != nil {
			return err
		}
		if err := w.f.SetCellStr(sheet, mustName(2, row), v); err != nil {
			return err
		}
		if help := c.help[0]; help != "" {
			if w.lang == "en" {
				help = c.help[1]
			}
			if err := w.f.AddComment(sheet, excelize.Comment{Cell: mustName(1, row), Author: "dutyroster", Text: help + " (" + c.key + ")"}); err != nil {
				return err
			}
		}
		if c.enum != nil {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = mustName(2, row)
			if err := dv.SetDropList(c.enum.labels(w.lang)); err != nil {
				return err
			}
			if err := w.f.AddDataValidation(sheet, dv); err != nil {
				return err
			}
		}
		row++
		return nil
	}
	for i := range kv.rows {
		c := &kv.rows[i]
		v := m
		for _, k := range strings.Split(c.key, ".") {
			if v != nil {
				v = get(v, k)
			}
		}
		if v == nil {
			if err := put(c, ""); err != nil {
				return err
			}
			continue
		}
		if v.Kind == yaml.SequenceNode {
			for _, it := range v.Content {
				if err := put(c, it.Value); err != nil {
					return err
				}
			}
			continue
		}
		if err := put(c, w.cellText(c, v)); err != nil {
			return err
		}
	}
	return nil
}

// daemon writes the daemon's settings as YAML text in one cell.
func (w *writer) daemon(sheet string, d *yaml.Node) error {
	cols := []column{{key: "daemon", vi: "Cấu hình máy chủ (YAML, cho người quản trị)", en: "Server settings (YAML, for the administrator)", width: 100}}
	if err := w.header(sheet, cols); err != nil {
		return err
	}
	text, err := yaml.Marshal(d)
	if err != nil {
		return err
	}
	return w.f.SetCellStr(sheet, "A2", string(text))
}
