package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestPlanWorkbook: the starter workbook imports as it is; the stored plan exported as a workbook
// or YAML imports back with no change; a broken workbook changes nothing and names every cell.
func TestPlanWorkbook(t *testing.T) {
	c := newCLI(t)
	c.ok("init")
	t.Chdir(c.dir)
	if out := c.ok("plan", "template", "--format", "xlsx"); out != "wrote ke-hoach.xlsx: 5 officers, 2 posts\n" {
		t.Errorf("template said %q", out)
	}
	if got := c.fail(2, "plan", "template", "--format", "xlsx"); !strings.Contains(got, "ke-hoach.xlsx exists; choose another --out, or add --force") {
		t.Errorf("overwrite: %q", got)
	}
	c.ok("plan", "template", "--out", "-", "--lang", "en") // YAML to standard output
	if out := c.ok("import", "ke-hoach.xlsx"); !strings.Contains(out, "imported ke-hoach.xlsx: 5 officers, 2 posts;") {
		t.Errorf("import said %q", out)
	}
	for _, format := range []string{"xlsx", "yaml"} {
		file := "export." + format
		c.ok("plan", "export", "--out", file)
		if out := c.ok("import", file); out != file+": no changes; the database already matches the file\n" {
			t.Errorf("re-import of %s: %q", file, out)
		}
	}
	// A broken workbook: exit 2, every problem with its cell, nothing written.
	f, err := excelize.OpenFile("ke-hoach.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellStr("Cán bộ", "C3", "Giám đốc")
	f.SetCellStr("Ca trực", "A3", "khong-co")
	f.SetCellInt("Cán bộ", "D2", 912000111)
	if err := f.SaveAs("broken.xlsx"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	before := c.snapshot()
	_, errOut, code := c.run("import", "broken.xlsx")
	if code != 2 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"warning: broken.xlsx:Cán bộ!D2: the phone number 912000111 was stored as a number and lost its leading 0; read as 0912000111",
		`broken.xlsx:Cán bộ!C3: officer tgv-02: unknown role "Giám đốc"`,
		`broken.xlsx:Ca trực!A3: "khong-co" is not on the sheet "Nơi trực"`,
		"Error: broken.xlsx has 3 problems; nothing was imported",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	c.assertUnchanged(before)
	// An .ods says what to do.
	os.WriteFile("plan.ods", []byte("PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.spreadsheet"), 0o644)
	if got := c.fail(2, "import", "plan.ods"); !strings.Contains(got, "File > Save As > Excel 2007-365 (.xlsx)") {
		t.Errorf("ods: %q", got)
	}
}

// TestLeaveImport adds a sheet of leave, by id or by name, and refuses a sheet with one bad row.
func TestLeaveImport(t *testing.T) {
	c := withSample(t)
	c.ok("generate", "--month", "2026-12", "--seed", "1")
	c.ok("publish", "--month", "2026-12")
	t.Chdir(c.dir)
	r := c.roster("--month", "2026-12")
	duty := placesOf(r, "tgv-02")[0]
	day := duty.Start[8:10] + "/" + duty.Start[5:7] + "/" + duty.Start[:4]
	csv := "\ufeffCán bộ;Từ;Đến;Lý do\n" +
		"tgv-02;" + day + ";" + day + ";Ốm\n" +
		"nguyen thi hong nhung;2027-01-05;2027-01-06;Nghỉ phép\n"
	os.WriteFile("nghi.csv", []byte(csv), 0o644)
	out := c.ok("leave", "import", "nghi.csv")
	if !strings.Contains(out, "added leave #") || !strings.Contains(out, "imported 2 leave rows from nghi.csv") ||
		!strings.Contains(out, "warning: published rosters now break") || !strings.Contains(out, "tgv-02") {
		t.Errorf("leave import said %q", out)
	}
	if list := c.ok("leave", "list", "--officer", "tgv-01"); !strings.Contains(list, "2027-01-05") {
		t.Errorf("leave by name not stored:\n%s", list)
	}
	// A workbook with one bad row writes nothing.
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Nghỉ")
	for i, row := range [][]string{{"Cán bộ", "Từ", "Đến", "Lý do"}, {"tgv-03", "10/01/2027", "12/01/2027", "Phép"}, {"ai-do", "13/01/2027", "", "?"},
		{"tgv-04", "20/01/2027", "15/01/2027", "ngược"}} {
		for j, v := range row {
			f.SetCellStr("Nghỉ", string(rune('A'+j))+string(rune('1'+i)), v)
		}
	}
	f.SaveAs(filepath.Join(c.dir, "nghi.xlsx"))
	before := c.snapshot()
	got := c.fail(2, "leave", "import", "nghi.xlsx")
	for _, want := range []string{`nghi.xlsx:Nghỉ!A3: no officer has the id or name "ai-do"`, "nghi.xlsx:Nghỉ!B4: from 2027-01-20 is after to 2027-01-15",
		"Error: nghi.xlsx has 2 problems; nothing was imported"} {
		if !strings.Contains(got, want) {
			t.Errorf("stderr lacks %q:\n%s", want, got)
		}
	}
	c.assertUnchanged(before)
}
