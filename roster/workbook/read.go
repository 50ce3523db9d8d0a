package workbook

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"

	"dutyroster/roster"
)

// Read reads a plan workbook. It returns the plan, warnings for what it read but a person should
// know (a column it ignored, a phone number that had lost its leading 0), or a *roster.PlanErrors
// with every problem, each at its sheet and cell.
func Read(file string, data []byte) (*roster.Plan, []roster.Problem, error) {
	if err := checkFormat(file, data); err != nil {
		return nil, nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, nil, &roster.PlanErrors{File: file, Problems: []roster.Problem{roster.Problemf(file, 0, "", "the workbook cannot be read (%v); save it again from Excel or LibreOffice as an Excel Workbook (.xlsx)", err)}}
	}
	defer f.Close()
	r := &reader{file: file, f: f, where: []string{""}}
	root := r.plan()
	plan, perr := roster.ParsePlanTree(file, root, func(line int) string {
		if line > 0 && line < len(r.where) {
			return r.where[line]
		}
		return ""
	})
	var problems []roster.Problem
	if pe, ok := perr.(*roster.PlanErrors); ok {
		problems = pe.Problems
	} else if perr != nil {
		return nil, nil, perr
	}
	if len(r.problems) > 0 {
		// The reader's own word on a cell (a formula with no value, a phone in scientific form)
		// says more than what the parser then makes of that cell.
		mine := map[string]bool{}
		for _, p := range r.problems {
			mine[p.Where] = true
		}
		kept := r.problems
		for _, p := range problems {
			if !mine[p.Where] {
				kept = append(kept, p)
			}
		}
		problems = kept
		sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	}
	if len(problems) > 0 {
		return nil, r.warnings, &roster.PlanErrors{File: file, Problems: problems}
	}
	return plan, r.warnings, nil
}

// checkFormat refuses files that are not .xlsx, saying what to do.
func checkFormat(file string, data []byte) error {
	fail := func(format string, args ...any) error {
		return &roster.PlanErrors{File: file, Problems: []roster.Problem{roster.Problemf(file, 0, "", format, args...)}}
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return fail("this is an old Excel 97-2003 workbook (.xls); open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)")
	case bytes.HasPrefix(data, []byte("PK")) && bytes.Contains(data[:min(len(data), 200)], []byte("application/vnd.oasis.opendocument")):
		return fail("this is an OpenDocument spreadsheet (.ods); in LibreOffice choose File > Save As > Excel 2007-365 (.xlsx)")
	case !bytes.HasPrefix(data, []byte("PK")):
		return fail("this is not an Excel workbook (.xlsx); save the plan as .xlsx, or give a YAML plan file")
	}
	return nil
}

type reader struct {
	file     string
	f        *excelize.File
	where    []string // a node's line -> its cell ("Cán bộ!C7")
	problems []roster.Problem
	warnings []roster.Problem
}

// place records a cell and returns the line its nodes carry.
func (r *reader) place(sheet string, col, row int) int {
	ref, _ := excelize.CoordinatesToCellName(col, row)
	r.where = append(r.where, quoteSheet(sheet)+"!"+ref)
	return len(r.where) - 1
}

// quoteSheet writes a sheet name as a formula would, quoted when it has spaces.
func quoteSheet(s string) string { return s }

func (r *reader) errf(line int, format string, args ...any) {
	r.problems = append(r.problems, roster.Problemf(r.file, line, r.where[line], format, args...))
}

func (r *reader) warnf(line int, format string, args ...any) {
	r.warnings = append(r.warnings, roster.Problemf(r.file, line, r.where[line], format, args...))
}

// sheet finds a sheet by its Vietnamese or English name, loosely.
func (r *reader) sheet(vi, en string) string {
	for _, s := range r.f.GetSheetList() {
		if fold(s) == fold(vi) || fold(s) == fold(en) {
			return s
		}
	}
	return ""
}

// cleanCell trims spaces, non-breaking spaces included, and normalises to NFC.
func cleanCell(s string) string {
	s = strings.ReplaceAll(s, "\u00a0", " ")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return norm.NFC.String(strings.TrimSpace(s))
}

// cell is one non-empty cell read.
type cell struct {
	value string
	line  int
}

