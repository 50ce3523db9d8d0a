package app

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/tabwriter"
	"time"

	"dutyroster/export"
	"dutyroster/roster"
	"dutyroster/roster/msg"
)

// cellWords are the values of listings that are words of the program (statuses, roles, kinds),
// said in the reader's language in a table; CSV and JSON keep them as keys.
var cellWords = map[string]bool{"published": true, "draft": true, "generated": true, "amendment": true, "revert": true,
	"duty": true, "backup": true, "(all)": true, "true": true, "false": true, "legal_aid_officer": true, "lawyer": true,
	"collaborator": true, "support": true, "in_person": true, "phone": true, "balanced": true, "rotation": true,
	"court": true, "investigation": true, "detention": true, "other": true, "days": true, "window": true, "plan": true,
	"command line": true, "added": true, "updated": true, "deactivated": true, "reactivated": true, "holiday": true,
	"substitute": true, "ok": true, "failed": true, "running": true, "abandoned": true, "interrupted": true, "skipped": true, "pending": true,
	"sent": true, "cancelled": true, "post": true, "officer": true, "center": true, "never": true,
	"fixed": true, "lunar": true, "id": true, "name": true, "role": true, "areas": true, "share": true, "max_per_month": true,
	"source": true, "email": true, "none": true}

// cellVI writes a table cell for a Vietnamese reader: dates dd/mm/yyyy, times in the hour they
// were written with (the Center's), a decimal comma, the program's words in Vietnamese; CSV and
// JSON keep the values. Only a cell that begins with a digit or a sign can be a number or a date,
// so the patterns are tried on those alone (a month's table has hundreds of thousands of cells).
func cellVI(lang msg.Lang, c string) string {
	if c == "" {
		return c
	}
	if b := c[0]; b >= '0' && b <= '9' || b == '-' {
		switch {
		case isoDate.MatchString(c):
			return c[8:10] + "/" + c[5:7] + "/" + c[0:4]
		case isoTime.MatchString(c):
			if t, err := time.Parse(time.RFC3339, c); err == nil {
				return t.Format("02/01/2006 15:04")
			}
		case decimal.MatchString(c):
			return strings.Replace(c, ".", ",", 1)
		}
		return c
	}
	if cellWords[c] {
		return lang.T(c)
	}
	return c
}

// isoDate and isoTime are dates and times as CSV and JSON write them.
var (
	isoDate = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	isoTime = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}(Z|[+-][0-9]{2}:[0-9]{2})$`)
)

// decimal is a number with a fraction, as the listings write it.
var decimal = regexp.MustCompile(`^-?[0-9]+\.[0-9]+$`)

// Table is a listing: rows of strings for people and CSV, plus the value JSON encodes. Every
// listing of the command line is built by a use case as a Table, so that what it shows is decided
// here and the front ends only choose a format.
type Table struct {
	Header []string
	Rows   [][]string
	JSON   any
}

// Write prints the table in the chosen format: table (aligned), json (indented, the stable
// contract for scripts) or csv (RFC 4180, as every CSV of dutyroster: see export.CSVWriter).
func (l *Table) Write(lang msg.Lang, w io.Writer, format string) error {
	switch format {
	case "json":
		return WriteJSON(w, l.JSON)
	case "csv":
		cw := export.NewCSVWriter(w)
		cw.Write(l.Header)
		for _, r := range l.Rows {
			cw.Write(r)
		}
		return cw.Flush()
	default:
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		heads := upper(l.Header)
		for i, h := range heads {
			heads[i] = lang.T(h) // the column's name for people; CSV and JSON keep the keys
		}
		fmt.Fprintln(tw, strings.Join(heads, "\t"))
		for _, r := range l.Rows {
			cells := cleanCells(r)
			if lang == msg.VI {
				for i, c := range cells {
					cells[i] = cellVI(lang, c)
				}
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		}
		return tw.Flush()
	}
}

// WriteJSON writes v as the listings' JSON: indented, with no HTML escaping.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func upper(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strings.ToUpper(x)
	}
	return out
}

// cleanCells keeps tabs and newlines in data from breaking the table.
func cleanCells(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		x = roster.StripControl(strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(x))
		if x == "" {
			x = "-"
		}
		out[i] = x
	}
	return out
}
