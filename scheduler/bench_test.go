package scheduler

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"dutyroster/roster"
	"dutyroster/roster/holiday"
	"dutyroster/roster/sample"
)

func loadSample(b *testing.B) *roster.Plan {
	data, err := os.ReadFile(filepath.Join("..", "roster", "sample", "dong-thap.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	plan, err := roster.ParsePlan("dong-thap.yaml", data)
	if err != nil {
		b.Fatal(err)
	}
	return plan
}

// BenchmarkSolveDongThapMonth solves one month of the Đồng Tháp sample (target: under 50 ms).
func BenchmarkSolveDongThapMonth(b *testing.B) {
	plan := loadSample(b)
	cal := holiday.New(plan.Holidays)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		res, err := Solve(context.Background(), &Problem{Plan: plan, Month: roster.Month{Year: 2026, Month: 3}, Calendar: cal, Seed: 1})
		if err != nil || len(res.Unfilled) > 0 {
			b.Fatal(err, len(res.Unfilled))
		}
	}
}

// BenchmarkSolveNationalMonth solves a month of `sample --officers 3000 --posts 2000 --areas 34`.
func BenchmarkSolveNationalMonth(b *testing.B) {
	plan := sample.Plan(sample.Options{Officers: 3000, Posts: 2000, Areas: 34, Seed: 1})
	cal := holiday.New(plan.Holidays)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		res, err := Solve(context.Background(), &Problem{Plan: plan, Month: roster.Month{Year: 2026, Month: 3}, Calendar: cal, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(res.Slots)), "slots")
		b.ReportMetric(float64(len(res.Assignments)), "filled")
	}
}