// rows reads a sheet: its header row (the row among the first five that names the most
// columns) and, for each later non-empty row, the cells under known headers.
func (r *reader) rows(sheet string, cols []column) (rows []map[string]cell, rowLines []int, sheetLine int) {
	sheetLine = r.place(sheet, 1, 1)
	// excelize's row iterator: a sheet of thousands of officers is read row by row, never held
	// whole; only the first five rows wait while the header row is chosen.
	it, err := r.f.Rows(sheet)
	if err != nil {
		r.errf(sheetLine, "the sheet cannot be read: %v", err)
		return nil, nil, sheetLine
	}
	defer it.Close()
	var all [][]string // the first rows, up to the header's choice
	next := func() ([]string, bool) {
		if !it.Next() {
			return nil, false
		}
		row, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			r.errf(sheetLine, "the sheet cannot be read: %v", err)
			return nil, false
		}
		return row, true
	}
	for len(all) < 5 {
		row, ok := next()
		if !ok {
			break
		}
		all = append(all, row)
	}
	headerRow, best := -1, 0
	for i := 0; i < len(all) && i < 5; i++ {
		n := 0
		for _, h := range all[i] {
			for c := range cols {
				if cols[c].matches(h) {
					n++
					break
				}
			}
		}
		if n > best {
			headerRow, best = i, n
		}
	}
	if headerRow < 0 {
		var names []string
		for _, c := range cols {
			names = append(names, c.vi)
		}
		r.errf(sheetLine, "no header row: the first row should name the columns (%s)", strings.Join(names, ", "))
		return nil, nil, sheetLine
	}
	byCol := map[int]*column{}
	seen := map[string]int{}
	for i, h := range all[headerRow] {
		h = cleanCell(h)
		if h == "" {
			continue
		}
		line := r.place(sheet, i+1, headerRow+1)
		var found *column
		for c := range cols {
			if cols[c].matches(h) {
				found = &cols[c]
			}
		}
		if found == nil {
			r.warnf(line, "column %q is not part of the plan; it was ignored", h)
			continue
		}
		if first, dup := seen[found.key]; dup {
			r.errf(line, "two columns are %q (the other is column %s)", h, colName(first))
			continue
		}
		seen[found.key] = i + 1
		byCol[i] = found
	}
	for ri := headerRow + 1; ; ri++ {
		var raws []string
		if ri < len(all) {
			raws = all[ri]
		} else if row, ok := next(); ok {
			raws = row
		} else {
			break
		}
		row := map[string]cell{}
		for ci, raw := range raws {
			col := byCol[ci]
			if col == nil {
				continue
			}
			v := cleanCell(raw)
			if v == "" {
				if formula, _ := r.f.GetCellFormula(sheet, mustName(ci+1, ri+1)); formula != "" {
					r.errf(r.place(sheet, ci+1, ri+1), "the formula =%s has no computed value; open the workbook in Excel or LibreOffice and save it again", formula)
				}
				continue
			}
			row[col.key] = cell{value: v, line: r.place(sheet, ci+1, ri+1)}
		}
		if len(row) == 0 {
			continue // an empty row, or trailing rows Excel keeps
		}
		// The row's own line: its leftmost cell, for problems about the row as a whole.
		line := r.place(sheet, firstCol(byCol)+1, ri+1)
		rows = append(rows, row)
		rowLines = append(rowLines, line)
	}
	return rows, rowLines, sheetLine
}

func firstCol(byCol map[int]*column) int {
	first := -1
	for c := range byCol {
		if first < 0 || c < first {
			first = c
		}
	}
	return max(first, 0)
}

func colName(n int) string {
	s, _ := excelize.ColumnNumberToName(n)
	return s
}

func mustName(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

// Nodes of the tree the parser reads.
func scalar(v, tag string, line int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v, Line: line}
}

func mapping(line int) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line}
}

func sequence(line int) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line}
}

func set(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, scalar(key, "!!str", v.Line), v)
}

