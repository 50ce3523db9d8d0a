package workbook

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"dutyroster/roster"
	"dutyroster/roster/sample"
)

// template opens the Vietnamese starter workbook for a test to change.
func template(t *testing.T) *excelize.File {
	t.Helper()
	plan, err := roster.ParsePlan("template.yaml", sample.Templates["vi"])
	if err != nil {
		t.Fatal(err)
	}
	data, err := Write(plan, "vi")
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func save(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// problems reads a workbook that must fail and returns its problems, one string each.
func problems(t *testing.T, data []byte) []string {
	t.Helper()
	_, _, err := Read("ke-hoach.xlsx", data)
	pe, ok := err.(*roster.PlanErrors)
	if !ok {
		t.Fatalf("want problems, got %v", err)
	}
	var out []string
	for _, p := range pe.Problems {
		out = append(out, p.String())
	}
	return out
}

func officer(plan *roster.Plan, id string) *roster.Officer {
	for i := range plan.Officers {
		if plan.Officers[i].ID == id {
			return &plan.Officers[i]
		}
	}
	return nil
}

// TestExcelRealities feeds the reader what Excel and people do to a workbook.
func TestExcelRealities(t *testing.T) {
	f := template(t)
	// A phone typed into a number cell: its leading 0 is gone.
	if err := f.SetCellInt("Cán bộ", "D2", 912345678); err != nil {
		t.Fatal(err)
	}
	// Leave dates as date cells, and as text dd/mm/yyyy; a time as a time cell.
	if err := f.SetCellValue("Nghỉ", "B2", time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	f.SetCellStr("Nghỉ", "C2", " 6/3/2026\u00a0")
	f.SetCellFloat("Ca trực", "F2", 7.5/24, -1, 64) // 07:30 as a time cell's fraction of a day
	// Vietnamese days for a pattern; Vietnamese role words in a list.
	f.SetCellStr("Ca trực", "D2", "thứ Hai đến thứ Sáu")
	f.SetCellStr("Ca trực", "J2", "Trợ giúp viên pháp lý, Luật sư")
	// A name typed with decomposed diacritics and stray spaces.
	f.SetCellStr("Cán bộ", "B3", "  "+norm.NFD.String("Trần Văn An")+" ")
	// An extra column, and trailing rows Excel keeps with only a style.
	f.SetCellStr("Cán bộ", "K1", "Ghi chú")
	f.SetCellStr("Cán bộ", "K2", "tổ trưởng")
	style, _ := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFF00"}}})
	f.SetCellStyle("Cán bộ", "A40", "F60", style)
	// A title row above the header, merged across.
	f.InsertRows("Khu vực", 1, 1)
	f.SetCellStr("Khu vực", "A1", "DANH SÁCH KHU VỰC")
	f.MergeCell("Khu vực", "A1", "B1")
	plan, warnings, err := Read("ke-hoach.xlsx", save(t, f))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, w := range warnings {
		lines = append(lines, w.String())
	}
	joined := strings.Join(lines, "\n")
	for _, want := range []string{
		"ke-hoach.xlsx:Cán bộ!D2: the phone number 912345678 was stored as a number and lost its leading 0; read as 0912345678 (format the column as text)",
		`ke-hoach.xlsx:Cán bộ!K1: column "Ghi chú" is not part of the plan; it was ignored`,
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("warnings lack %q:\n%s", want, joined)
		}
	}
	o := officer(plan, "tgv-01")
	if o.Phone != "0912345678" && o.Phone != "0912 345 678" {
		t.Errorf("phone %q", o.Phone)
	}
	if u := o.Unavailable[0]; u.FromDate.String() != "2026-03-02" || u.ToDate.String() != "2026-03-06" {
		t.Errorf("leave %s..%s", u.FromDate, u.ToDate)
	}
	if n := officer(plan, "tgv-02").Name; n != "Trần Văn An" || !norm.NFC.IsNormalString(n) {
		t.Errorf("name %q", n)
	}
	sh := plan.Posts[0].Shifts[0]
	if sh.RRule != "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" || sh.Start.String() != "07:30" {
		t.Errorf("shift %s from %s", sh.RRule, sh.Start)
	}
	if len(plan.Areas) != 2 {
		t.Errorf("areas %v", plan.Areas)
	}
}

// TestHeadersInAnyOrderAndLanguage: an English workbook with its columns moved reads the same.
func TestHeadersInAnyOrderAndLanguage(t *testing.T) {
	plan, _ := roster.ParsePlan("template.yaml", sample.Templates["en"])
	data, err := Write(plan, "en")
	if err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenReader(bytes.NewReader(data))
	// Swap the name and phone columns of the officers.
	rows, _ := f.GetRows("Officers")
	for r, row := range rows {
		b, d := row[1], row[3]
		f.SetCellStr("Officers", "B"+strconv.Itoa(r+1), d)
		f.SetCellStr("Officers", "D"+strconv.Itoa(r+1), b)
	}
	back, _, err := Read("plan.xlsx", save(t, f))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := roster.FormatPlan(plan)
	b, _ := roster.FormatPlan(back)
	if !bytes.Equal(a, b) {
		t.Errorf("moved columns changed the plan:\n%s", diff(string(a), string(b)))
	}
}

// TestBrokenWorkbooks: every problem at its sheet and cell, all at once.
func TestBrokenWorkbooks(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(f *excelize.File)
		wants []string
	}{
		{"unknown role and missing phone", func(f *excelize.File) {
			f.SetCellStr("Cán bộ", "C3", "Giám đốc")
			f.SetCellStr("Cán bộ", "D4", "")
		}, []string{
			`ke-hoach.xlsx:Cán bộ!C3: officer tgv-02: unknown role "Giám đốc"; use one of legal_aid_officer, lawyer, collaborator, support`,
			`ke-hoach.xlsx:Cán bộ!A4: officer ls-01 has no "phone", which is required`,
		}},
		{"shift of a post not on the sheet", func(f *excelize.File) {
			f.SetCellStr("Ca trực", "A3", "tand-xyz")
		}, []string{
			`ke-hoach.xlsx:Nơi trực!A3: post csdt-tinh has no "shifts", which is required`,
			`ke-hoach.xlsx:Ca trực!A3: "tand-xyz" is not on the sheet "Nơi trực"`,
		}},
		{"bad date and time", func(f *excelize.File) {
			f.SetCellStr("Nghỉ", "B2", "30/02/2027")
			f.SetCellStr("Ca trực", "F2", "25:30")
		}, []string{
			`ke-hoach.xlsx:Nghỉ!B2: officer tgv-01 unavailability from: 2027-02-30 does not exist: February 2027 has 28 days`,
			`ke-hoach.xlsx:Ca trực!F2: shift tand-tinh/sang start: "25:30" is not a time of the form HH:MM`,
		}},
		{"leave of an unknown officer, and an ambiguous name", func(f *excelize.File) {
			f.SetCellStr("Nghỉ", "A2", "Nguyễn Văn Không Có")
			f.SetCellStr("Cán bộ", "B4", "Trần Văn An")
			f.SetCellStr("Nghỉ", "A3", "tran van an")
		}, []string{
			`ke-hoach.xlsx:Nghỉ!A2: no officer has the id or name "Nguyễn Văn Không Có" on the sheet "Cán bộ"`,
			`ke-hoach.xlsx:Nghỉ!A3: 2 officers are called "tran van an" (ls-01, tgv-02); give the id instead`,
		}},
		{"a formula without its value", func(f *excelize.File) {
			f.SetCellFormula("Cán bộ", "E4", `LOWER("A@B.VN")`)
		}, []string{`ke-hoach.xlsx:Cán bộ!E4: the formula =LOWER("A@B.VN") has no computed value; open the workbook in Excel or LibreOffice and save it again`}},
		{"a phone in scientific form", func(f *excelize.File) {
			f.SetCellStr("Cán bộ", "D2", "9.12345678E+08")
		}, []string{`ke-hoach.xlsx:Cán bộ!D2: the phone number 9.12345678E+08 was stored as a number in scientific form; format the column as text and type it again`}},
		{"duplicate ids and an unknown item", func(f *excelize.File) {
			f.SetCellStr("Cán bộ", "A3", "tgv-01")
			f.SetCellStr("Trung tâm", "A20", "Số fax")
			f.SetCellStr("Trung tâm", "B20", "0277 000")
		}, []string{
			`ke-hoach.xlsx:Trung tâm!A20: unknown item "Số fax"; the items are:`,
			`ke-hoach.xlsx:Cán bộ!A3: duplicate officer id "tgv-01" (first defined at Cán bộ!A2)`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := template(t)
			tc.edit(f)
			got := problems(t, save(t, f))
			if len(got) != len(tc.wants) {
				t.Errorf("%d problems, want %d:\n%s", len(got), len(tc.wants), strings.Join(got, "\n"))
			}
			for _, want := range tc.wants {
				found := false
				for _, g := range got {
					if strings.HasPrefix(g, want) {
						found = true
					}
				}
				if !found {
					t.Errorf("no problem %q in:\n%s", want, strings.Join(got, "\n"))
				}
			}
		})
	}
}

// TestNotAnXLSX: .xls, .ods and other files get a message that says what to do.
func TestNotAnXLSX(t *testing.T) {
	for _, tc := range []struct {
		data []byte
		want string
	}{
		{[]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, "old Excel 97-2003 workbook (.xls)"},
		{append([]byte("PK\x03\x04"), []byte("....mimetypeapplication/vnd.oasis.opendocument.spreadsheet")...), "OpenDocument spreadsheet (.ods)"},
		{[]byte("id,name\n"), "not an Excel workbook"},
	} {
		if got := problems(t, tc.data); len(got) != 1 || !strings.Contains(got[0], tc.want) {
			t.Errorf("%q", got)
		}
	}
}

// TestSavedByLibreOffice reads a workbook LibreOffice saved (the Vietnamese template opened and
// saved again in LibreOffice Calc): the same plan as the template.
func TestSavedByLibreOffice(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "plans", "workbook", "libreoffice.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	back, _, err := Read("libreoffice.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	plan, _ := roster.ParsePlan("template.yaml", sample.Templates["vi"])
	a, _ := roster.FormatPlan(plan)
	b, _ := roster.FormatPlan(back)
	if !bytes.Equal(a, b) {
		t.Errorf("LibreOffice's workbook reads differently:\n%s", diff(string(a), string(b)))
	}
}

// TestRoundTripGenerated: plans of several sizes survive the workbook unchanged.
func TestRoundTripGenerated(t *testing.T) {
	for _, o := range []sample.Options{{Officers: 15, Posts: 4, Areas: 2, Seed: 1}, {Officers: 60, Posts: 12, Areas: 3, Seed: 2},
		{Officers: 200, Posts: 40, Areas: 5, Seed: 3}} {
		roundTrip(t, sample.Plan(o), "vi")
	}
}

// TestFormulaCachedValue reads a formula cell by its computed value: the starter workbook with
// ls-01's e-mail given as =LOWER("LS01@EXAMPLE.VN"), computed and saved by LibreOffice.
func TestFormulaCachedValue(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "plans", "workbook", "formula-libreoffice.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	plan, _, err := Read("formula.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	if e := officer(plan, "ls-01").Email; e != "ls01@example.vn" {
		t.Errorf("e-mail %q", e)
	}
}
