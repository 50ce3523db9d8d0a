package export

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"time"

	"github.com/xuri/excelize/v2"

	"dutyroster/roster"
)

// XLSXEncoder writes the official Excel roster: a Vietnamese administrative document laid out
// per Decree 30/2020/NĐ-CP (appendix I), with a day-by-day grid and, in the Center's own file,
// a per-officer summary and the unfilled places. Every sheet is laid out for A4 paper: the
// encoder measures the text of every cell, chooses the orientation and scale so that nothing
// prints below 11 pt, and places the page breaks itself.
type XLSXEncoder struct{ w io.Writer }

// NewXLSXEncoder returns an encoder writing to w.
func NewXLSXEncoder(w io.Writer) *XLSXEncoder { return &XLSXEncoder{w: w} }

const (
	fontName = "Times New Roman"
	fontSize = 13 // the body text (Decree 30: 13-14 pt)
	// smallSize is the smallest type of the roster sheet ("Nơi nhận" and its list, the
	// Quốc hiệu), which sets the smallest scale the sheet may print at.
	smallSize = 12
)

// shades of rows.
const (
	shadeWeekend = "DDEBF7"
	shadeHoliday = "FCE4D6"
	shadeHeader  = "D9D9D9"
)

// vnNumber and vnDecimal print numbers the Vietnamese way (1.234 and 12,50) whatever the
// reader's own settings: [$-42A] is the Vietnamese locale.
const (
	vnNumber  = "[$-42A]#,##0"
	vnDecimal = "[$-42A]#,##0.00"
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
	valign                                     string // top, center (default)
	fill                                       string
	numFmt                                     string
}

func (sp styleSpec) fontSize() float64 {
	if sp.size == 0 {
		return fontSize
	}
	return sp.size
}

func (s *styler) get(sp styleSpec) int {
	if id, ok := s.cache[sp]; ok {
		return id
	}
	id := s.make(sp)
	s.cache[sp] = id
	return id
}