// get returns the value of key in a mapping (nil when absent).
func get(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// setPath sets a dotted key ("signer.title") in a mapping, making the inner mappings.
func setPath(m *yaml.Node, path string, v *yaml.Node) {
	keys := strings.Split(path, ".")
	for _, k := range keys[:len(keys)-1] {
		inner := get(m, k)
		if inner == nil {
			inner = mapping(v.Line)
			set(m, k, inner)
		}
		m = inner
	}
	set(m, keys[len(keys)-1], v)
}

var (
	intRE    = regexp.MustCompile(`^-?\d+(\.0+)?$`)
	numberRE = regexp.MustCompile(`^-?\d+([.,]\d+)?$`)
	listSep  = regexp.MustCompile(`\s*[,;\n]\s*`)
)

// value turns a cell into the node the plan parser expects for the column.
func (r *reader) value(c *column, v cell) *yaml.Node {
	switch c.kind {
	case kList:
		seq := sequence(v.line)
		for _, item := range listSep.Split(v.value, -1) {
			if item == "" {
				continue
			}
			if c.key == "roles" || c.key == "backup_roles" {
				item, _ = roleEnum.value(item)
			}
			seq.Content = append(seq.Content, scalar(item, "!!str", v.line))
		}
		return seq
	case kInt:
		if intRE.MatchString(v.value) {
			return scalar(strings.SplitN(v.value, ".", 2)[0], "!!int", v.line)
		}
	case kNumber:
		if numberRE.MatchString(v.value) {
			s := strings.Replace(v.value, ",", ".", 1)
			tag := "!!int"
			if strings.Contains(s, ".") {
				tag = "!!float"
			}
			return scalar(s, tag, v.line)
		}
	case kBool:
		if b, ok := boolEnum.value(v.value); ok {
			return scalar(b, "!!bool", v.line)
		}
		if f := fold(v.value); f == "x" || f == "1" {
			return scalar("true", "!!bool", v.line)
		}
		if f := fold(v.value); f == "0" {
			return scalar("false", "!!bool", v.line)
		}
	case kEnum:
		s, _ := c.enum.value(v.value)
		return scalar(s, "!!str", v.line)
	case kPhone:
		return scalar(r.phone(v), "!!str", v.line)
	case kDate:
		return scalar(dateValue(v.value, false), "!!str", v.line)
	case kDateTime:
		return scalar(dateValue(v.value, true), "!!str", v.line)
	case kTime:
		return scalar(timeValue(v.value), "!!str", v.line)
	case kPattern:
		return scalar(pattern(v.value), "!!str", v.line)
	}
	return scalar(v.value, "!!str", v.line)
}

// phone reads a phone number. One typed into a number cell has lost its leading 0 (912345678):
// Vietnamese numbers start with 0, so the 0 is put back, with a warning to format the column
// as text; a number Excel turned into 9.12E+08 cannot be trusted and is an error.
func (r *reader) phone(v cell) string {
	s := v.value
	if strings.ContainsAny(s, "Ee") && numberRE.MatchString(strings.NewReplacer("E+", "", "e+", "", "E", "", "e", "").Replace(s)) {
		r.errf(v.line, "the phone number %s was stored as a number in scientific form; format the column as text and type it again", s)
		return s
	}
	if intRE.MatchString(s) && !strings.HasPrefix(s, "0") && !strings.HasPrefix(s, "-") {
		digits := strings.SplitN(s, ".", 2)[0]
		if len(digits) >= 8 && len(digits) <= 10 {
			r.warnf(v.line, "the phone number %s was stored as a number and lost its leading 0; read as 0%s (format the column as text)", digits, digits)
			return "0" + digits
		}
	}
	return s
}

var (
	dmyRE  = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2}):(\d{2}))?$`)
	isoRE  = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2}))?$`)
	hmRE   = regexp.MustCompile(`^(\d{1,2})[:hH](\d{2})$`)
	serial = regexp.MustCompile(`^\d+(\.\d+)?$`)
)

