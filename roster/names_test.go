package roster

import (
	"strings"
	"testing"
)

func TestFindOfficer(t *testing.T) {
	officers := []Officer{
		{ID: "tgv-01", Name: "Nguyễn Văn Quý"},
		{ID: "tgv-02", Name: "Nguyễn Văn Quỳ"},
		{ID: "tgv-03", Name: "Lê Thị Ánh"},
		{ID: "tgv-04", Name: "Vũ Thị Lan Anh"},
		{ID: "tgv-05", Name: "Đặng Minh Dương"},
		{ID: "Tgv-06", Name: "Trần Văn An"},
	}
	for _, c := range []struct{ query, want, err string }{
		{"tgv-01", "tgv-01", ""},
		{"TGV-06", "Tgv-06", ""},
		{"Nguyễn Văn Quý", "tgv-01", ""},
		{"  nguyễn   văn quý ", "tgv-01", ""},
		{"Quý", "tgv-01", ""},
		{"Quỳ", "tgv-02", ""},
		{"nguyen van quy", "", `"nguyen van quy" could be 2 officers: tgv-02 (Nguyễn Văn Quỳ), tgv-01 (Nguyễn Văn Quý); give the id or more of the name`},
		{"Ánh", "tgv-03", ""},
		{"Lan Anh", "tgv-04", ""},
		{"anh", "", `"anh" could be 2 officers: tgv-03 (Lê Thị Ánh), tgv-04 (Vũ Thị Lan Anh)`},
		{"dang minh duong", "tgv-05", ""},
		{"DƯƠNG", "tgv-05", ""},
		{"duong", "tgv-05", ""},
		{"minh d", "tgv-05", ""},
		{"tran", "Tgv-06", ""},
		{"Hùng", "", `no officer has the id or name "Hùng"`},
		{" ", "", "no officer given"},
	} {
		o, err := FindOfficer(officers, c.query)
		switch {
		case c.err == "" && (err != nil || o.ID != c.want):
			t.Errorf("%q: %v, %v; want %s", c.query, o, err, c.want)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: %v, %v; want the error %q", c.query, o, err, c.err)
		}
	}
}
