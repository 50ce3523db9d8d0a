package roster

import (
	"reflect"
	"testing"
)

func TestFormatPlanRoundTrip(t *testing.T) {
	plan, err := ParsePlan("dong-thap.yaml", readSample(t))
	if err != nil {
		t.Fatal(err)
	}
	out, err := FormatPlan(plan)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParsePlan("formatted.yaml", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !reflect.DeepEqual(plan, back) {
		t.Errorf("round trip differs")
		for i := range plan.Officers {
			if !reflect.DeepEqual(plan.Officers[i], back.Officers[i]) {
				t.Errorf("%+v\n%+v", plan.Officers[i], back.Officers[i])
			}
		}
		for i := range plan.Posts {
			if !reflect.DeepEqual(plan.Posts[i], back.Posts[i]) {
				t.Errorf("%+v\n%+v", plan.Posts[i], back.Posts[i])
			}
		}
		t.Errorf("%+v\n%+v", plan.Center, back.Center)
		t.Errorf("%+v\n%+v", plan.Holidays, back.Holidays)
	}
}