// dateValue writes a date cell the plan's way (2026-02-02, or 2026-02-10T13:30 with a time):
// from a date cell's serial number, dd/mm/yyyy or yyyy-mm-dd. Anything else is left as it is,
// for the parser to name.
func dateValue(s string, withTime bool) string {
	if serial.MatchString(s) && len(s) <= 12 {
		f, _ := strconv.ParseFloat(s, 64)
		if f >= 1 && f < 2958466 {
			t, err := excelize.ExcelDateToTime(f, false)
			if err == nil {
				t = t.Round(time.Minute)
				if withTime && (t.Hour() != 0 || t.Minute() != 0) {
					return t.Format("2006-01-02T15:04")
				}
				return t.Format("2006-01-02")
			}
		}
	}
	var y, m, d, hh, mm string
	if g := dmyRE.FindStringSubmatch(s); g != nil {
		d, m, y, hh, mm = g[1], g[2], g[3], g[4], g[5]
	} else if g := isoRE.FindStringSubmatch(s); g != nil {
		y, m, d, hh, mm = g[1], g[2], g[3], g[4], g[5]
	} else {
		return s
	}
	out := fmt.Sprintf("%s-%02s-%02s", y, m, d)
	out = strings.ReplaceAll(out, " ", "0")
	if hh != "" && withTime {
		out += fmt.Sprintf("T%02s:%s", hh, mm)
		out = strings.ReplaceAll(out, " ", "0")
	}
	return out
}

// timeValue writes a time the plan's way (07:30): from a time cell's fraction of a day, 7:30
// or 7h30.
func timeValue(s string) string {
	if serial.MatchString(s) && strings.HasPrefix(s, "0.") {
		f, _ := strconv.ParseFloat(s, 64)
		mins := int(f*24*60 + 0.5)
		return fmt.Sprintf("%02d:%02d", mins/60%24, mins%60)
	}
	if g := hmRE.FindStringSubmatch(s); g != nil {
		h, _ := strconv.Atoi(g[1])
		return fmt.Sprintf("%02d:%s", h, g[2])
	}
	return s
}

// days are the Vietnamese names of the weekdays, with their RRULE codes.
var days = []struct{ code, vi, short string }{
	{"MO", "thu hai", "t2"}, {"TU", "thu ba", "t3"}, {"WE", "thu tu", "t4"}, {"TH", "thu nam", "t5"},
	{"FR", "thu sau", "t6"}, {"SA", "thu bay", "t7"}, {"SU", "chu nhat", "cn"},
}

func dayIndex(s string) int {
	f := fold(s)
	for i, d := range days {
		if f == d.vi || f == d.short || f == strings.ToLower(d.code) {
			return i
		}
	}
	return -1
}

// pattern reads a repeat pattern: an RRULE as it is, or Vietnamese days: "hằng ngày",
// "thứ Hai đến thứ Sáu", "thứ Bảy, Chủ nhật", "thứ Năm".
func pattern(s string) string {
	if strings.Contains(strings.ToUpper(s), "FREQ=") {
		return s
	}
	f := fold(s)
	if f == "hang ngay" || f == "moi ngay" || f == "daily" {
		return "FREQ=DAILY"
	}
	var codes []string
	for _, part := range listSep.Split(s, -1) {
		if part == "" {
			continue
		}
		if ft := fold(part); strings.Contains(ft, " den ") {
			ends := strings.SplitN(ft, " den ", 2)
			a, b := dayIndex(ends[0]), dayIndex(ends[1])
			if a < 0 || b < 0 || b < a {
				return s
			}
			for i := a; i <= b; i++ {
				codes = append(codes, days[i].code)
			}
			continue
		}
		i := dayIndex(part)
		if i < 0 {
			return s
		}
		codes = append(codes, days[i].code)
	}
	if len(codes) == 0 {
		return s
	}
	return "FREQ=WEEKLY;BYDAY=" + strings.Join(codes, ",")
}

