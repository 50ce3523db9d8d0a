package main

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

func TestExportCommand(t *testing.T) {
	c := withSample(t)
	c.ok("generate", "--month", "2026-12")
	t.Chdir(c.dir)
	out := c.ok("export", "--month", "2026-12", "--format", "xlsx")
	if out != "wrote lich-truc-2026-12.xlsx: 2026-12 version 1 (draft), 328 assignments, 0 unfilled places\n" {
		t.Errorf("export said %q", out)
	}
	fi, err := os.Stat(filepath.Join(c.dir, "lich-truc-2026-12.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %o, want 644", fi.Mode().Perm())
	}
	f, err := excelize.OpenFile(filepath.Join(c.dir, "lich-truc-2026-12.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if !sheetHas(t, f, "Lịch trực", "DỰ THẢO") || !sheetHas(t, f, "Lịch trực", "Bản số 1") {
		t.Error("a draft export is not marked DỰ THẢO with its version")
	}
	f.Close()
	// Split by post: one file per post plus the Center's.
	out = c.ok("export", "--month", "2026-12", "--format", "xlsx", "--split-by", "post", "--out", "posts")
	files := listDir(t, filepath.Join(c.dir, "posts"))
	if len(files) != 16 || files[0] != "lich-truc-2026-12-andt-tinh.xlsx" || !strings.Contains(out, "lich-truc-2026-12-tand-tinh.xlsx: Tòa án nhân dân tỉnh Đồng Tháp:") {
		t.Errorf("split wrote %v\n%s", files, out)
	}
	g, err := excelize.OpenFile(filepath.Join(c.dir, "posts", "lich-truc-2026-12-tand-tinh.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := g.GetRows("Lịch trực")
	n, start := 0, 0
	for i, r := range rows {
		if len(r) > 0 && r[0] == "STT" {
			start = i + 1
		}
	}
	for _, r := range rows[start:] {
		if len(r) < 5 || r[0] != strconv.Itoa(n+1) {
			break // the table ends where the numbering does
		}
		n++
	}
	if n != 33 {
		t.Errorf("tand-tinh's file has %d slot rows, want 33", n)
	}
	if !sheetHas(t, g, "Lịch trực", "Kính gửi: Tòa án nhân dân tỉnh Đồng Tháp") {
		t.Error("the post's file is not addressed to it")
	}
	g.Close()
	// Other formats, --out as a file and as standard output.
	c.ok("export", "--month", "2026-12", "--format", "csv", "--out", filepath.Join(c.dir, "roster.csv"))
	if data, _ := os.ReadFile(filepath.Join(c.dir, "roster.csv")); !bytes.HasPrefix(data, []byte("\ufeffmonth,version")) {
		t.Errorf("csv starts %q", data[:20])
	}
	js := c.ok("export", "--month", "2026-12", "--format", "json", "--out", "-")
	if js != c.ok("roster", "show", "--month", "2026-12", "-o", "json") {
		t.Error("export json differs from roster show json")
	}
	c.ok("export", "--month", "2026-12", "--format", "ics", "--officer", "tgv-02")
	if data, _ := os.ReadFile(filepath.Join(c.dir, "lich-truc-2026-12-tgv-02.ics")); !bytes.Contains(data, []byte("BEGIN:VCALENDAR")) {
		t.Error("no calendar written")
	}
	// The English document.
	c.ok("export", "--month", "2026-12", "--format", "xlsx", "--lang", "en", "--out", "en.xlsx")
	h, err := excelize.OpenFile(filepath.Join(c.dir, "en.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if !sheetHas(t, h, "Roster", "DRAFT") {
		t.Error("no English draft mark")
	}
	h.Close()
	// Bad input writes nothing.
	before := listDir(t, c.dir)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "--month", "2027-01", "--format", "xlsx"}, "Error: no roster for 2027-01 yet; make one with `dutyroster generate --month 2027-01`\n"},
		{[]string{"export", "--month", "2026-12", "--format", "doc"}, "Error: unknown --format \"doc\"; use xlsx, csv, json, ics or pdf\n"},
		{[]string{"export", "--month", "2026-12"}, "Error: dutyroster export needs --format; usage: dutyroster export --month YYYY-MM --format xlsx|pdf|csv|json|ics [--version N] [--post ID] [--officer ID] [--split-by post] [--lang vi|en] [--out PATH] [flags]\n"},
		{[]string{"export", "--month", "2026-12", "--format", "xlsx", "--lang", "fr"}, "Error: unknown --lang \"fr\"; use vi or en\n"},
		{[]string{"export", "--month", "2026-12", "--format", "xlsx", "--post", "nowhere"}, "Error: no post with id \"nowhere\"; `dutyroster post list` shows them\n"},
		{[]string{"export", "--month", "2026-12", "--format", "ics", "--split-by", "post"}, "Error: --split-by post goes with --format xlsx, pdf or csv\n"},
		{[]string{"export", "--month", "2026-12", "--format", "xlsx", "--version", "3"}, "Error: 2026-12 has no version 3; it has versions 1 to 1\n"},
	} {
		if got := c.fail(2, tc.args...); got != tc.want {
			t.Errorf("%v:\n got %q\nwant %q", tc.args, got, tc.want)
		}
	}
	if after := listDir(t, c.dir); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Errorf("a failed export wrote files: %v -> %v", before, after)
	}
}

func TestExportICSCancelsRemovedDuties(t *testing.T) {
	c := withSample(t)
	c.ok("generate", "--month", "2026-12", "--seed", "1")
	c.ok("generate", "--month", "2026-12", "--seed", "2")
	out := c.ok("export", "--month", "2026-12", "--format", "ics", "--officer", "tgv-02", "--out", filepath.Join(c.dir, "cal.ics"))
	data, _ := os.ReadFile(filepath.Join(c.dir, "cal.ics"))
	if !strings.Contains(out, "cancelled") || !bytes.Contains(data, []byte("STATUS:CANCELLED")) {
		t.Errorf("no cancelled duty after a second version: %s", out)
	}
}

func TestDemo(t *testing.T) {
	c := newCLI(t)
	dir := filepath.Join(c.dir, "demo")
	out := c.ok("demo", "--dir", dir)
	for _, want := range []string{"dutyroster demo: the Đồng Tháp sample (37 officers, 15 posts), roster for 2026-12",
		"2026-12: 266 slots, 328 places, 328 filled, 0 unfilled", "burden per officer", "lich-truc-2026-12.xlsx", "lich-truc-2026-12-csdt-tinh.xlsx", ".ics"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	files := listDir(t, dir)
	xlsx, ics := 0, 0
	for _, f := range files {
		switch filepath.Ext(f) {
		case ".xlsx":
			xlsx++
		case ".ics":
			ics++
		}
	}
	if xlsx != 16 || ics != 1 {
		t.Errorf("demo wrote %v", files)
	}
	// Running it again replaces the demo database instead of failing.
	c.ok("demo", "--dir", dir)
}

// sheetHas reports whether any cell of a sheet reads text.
func sheetHas(t *testing.T, f *excelize.File, sheet, text string) bool {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for _, v := range r {
			if v == text {
				return true
			}
		}
	}
	return false
}
