package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestExportSameVersionSameDocument: a version prints its own date and edition whenever it is
// exported, so two exports days apart give the same bytes; an amendment says which version it
// replaces.
func TestExportSameVersionSameDocument(t *testing.T) {
	c := published(t) // published 2026-11-27 09:00 UTC, 16:00 in Đồng Tháp
	t.Chdir(c.dir)
	c.ok("export", "--month", "2026-12", "--format", "xlsx", "--post", "tand-tinh", "--out", "v1-a.xlsx")
	c.now = c.now.Add(5 * 24 * time.Hour)
	c.ok("export", "--month", "2026-12", "--format", "xlsx", "--post", "tand-tinh", "--out", "v1-b.xlsx")
	a, _ := os.ReadFile("v1-a.xlsx")
	b, _ := os.ReadFile("v1-b.xlsx")
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Fatal("the same version exported on two days gave different files")
	}
	f, err := excelize.OpenFile("v1-a.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if !sheetHas(t, f, "Lịch trực", "Đồng Tháp, ngày 27 tháng 11 năm 2026") || !sheetHas(t, f, "Lịch trực", "Bản số 1") {
		t.Error("version 1 lacks its publication date or its number")
	}
	f.Close()
	// An amendment on 02/12: version 2 replaces the version of 27/11.
	r := c.roster("--month", "2026-12")
	mine := placesOf(r, "tgv-03")
	c.ok("replace", "--month", "2026-12", "--officer", "tgv-03", "--from", mine[len(mine)-1].Start[:10], "--reason", "Ốm", "--yes")
	if v := c.roster("--month", "2026-12"); v.Version != 2 || v.Status != "published" {
		t.Fatalf("after the amendment: version %d %s", v.Version, v.Status)
	}
	c.ok("export", "--month", "2026-12", "--format", "xlsx", "--out", "v2.xlsx")
	g, err := excelize.OpenFile("v2.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if !sheetHas(t, g, "Lịch trực", "Bản số 2. Điều chỉnh lần 1, thay thế bản ngày 27/11/2026") ||
		!sheetHas(t, g, "Lịch trực", "Đồng Tháp, ngày 02 tháng 12 năm 2026") {
		t.Error("the amendment does not say which version it replaces, or carries the wrong date")
	}
	// Version 1 still prints as it did.
	c.ok("export", "--month", "2026-12", "--format", "xlsx", "--post", "tand-tinh", "--version", "1", "--out", "v1-c.xlsx")
	if c1, _ := os.ReadFile("v1-c.xlsx"); !bytes.Equal(a, c1) {
		t.Error("version 1 prints differently once version 2 exists")
	}
}

// pdfWordRatio is how tall pdftotext's box of a Liberation Serif word is, per point of type
// (measured: 12 pt -> 15.6, 13 pt -> 16.9, 14 pt -> 18.2).
const pdfWordRatio = 1.3

// TestExportPDF converts documents through LibreOffice and reads the PDF back: the pages, the
// text, and the smallest type on them.
func TestExportPDF(t *testing.T) {
	needTool(t, "soffice", "libreoffice-calc-nogui")
	pdftotext := needTool(t, "pdftotext", "poppler-utils")
	c := withSample(t)
	c.ok("generate", "--month", "2026-12")
	t.Chdir(c.dir)
	out := c.ok("export", "--month", "2026-12", "--format", "pdf", "--post", "tand-kv5")
	if !strings.HasPrefix(out, "wrote lich-truc-2026-12-tand-kv5.pdf: ") {
		t.Errorf("export said %q", out)
	}
	data, err := os.ReadFile("lich-truc-2026-12-tand-kv5.pdf")
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("no PDF written: %v", err)
	}
	text, err := exec.Command(pdftotext, "-layout", "lich-truc-2026-12-tand-kv5.pdf", "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Count(string(text), "\f")
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Bản số 1", "DỰ THẢO", "Nơi nhận:", "Trần Văn Bình"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
	if pages != 1 {
		t.Errorf("a three-row roster prints on %d pages", pages)
	}
	bbox, err := exec.Command(pdftotext, "-bbox", "lich-truc-2026-12-tand-kv5.pdf", "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	word := regexp.MustCompile(`yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<`)
	smallest, what := 100.0, ""
	for _, m := range word.FindAllStringSubmatch(string(bbox), -1) {
		y0, _ := strconv.ParseFloat(m[1], 64)
		y1, _ := strconv.ParseFloat(m[2], 64)
		if size := (y1 - y0) / pdfWordRatio; size < smallest {
			smallest, what = size, m[3]
		}
	}
	if smallest < 11 {
		t.Errorf("%q prints at %.1f pt", what, smallest)
	}
	t.Logf("smallest type on the page: %.1f pt (%q)", smallest, what)
	// Without LibreOffice: a clear error naming what to install, and nothing written.
	c.env = map[string]string{"DUTYROSTER_SOFFICE": filepath.Join(c.dir, "no-such-soffice")}
	if got := c.fail(2, "export", "--month", "2026-12", "--format", "pdf", "--out", "x.pdf"); !strings.Contains(got, "DUTYROSTER_SOFFICE names") {
		t.Errorf("missing soffice: %q", got)
	}
	if _, err := os.Stat("x.pdf"); err == nil {
		t.Error("a failed PDF export wrote a file")
	}
}

// TestExportPDFNeedsLibreOffice: with no LibreOffice anywhere, the error names the package.
func TestExportPDFNeedsLibreOffice(t *testing.T) {
	c := withSample(t)
	c.ok("generate", "--month", "2026-12")
	t.Setenv("PATH", t.TempDir())
	got := c.fail(2, "export", "--month", "2026-12", "--format", "pdf", "--out", filepath.Join(c.dir, "x.pdf"))
	if !strings.Contains(got, "apt-get install libreoffice-calc-nogui") || !strings.Contains(got, "libreoffice.org") {
		t.Errorf("error %q does not say what to install", got)
	}
}

// needTool finds a program a test needs, or skips saying which Debian package has it; with
// DUTYROSTER_REQUIRE_TOOLS set (CI) a missing program fails the test instead.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		msg := "needs " + name + " from Debian's " + pkg + " (apt-get install " + pkg + ")"
		if os.Getenv("DUTYROSTER_REQUIRE_TOOLS") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return path
}