// make registers a new style (apart from get, so that get's argument stays on the stack).
func (s *styler) make(sp styleSpec) int {
	valign := sp.valign
	if valign == "" {
		valign = "center"
	}
	st := &excelize.Style{
		Font:      &excelize.Font{Family: fontName, Size: sp.fontSize(), Bold: sp.bold, Italic: sp.italic},
		Alignment: &excelize.Alignment{Horizontal: sp.align, Vertical: valign, WrapText: sp.wrap},
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
	return id
}

// Encode writes the document as an .xlsx workbook.
func (e *XLSXEncoder) Encode(d *Document) error {
	f := excelize.NewFile()
	defer f.Close()
	// Column widths are counted in digits of the default font: make it one every reader has
	// (or a metric twin of), so that the widths print as planned.
	if err := f.SetDefaultFont(fontName); err != nil {
		return err
	}
	st := &styler{f: f, cache: map[styleSpec]int{}}
	t := d.text()
	rows := d.rows()
	if err := f.SetSheetName("Sheet1", t.rosterSheet); err != nil {
		return err
	}
	if err := writeRosterSheet(f, st, d, rows); err != nil {
		return fmt.Errorf("roster sheet: %w", err)
	}
	// The day grid compares posts side by side: a single post's file has nothing to compare.
	if d.PostID == "" && gridPosts(d, rows) > 1 {
		if err := writeCalendarSheet(f, st, d, rows); err != nil {
			return fmt.Errorf("calendar sheet: %w", err)
		}
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
	if len(d.Changes) > maxChangeLines {
		if err := writeChangesSheet(f, st, d); err != nil {
			return fmt.Errorf("changes sheet: %w", err)
		}
	}
	if st.err != nil {
		return st.err
	}
	// The document's properties carry its own date, not the moment it was written: exporting
	// the same version twice gives the same bytes.
	stamp := d.Date.In(time.UTC).Format("2006-01-02T15:04:05Z")
	props := &excelize.DocProperties{Title: d.titleText(), Creator: d.Plan.Center.Name, LastModifiedBy: d.Plan.Center.Name,
		Created: stamp, Modified: stamp, Language: map[bool]string{true: "en-US", false: "vi-VN"}[d.en()]}
	if d.Roster.Digest != "" {
		// The published version's digest: `dutyroster verify` proves the stored version still matches.
		props.Identifier = "sha256:" + d.Roster.Digest
		props.Description = fmt.Sprintf("%s %d, SHA-256 %s", d.Roster.Month, d.Roster.Version, d.Roster.Digest)
	}
	if err := f.SetDocProps(props); err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return err
	}
	out, err := canonicalPackage(buf.Bytes())
	if err != nil {
		return err
	}
	_, err = e.w.Write(out)
	return err
}

var defaultType = regexp.MustCompile(`<Default [^>]*></Default>`)

// canonicalPackage puts the package in one order: excelize writes the parts, and the image
// types of the file-type list once a sheet has a drawing, in map order, and the same document
// must give the same bytes. The file-type list goes first, then the parts by name.
func canonicalPackage(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	parts := slices.Clone(zr.File)
	sort.Slice(parts, func(i, j int) bool {
		a, b := parts[i].Name, parts[j].Name
		if (a == "[Content_Types].xml") != (b == "[Content_Types].xml") {
			return a == "[Content_Types].xml"
		}
		return a < b
	})
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range parts {
		if zf.Name != "[Content_Types].xml" {
			// Copied as compressed: no part is inflated and deflated again.
			raw, err := zf.OpenRaw()
			if err != nil {
				return nil, err
			}
			fh := zf.FileHeader
			w, err := zw.CreateRaw(&fh)
			if err != nil {
				return nil, err
			}
			if _, err := io.Copy(w, raw); err != nil {
				return nil, err
			}
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		types := defaultType.FindAll(body, -1)
		sort.Slice(types, func(i, j int) bool { return bytes.Compare(types[i], types[j]) < 0 })
		i := 0
		body = defaultType.ReplaceAllFunc(body, func([]byte) []byte { i++; return types[i-1] })
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// setupPage prints a sheet on A4 at the chosen orientation and scale with the Decree 30 margins;
// page numbers stand at the top centre from page 2 on, and a draft says so on every page.
func setupPage(f *excelize.File, d *Document, sheet string, p pageSpec) error {
	size, orient := 9, "portrait" // 9 = A4
	if p.landscape {
		orient = "landscape"
	}
	scale := uint(p.scale)
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, AdjustTo: &scale}); err != nil {
		return err
	}
	fit := false
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	mm := func(v float64) *float64 { x := v / 25.4; return &x }
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Top: mm(marginTopMM), Bottom: mm(marginBottomMM),
		Left: mm(marginLeftMM), Right: mm(marginRightMM), Header: mm(headerMarginMM), Footer: mm(headerMarginMM)}); err != nil {
		return err
	}
	number := "&C&\"" + fontName + ",Regular\"&13&P"
	hf := &excelize.HeaderFooterOptions{DifferentFirst: true, OddHeader: number}
	if d.Roster.Status != roster.StatusPublished {
		mark := "&R&\"" + fontName + ",Bold\"&14&KC00000" + d.text().draft
		hf.OddHeader += mark
		hf.FirstHeader = mark
	}
	return f.SetHeaderFooter(sheet, hf)
}