// keyValues reads a sheet of "item | value" rows into a mapping.
func (r *reader) keyValues(kv *keyValue, into *yaml.Node) {
	sheet := r.sheet(kv.vi, kv.en)
	if sheet == "" {
		return
	}
	sheetLine := r.place(sheet, 1, 1)
	all, err := r.f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		r.errf(sheetLine, "the sheet cannot be read: %v", err)
		return
	}
	lists := map[string]*yaml.Node{}
	for ri, row := range all {
		if len(row) == 0 {
			continue
		}
		item := cleanCell(row[0])
		value := ""
		if len(row) > 1 {
			value = cleanCell(row[1])
		}
		if item == "" || (ri == 0 && (fold(item) == "muc" || fold(item) == "item")) {
			continue // the header row
		}
		var col *column
		for i := range kv.rows {
			if kv.rows[i].matches(item) {
				col = &kv.rows[i]
			}
		}
		line := r.place(sheet, 1, ri+1)
		if col == nil {
			var names []string
			for _, c := range kv.rows {
				names = append(names, c.vi)
			}
			r.errf(line, "unknown item %q; the items are: %s", item, strings.Join(names, ", "))
			continue
		}
		if value == "" {
			if formula, _ := r.f.GetCellFormula(sheet, mustName(2, ri+1)); formula != "" {
				r.errf(r.place(sheet, 2, ri+1), "the formula =%s has no computed value; open the workbook in Excel or LibreOffice and save it again", formula)
			}
			continue
		}
		v := cell{value: value, line: r.place(sheet, 2, ri+1)}
		if col.kind == kList {
			// One item per row: the rows make the list.
			seq := lists[col.key]
			if seq == nil {
				seq = sequence(v.line)
				lists[col.key] = seq
				setPath(into, col.key, seq)
			}
			seq.Content = append(seq.Content, scalar(value, "!!str", v.line))
			continue
		}
		if existing := get(into, col.key); existing != nil && !strings.Contains(col.key, ".") {
			r.errf(v.line, "%q is given twice", item)
			continue
		}
		setPath(into, col.key, r.value(col, v))
	}
}

// plan reads every sheet into the tree of a plan file.
func (r *reader) plan() *yaml.Node {
	root := mapping(0)
	set(root, "version", scalar("1", "!!int", 0))
	if r.sheet(centerSheet.vi, centerSheet.en) != "" {
		center := mapping(r.place(r.sheet(centerSheet.vi, centerSheet.en), 1, 1))
		r.keyValues(&centerSheet, center)
		set(root, "center", center)
	}
	items := map[string]*yaml.Node{} // "officers" -> the list
	ids := map[string]map[string]*yaml.Node{}
	for _, t := range []*table{&areasTable, &officersTable, &postsTable} {
		sheet := r.sheet(t.vi, t.en)
		if sheet == "" {
			continue
		}
		rows, lines, sheetLine := r.rows(sheet, t.cols)
		seq := sequence(sheetLine)
		ids[t.en] = map[string]*yaml.Node{}
		for i, row := range rows {
			m := mapping(lines[i])
			for _, c := range t.cols {
				if v, ok := row[c.key]; ok {
					set(m, c.key, r.value(&c, v))
				}
			}
			if id, ok := row["id"]; ok {
				ids[t.en][id.value] = m
			}
			seq.Content = append(seq.Content, m)
		}
		key := strings.ToLower(t.en)
		items[key] = seq
		set(root, key, seq)
	}
	// Rows that belong to an officer (leave) or a post (shifts, contacts).
	for _, t := range []*table{&leaveTable, &shiftsTable, &contactsTable} {
		sheet := r.sheet(t.vi, t.en)
		if sheet == "" {
			continue
		}
		owners := ids["Officers"]
		ownerSheet := officersTable.vi
		if t.parent == "posts" {
			owners, ownerSheet = ids["Posts"], postsTable.vi
		}
		rows, lines, _ := r.rows(sheet, t.cols)
		for i, row := range rows {
			ownerKey := t.cols[0].key
			ref, ok := row[ownerKey]
			if !ok {
				r.errf(lines[i], "the row names no %s (column %q)", strings.ToLower(t.cols[0].en), t.cols[0].vi)
				continue
			}
			owner := owners[ref.value]
			if owner == nil && t.parent == "officers" {
				owner = r.officerByName(owners, ref)
				if owner == nil {
					continue
				}
			}
			if owner == nil {
				r.errf(ref.line, "%q is not on the sheet %q", ref.value, ownerSheet)
				continue
			}
			m := mapping(lines[i])
			for _, c := range t.cols[1:] {
				if v, ok := row[c.key]; ok {
					set(m, c.key, r.value(&c, v))
				}
			}
			list := get(owner, t.child)
			if list == nil {
				list = sequence(lines[i])
				set(owner, t.child, list)
			}
			list.Content = append(list.Content, m)
		}
	}
	rules := mapping(0)
	r.keyValues(&rulesSheet, rules)
	holidays := get(rules, "holidays")
	if holidays != nil {
		// holidays.calendar sits with the rules in the workbook, apart in the plan file.
		for i := 0; i+1 < len(rules.Content); i += 2 {
			if rules.Content[i].Value == "holidays" {
				rules.Content = append(rules.Content[:i], rules.Content[i+2:]...)
				break
			}
		}
	}
	if len(rules.Content) > 0 {
		set(root, "rules", rules)
	}
	if sheet := r.sheet(holidaysTable.vi, holidaysTable.en); sheet != "" {
		rows, lines, sheetLine := r.rows(sheet, holidaysTable.cols)
		if holidays == nil {
			holidays = mapping(sheetLine)
		}
		add, remove := sequence(sheetLine), sequence(sheetLine)
		for i, row := range rows {
			action := "add"
			if a, ok := row["action"]; ok {
				v, known := actionEnum.value(a.value)
				if !known {
					r.errf(a.line, "%q: write %q or %q", a.value, actionEnum.vi[0], actionEnum.vi[1])
					continue
				}
				action = v
			}
			date, ok := row["date"]
			if !ok {
				r.errf(lines[i], "the row has no date")
				continue
			}
			if action == "remove" {
				remove.Content = append(remove.Content, scalar(dateValue(date.value, false), "!!str", date.line))
				continue
			}
			m := mapping(lines[i])
			set(m, "date", scalar(dateValue(date.value, false), "!!str", date.line))
			if n, ok := row["name"]; ok {
				set(m, "name", scalar(n.value, "!!str", n.line))
			}
			add.Content = append(add.Content, m)
		}
		if len(add.Content) > 0 {
			set(holidays, "add", add)
		}
		if len(remove.Content) > 0 {
			set(holidays, "remove", remove)
		}
	}
	if holidays != nil {
		set(root, "holidays", holidays)
	}
	if sheet := r.sheet(daemonSheet.vi, daemonSheet.en); sheet != "" {
		r.daemon(sheet, root)
	}
	return root
}

