package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"dutyroster/roster"
	"dutyroster/roster/sample"
)

// BenchmarkSaveNationalMonth stores a month of the national sample's size: 100k assignments.
func BenchmarkSaveNationalMonth(b *testing.B) {
	ctx := context.Background()
	plan := sample.Plan(sample.Options{Officers: 3000, Posts: 2000, Areas: 34, Seed: 1})
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	var as []roster.Assignment
	for i := 0; len(as) < 100000; i++ {
		post := plan.Posts[i%len(plan.Posts)]
		sh := post.Shifts[0]
		day := i / len(plan.Posts)
		start := time.Date(2026, 3, 1+day, int(sh.Start)/60, int(sh.Start)%60, 0, 0, loc)
		as = append(as, roster.Assignment{PostID: post.ID, ShiftID: sh.ID, Start: start, End: start.Add(4 * time.Hour),
			OfficerID: plan.Officers[i%len(plan.Officers)].ID, Role: roster.Duty, Weight: 1000})
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := newDB(b)
		if _, err := db.ImportPlan(ctx, plan, false, Actor{}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := db.SaveDraft(ctx, &NewRoster{Month: roster.Month{Year: 2026, Month: 3}, Assignments: as}, Actor{}); err != nil {
			b.Fatal(fmt.Sprint(err))
		}
	}
}