func name(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

// xcell is one cell of a laid-out sheet: its text, its style and how many columns it spans.
type xcell struct {
	col   int // 1-based
	span  int // merged columns; 0 or 1 = just this one
	value any
	style styleSpec
}

// xrow is one row of a laid-out sheet.
type xrow struct {
	cells  []xcell
	height float64 // points; 0 = measured from the cells
	min    float64 // the least height, for spacing rows
}

// sheetLayout is the columns and page of a sheet, and measures rows against them.
type sheetLayout struct {
	widths []float64 // spreadsheet width units
	page   pageSpec
}

func (l *sheetLayout) spanPt(col, span int) float64 {
	w := 0.0
	for i := col; i < col+max(span, 1) && i <= len(l.widths); i++ {
		w += l.widths[i-1] * unitPt
	}
	return w
}

// measure sets a row's height from the lines its cells take.
func (l *sheetLayout) measure(r *xrow) {
	if r.height > 0 {
		return
	}
	h := r.min
	for _, c := range r.cells {
		s, ok := c.value.(string)
		if !ok {
			s = "0"
		}
		size := c.style.fontSize()
		lines := 1
		if c.style.wrap {
			lines = wrapLines(s, l.spanPt(c.col, c.span)-cellPad, size, c.style.bold)
		}
		h = max(h, float64(lines)*size*lineSpacing+4)
	}
	r.height = h
}

// write streams the rows to a sheet, with page breaks before the given rows (0-based indexes).
func (l *sheetLayout) write(sw *excelize.StreamWriter, st *styler, rows []xrow, breaks []int) error {
	// Runs of equal widths in one call: excelize flattens its column list on every call, which
	// for a grid of hundreds of posts one at a time costs seconds.
	for from := 0; from < len(l.widths); {
		to := from
		for to+1 < len(l.widths) && l.widths[to+1] == l.widths[from] {
			to++
		}
		if err := sw.SetColWidth(from+1, to+1, l.widths[from]); err != nil {
			return err
		}
		from = to + 1
	}
	brk := map[int]bool{}
	for _, b := range breaks {
		brk[b] = true
	}
	for i := range rows {
		r := &rows[i]
		l.measure(r)
		vals := make([]any, len(l.widths))
		for _, c := range r.cells {
			sid := st.get(c.style)
			vals[c.col-1] = excelize.Cell{StyleID: sid, Value: c.value}
			// A merged range prints the borders of all its cells: give them the same style.
			for k := 1; k < c.span; k++ {
				vals[c.col-1+k] = excelize.Cell{StyleID: sid}
			}
		}
		ref := name(1, i+1)
		if err := sw.SetRow(ref, vals, excelize.RowOpts{Height: r.height}); err != nil {
			return err
		}
		for _, c := range r.cells {
			if c.span > 1 {
				if err := sw.MergeCell(name(c.col, i+1), name(c.col+c.span-1, i+1)); err != nil {
					return err
				}
			}
		}
		if brk[i] {
			if err := sw.InsertPageBreak(ref); err != nil {
				return err
			}
		}
	}
	return sw.Flush()
}

// paginate places page breaks in a sheet of a header block, a table (its column titles at row
// index title, repeated on every page) and a closing block from row closing on: every page is
// filled as far as it goes, and the closing block is never alone on a page, nor split. It
// returns the indexes of the rows that start a new page.
func paginate(rows []xrow, title, closing int, pageH float64) []int {
	pageH *= pageFill
	titleH := rows[title].height
	var breaks []int
	used, start := 0.0, 0 // start: the first table row of the current page
	for i := 0; i < closing; i++ {
		h := rows[i].height
		if i > title && used+h > pageH && i > start {
			breaks = append(breaks, i)
			used, start = titleH, i
		}
		if i == title {
			start = i + 1
		}
		used += h
	}
	closingH := 0.0
	for _, r := range rows[closing:] {
		closingH += r.height
	}
	if used+closingH <= pageH {
		return breaks
	}
	// Take the last table rows over with the closing block: two when they fit, else one, and
	// never all the rows of the page.
	onPage := closing - start
	for m := min(2, onPage-1); m >= 1; m-- {
		moved := 0.0
		for _, r := range rows[closing-m : closing] {
			moved += r.height
		}
		if titleH+moved+closingH <= pageH {
			return append(breaks, closing-m)
		}
	}
	// Not even one row fits beside the closing block: it starts a page, which only a
	// closing block taller than a page can bring about.
	return append(breaks, closing)
}
