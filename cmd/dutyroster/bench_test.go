package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dutyroster/roster"
	"dutyroster/roster/sample"
	"dutyroster/store"
)

// benchDB makes a database holding a plan and returns its path.
func benchDB(b *testing.B, plan []byte) string {
	b.Helper()
	dir := b.TempDir()
	planFile := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(planFile, plan, 0o644); err != nil {
		b.Fatal(err)
	}
	db := filepath.Join(dir, "bench.db")
	for _, args := range [][]string{{"init"}, {"import", planFile}} {
		benchRun(b, append(args, "--db", db)...)
	}
	return db
}

func benchRun(b *testing.B, args ...string) string {
	b.Helper()
	var out bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &out, Getenv: func(k string) string { return map[string]string{"DUTYROSTER_LANG": "en"}[k] }, Now: time.Now, User: "bench"}
	if code := run(context.Background(), args, env); code != 0 {
		b.Fatalf("%v: exit %d: %.500s", args, code, out.String())
	}
	return out.String()
}

// presetPlan is a `sample --preset` plan: national (every place fillable) or stress.
func presetPlan(b *testing.B, name string) []byte {
	data, err := roster.FormatPlan(sample.Plan(sample.Presets[name]))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkGenerateDongThapMonth generates and stores one month of the Đồng Tháp sample.
func BenchmarkGenerateDongThapMonth(b *testing.B) {
	data, err := os.ReadFile(samplePlan)
	if err != nil {
		b.Fatal(err)
	}
	db := benchDB(b, data)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchRun(b, "generate", "--month", "2026-03", "--db", db)
	}
}

// BenchmarkGenerateNationalMonth generates and stores a month of `sample --preset national`
// (34 provinces, 1496 officers, 340 posts, about 17k places, every one fillable).
func BenchmarkGenerateNationalMonth(b *testing.B) {
	plan := presetPlan(b, "national")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := benchDB(b, plan)
		b.StartTimer()
		benchRun(b, "generate", "--month", "2026-03", "--db", db)
	}
}

// BenchmarkGenerateStressMonth generates and stores a month of `sample --preset stress`
// (3000 officers, 2000 posts, about 90k slots and 100k places, of which some 60k can be filled).
func BenchmarkGenerateStressMonth(b *testing.B) {
	plan := presetPlan(b, "stress")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := benchDB(b, plan)
		b.StartTimer()
		benchRun(b, "generate", "--month", "2026-03", "--db", db)
	}
}

// BenchmarkGenerateNationalYear generates and stores the twelve months of 2026 of the national
// preset in turn.
func BenchmarkGenerateNationalYear(b *testing.B) {
	plan := presetPlan(b, "national")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := benchDB(b, plan)
		b.StartTimer()
		for m := time.January; m <= time.December; m++ {
			benchRun(b, "generate", "--month", roster.Month{Year: 2026, Month: m}.String(), "--db", db)
		}
	}
}

// BenchmarkViewsNationalYear answers now, my and next on a database holding a year of the
// stress preset (twelve published months, 700k assignments): the whole command in-process, and
// the indexed query alone.
func BenchmarkViewsNationalYear(b *testing.B) {
	db := benchDB(b, presetPlan(b, "stress"))
	for m := time.January; m <= time.December; m++ {
		month := roster.Month{Year: 2026, Month: m}.String()
		benchRun(b, "generate", "--month", month, "--db", db)
		benchRun(b, "publish", "--month", month, "--allow-unfilled", "--db", db)
	}
	at := "2026-07-15 23:00"
	b.Run("now-command", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			benchRun(b, "now", "--at", at, "--post", "csdt-1-5", "--db", db)
		}
	})
	b.Run("my-command", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			benchRun(b, "my", "--officer", "tgv-0001", "--from", "2026-07-01", "--to", "2026-07-31", "--db", db)
		}
	})
	b.Run("next-command", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			benchRun(b, "next", "--officer", "tgv-0001", "--db", db)
		}
	})
	st, err := store.Open(context.Background(), db)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	t, _ := time.ParseInLocation("2006-01-02 15:04", at, loc)
	b.Run("now-query", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			as, err := st.AssignmentsAt(context.Background(), t, false)
			if err != nil || len(as) == 0 {
				b.Fatal(err, len(as))
			}
		}
	})
	b.Run("my-query", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := st.AssignmentsBetween(context.Background(), t.AddDate(0, 0, -14), t.AddDate(0, 0, 16), "tgv-0001", "", false); err != nil {
				b.Fatal(err)
			}
		}
	})
}
