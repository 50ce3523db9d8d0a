package app

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"dutyroster/roster"
	"dutyroster/roster/sample"
	"dutyroster/roster/workbook"
)

// ReadPlanFile reads a plan from a YAML file or a plan workbook (told apart by the name, or by
// the first bytes). A workbook's warnings come back with the plan; any problem is an error naming
// its line or cell.
func ReadPlanFile(file string) (*roster.Plan, []roster.Problem, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, roster.Errorf(roster.EINVALID, "cannot read the plan file: %v", err)
	}
	if isWorkbook(file, data) {
		return workbook.Read(file, data)
	}
	plan, err := roster.ParsePlan(file, data)
	return plan, nil, err
}

// isWorkbook tells a plan workbook from a YAML plan file: by its name, or by its first bytes.
func isWorkbook(file string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".xlsx", ".xlsm", ".xls", ".ods":
		return true
	}
	return len(data) > 4 && (string(data[:2]) == "PK" || (data[0] == 0xD0 && data[1] == 0xCF))
}

// PlanOut is where and how a plan is written: format "yaml" or "xlsx", lang "vi" or "en" (the
// comments of a template, the headers of a workbook), out a file or "-" for standard output.
type PlanOut struct {
	Format, Lang, Out string
	Force             bool // replace Out when it exists
}

// Resolve settles the format (from Out's extension when not given, else yaml) and the file
// (ke-hoach.yaml or ke-hoach.xlsx when not given), refusing to replace a file unless Force.
func (o *PlanOut) Resolve() error {
	if o.Lang != "vi" && o.Lang != "en" {
		return roster.Errorf(roster.EINVALID, "unknown --lang %q; use vi or en", o.Lang)
	}
	if o.Format == "" {
		o.Format = "yaml"
		if strings.EqualFold(filepath.Ext(o.Out), ".xlsx") {
			o.Format = "xlsx"
		}
	}
	if o.Format != "yaml" && o.Format != "xlsx" {
		return roster.Errorf(roster.EINVALID, "unknown --format %q; use yaml or xlsx", o.Format)
	}
	if o.Out == "" {
		o.Out = "ke-hoach." + o.Format
	}
	if o.Out == "-" {
		if o.Format == "xlsx" {
			return roster.Errorf(roster.EINVALID, "a workbook cannot go to standard output; give --out FILE.xlsx")
		}
		return nil
	}
	if _, err := os.Stat(o.Out); err == nil && !o.Force {
		return roster.Errorf(roster.EINVALID, "%s exists; choose another --out, or add --force to replace it", o.Out)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return roster.Errorf(roster.EINVALID, "cannot write %s: %v", o.Out, err)
	}
	return nil
}

// PlanTemplate is the commented starter plan in lang, and its YAML text.
func PlanTemplate(lang string) (*roster.Plan, []byte, error) {
	text := sample.Templates[lang]
	plan, err := roster.ParsePlan("template.yaml", text)
	return plan, text, err
}

// PlanBytes is a plan as the file o asks for: its YAML text, or a workbook.
func (o *PlanOut) PlanBytes(plan *roster.Plan, yamlText []byte) ([]byte, error) {
	if o.Format == "xlsx" {
		return workbook.Write(plan, o.Lang)
	}
	return yamlText, nil
}
