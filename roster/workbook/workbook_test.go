package workbook

import (
	"bytes"
	"testing"

	"dutyroster/roster"
	"dutyroster/roster/sample"
)

// roundTrip writes a plan as a workbook and reads it back: the same plan, as the YAML writer
// sees it.
func roundTrip(t *testing.T, plan *roster.Plan, lang string) {
	t.Helper()
	data, err := Write(plan, lang)
	if err != nil {
		t.Fatal(err)
	}
	back, warnings, err := Read("ke-hoach.xlsx", data)
	if err != nil {
		if pe, ok := err.(*roster.PlanErrors); ok {
			for _, p := range pe.Problems {
				t.Log(p.String())
			}
		}
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings: %v", warnings)
	}
	want, _ := roster.FormatPlan(plan)
	got, _ := roster.FormatPlan(back)
	if !bytes.Equal(want, got) {
		t.Errorf("the plan changed on the way:\n%s", diff(string(want), string(got)))
	}
}

func diff(a, b string) string {
	al, bl := bytes.Split([]byte(a), []byte("\n")), bytes.Split([]byte(b), []byte("\n"))
	for i := 0; i < len(al) && i < len(bl); i++ {
		if !bytes.Equal(al[i], bl[i]) {
			return string(al[i]) + "\n  became\n" + string(bl[i])
		}
	}
	return "(lengths differ)"
}

func TestRoundTripSample(t *testing.T) {
	plan, err := roster.ParsePlan("dong-thap.yaml", sample.DongThap)
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, plan, "vi")
	roundTrip(t, plan, "en")
}