// officerByName finds the officer a leave row names by full name, loosely (case and diacritics
// aside); it reports an unknown or ambiguous name.
func (r *reader) officerByName(owners map[string]*yaml.Node, ref cell) *yaml.Node {
	var found []*yaml.Node
	var names []string
	for _, m := range owners {
		if n := get(m, "name"); n != nil && fold(n.Value) == fold(ref.value) {
			found = append(found, m)
			names = append(names, get(m, "id").Value)
		}
	}
	switch len(found) {
	case 1:
		return found[0]
	case 0:
		r.errf(ref.line, "no officer has the id or name %q on the sheet %q", ref.value, officersTable.vi)
	default:
		sort.Strings(names)
		r.errf(ref.line, "%d officers are called %q (%s); give the id instead", len(found), ref.value, strings.Join(names, ", "))
	}
	return nil
}

// daemon reads the daemon's settings, kept as YAML text in one cell (they are for whoever runs
// the server, not for the coordinator).
func (r *reader) daemon(sheet string, root *yaml.Node) {
	all, err := r.f.GetRows(sheet)
	if err != nil || len(all) < 2 || len(all[1]) == 0 || strings.TrimSpace(all[1][0]) == "" {
		return
	}
	line := r.place(sheet, 1, 2)
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(all[1][0]), &doc); err != nil {
		r.errf(line, "the daemon settings are not valid YAML: %v", err)
		return
	}
	if len(doc.Content) == 0 {
		return
	}
	var relabel func(n *yaml.Node)
	relabel = func(n *yaml.Node) {
		n.Line = line
		for _, c := range n.Content {
			relabel(c)
		}
	}
	relabel(doc.Content[0])
	set(root, "daemon", doc.Content[0])
}

// LeaveRow is one row of a leave sheet, read but not yet checked: the officer (an id or a full
// name), from, to (dates, or dates and times, in the plan's form) and the reason, with where
// each was (Where["from"] = "Nghỉ!B3").
type LeaveRow struct {
	Officer, From, To, Reason string
	Row                       string // the row, for problems about it as a whole
	Where                     map[string]string
}

