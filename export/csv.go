package export

import (
	"encoding/csv"
	"io"
	"regexp"
	"strconv"
	"strings"

	"dutyroster/roster"
)

// CSVEncoder writes one row per assignment: UTF-8 with a byte-order mark (so that Excel shows
// Vietnamese correctly), RFC 4180 quoting, and cells that a spreadsheet could take for a
// formula neutralised.
type CSVEncoder struct{ w io.Writer }

// NewCSVEncoder returns an encoder writing to w.
func NewCSVEncoder(w io.Writer) *CSVEncoder { return &CSVEncoder{w: w} }

// CSVHeader names the columns.
var CSVHeader = []string{"month", "version", "status", "date", "weekday", "start", "end", "post_id", "post_name", "shift_id", "shift_label",
	"mode", "role", "officer_id", "officer_name", "position", "phone", "digest"}

// CSVWriter writes CSV that a spreadsheet opens right: UTF-8 with a byte-order mark (so that
// Excel shows Vietnamese correctly), RFC 4180 quoting with CRLF, formulas neutralised and
// control characters dropped. Every CSV dutyroster writes goes through it.
type CSVWriter struct {
	w       io.Writer
	cw      *csv.Writer
	started bool
	err     error
}

// NewCSVWriter returns a CSVWriter writing to w.
func NewCSVWriter(w io.Writer) *CSVWriter {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &CSVWriter{w: w, cw: cw}
}

// Write writes one record.
func (c *CSVWriter) Write(rec []string) error {
	if c.err != nil {
		return c.err
	}
	if !c.started {
		c.started = true
		if _, c.err = io.WriteString(c.w, "\ufeff"); c.err != nil {
			return c.err
		}
	}
	out := make([]string, len(rec))
	for i, s := range rec {
		out[i] = Neutralise(roster.StripControl(s))
	}
	c.err = c.cw.Write(out)
	return c.err
}

// Flush writes what is buffered and returns the first error.
func (c *CSVWriter) Flush() error {
	if c.err != nil {
		return c.err
	}
	c.cw.Flush()
	return c.cw.Error()
}

// Neutralise keeps a cell from being read as a formula: a cell that begins with =, +, -, @,
// a tab or a carriage return gets a leading apostrophe (OWASP's advice for CSV injection). A
// plain negative number ("-0.14", a deviation) is no formula and stays a number a spreadsheet
// can add up.
func Neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) && !plainNumber.MatchString(s) {
		return "'" + s
	}
	return s
}

var plainNumber = regexp.MustCompile(`^-[0-9]+(\.[0-9]+)?$`)

// Encode writes the document's assignments.
func (e *CSVEncoder) Encode(d *Document) error {
	cw := NewCSVWriter(e.w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	t := d.text()
	loc := d.location()
	r := d.Roster
	for _, a := range r.Assignments {
		start, end := a.Start.In(loc), a.End.In(loc)
		postName, shiftLabel, mode := a.PostID, a.ShiftID, ""
		if p := d.post(a.PostID); p != nil {
			postName = p.Name
			for _, s := range p.Shifts {
				if s.ID == a.ShiftID {
					shiftLabel, mode = s.Label, string(s.Mode)
				}
			}
		}
		name, role, phone := a.OfficerID, "", ""
		if o := d.officer(a.OfficerID); o != nil {
			name, role, phone = o.Name, t.roles[o.Role], o.Phone
		}
		rec := []string{r.Month.String(), strconv.Itoa(r.Version), r.Status, start.Format("2006-01-02"), t.weekdays[start.Weekday()],
			start.Format(rfc3339), end.Format(rfc3339), a.PostID, postName, a.ShiftID, shiftLabel, mode, string(a.Role), a.OfficerID, name,
			role, phone, r.Digest}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	return cw.Flush()
}
