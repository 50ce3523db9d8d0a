package sample

import (
	"bytes"
	"testing"

	"dutyroster/roster"
)

func TestPlanIsValidAndDeterministic(t *testing.T) {
	opt := Options{Officers: 120, Posts: 40, Areas: 6, Seed: 3}
	a, err := roster.FormatPlan(Plan(opt))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := roster.FormatPlan(Plan(opt))
	if !bytes.Equal(a, b) {
		t.Error("the same options gave different plans")
	}
	plan, err := roster.ParsePlan("sample.yaml", a)
	if err != nil {
		t.Fatalf("the sample does not parse: %v", err)
	}
	if len(plan.Officers) != 120 || len(plan.Posts) != 40 || len(plan.Areas) != 6 {
		t.Errorf("%d officers, %d posts, %d areas", len(plan.Officers), len(plan.Posts), len(plan.Areas))
	}
	kinds, roles := map[roster.PostKind]int{}, map[roster.Role]int{}
	for _, p := range plan.Posts {
		kinds[p.Kind]++
	}
	for _, o := range plan.Officers {
		roles[o.Role]++
	}
	if len(kinds) != 4 || len(roles) != 4 {
		t.Errorf("kinds %v, roles %v", kinds, roles)
	}
	if err := (Options{Officers: 0, Posts: 1, Areas: 1}).Validate(); err == nil {
		t.Error("zero officers accepted")
	}
	if err := (Options{Officers: 1, Posts: 2, Areas: 3}).Validate(); err == nil {
		t.Error("more areas than posts accepted")
	}
}

// TestTemplatesImport: the starter plans are valid plans, and the same plan in both languages.
func TestTemplatesImport(t *testing.T) {
	vi, err := roster.ParsePlan("template.vi.yaml", Templates["vi"])
	if err != nil {
		t.Fatal(err)
	}
	en, err := roster.ParsePlan("template.en.yaml", Templates["en"])
	if err != nil {
		t.Fatal(err)
	}
	a, _ := roster.FormatPlan(vi)
	b, _ := roster.FormatPlan(en)
	if string(a) != string(b) {
		t.Error("the Vietnamese and English templates hold different plans")
	}
	if len(vi.IdleOfficers()) > 0 {
		t.Errorf("officers who can serve nowhere: %v", vi.IdleOfficers())
	}
}