// ReadLeave reads the rows of a leave sheet: a workbook's sheet "Nghỉ" (or its only sheet), or a
// CSV file with the same headers (Cán bộ, Từ, Đến, Lý do; or officer, from, to, reason).
func ReadLeave(file string, data []byte) ([]LeaveRow, []roster.Problem, error) {
	if strings.HasSuffix(strings.ToLower(file), ".csv") {
		return readLeaveCSV(file, data)
	}
	if err := checkFormat(file, data); err != nil {
		return nil, nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, nil, &roster.PlanErrors{File: file, Problems: []roster.Problem{roster.Problemf(file, 0, "", "the workbook cannot be read (%v); save it again as an Excel Workbook (.xlsx)", err)}}
	}
	defer f.Close()
	r := &reader{file: file, f: f, where: []string{""}}
	sheet := r.sheet(leaveTable.vi, leaveTable.en)
	if sheet == "" {
		if list := f.GetSheetList(); len(list) == 1 {
			sheet = list[0]
		} else {
			return nil, nil, &roster.PlanErrors{File: file, Problems: []roster.Problem{roster.Problemf(file, 0, "", "no sheet %q; the leave sheet is called %q, or is the workbook's only sheet", leaveTable.vi, leaveTable.vi)}}
		}
	}
	rows, lines, _ := r.rows(sheet, leaveTable.cols)
	var out []LeaveRow
	for i, row := range rows {
		lr := LeaveRow{Row: r.where[lines[i]], Where: map[string]string{}}
		for key, c := range row {
			v := c.value
			switch key {
			case "from", "to":
				v = dateValue(v, true)
			}
			lr.Where[key] = r.where[c.line]
			switch key {
			case "officer":
				lr.Officer = v
			case "from":
				lr.From = v
			case "to":
				lr.To = v
			case "reason":
				lr.Reason = v
			default:
				r.errf(c.line, "a leave sheet has the columns %s, %s, %s and %s; recurring leave goes in the plan", leaveTable.cols[0].vi,
					leaveTable.cols[1].vi, leaveTable.cols[2].vi, leaveTable.cols[6].vi)
			}
		}
		out = append(out, lr)
	}
	if len(r.problems) > 0 {
		return nil, r.warnings, &roster.PlanErrors{File: file, Problems: r.problems}
	}
	return out, r.warnings, nil
}

// readLeaveCSV reads a leave sheet saved as CSV (UTF-8, a byte-order mark allowed; commas or
// semicolons, as Excel writes with Vietnamese settings). Places are written as a spreadsheet
// names cells: C7.
func readLeaveCSV(file string, data []byte) ([]LeaveRow, []roster.Problem, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	fail := func(format string, args ...any) ([]LeaveRow, []roster.Problem, error) {
		return nil, nil, &roster.PlanErrors{File: file, Problems: []roster.Problem{roster.Problemf(file, 0, "", format, args...)}}
	}
	if !utf8Valid(data) {
		return fail("the file is not UTF-8 text; in Excel save it as \"CSV UTF-8 (Comma delimited)\"")
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	sep := ','
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		sep = ';'
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes = sep, -1, true
	records, err := cr.ReadAll()
	if err != nil {
		return fail("the CSV cannot be read: %v", err)
	}
	if len(records) == 0 {
		return fail("the file is empty")
	}
	cols := map[int]*column{}
	for i, h := range records[0] {
		for c := range leaveTable.cols {
			if leaveTable.cols[c].matches(cleanCell(h)) {
				cols[i] = &leaveTable.cols[c]
			}
		}
	}
	var out []LeaveRow
	for ri, rec := range records[1:] {
		lr := LeaveRow{Row: mustName(1, ri+2), Where: map[string]string{}}
		empty := true
		for ci, raw := range rec {
			c := cols[ci]
			v := cleanCell(raw)
			if c == nil || v == "" {
				continue
			}
			empty = false
			lr.Where[c.key] = mustName(ci+1, ri+2)
			switch c.key {
			case "officer":
				lr.Officer = v
			case "from":
				lr.From = dateValue(v, true)
			case "to":
				lr.To = dateValue(v, true)
			case "reason":
				lr.Reason = v
			}
		}
		if !empty {
			out = append(out, lr)
		}
	}
	return out, nil, nil
}

func utf8Valid(b []byte) bool { return utf8.Valid(b) }
