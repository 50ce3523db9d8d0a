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
	env := &Env{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }, Now: time.Now, User: "bench"}
	if code := run(context.Background(), args, env); code != 0 {
		b.Fatalf("%v: exit %d: %.500s", args, code, out.String())
	}
	return out.String()
}

func nationalPlan(b *testing.B) []byte {
	data, err := roster.FormatPlan(sample.Plan(sample.Options{Officers: 3000, Posts: 2000, Areas: 34, Seed: 1}))
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

// BenchmarkGenerateNationalMonth generates and stores a month of
// `sample --officers 3000 --posts 2000 --areas 34` (about 90k slots, 100k places).
func BenchmarkGenerateNationalMonth(b *testing.B) {
	plan := nationalPlan(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := benchDB(b, plan)
		b.StartTimer()
		benchRun(b, "generate", "--month", "2026-03", "--db", db)
	}
}

// BenchmarkGenerateNationalYear generates and stores the twelve months of 2026 in turn.
func BenchmarkGenerateNationalYear(b *testing.B) {
	plan := nationalPlan(b)
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

// BenchmarkViewsNationalYear answers now, my and next on a database holding a national year
// (twelve published months of `sample --officers 3000 --posts 2000 --areas 34`, 700k
// assignments): the whole command in-process, and the indexed query alone.
func BenchmarkViewsNationalYear(b *testing.B) {
	db := benchDB(b, nationalPlan(b))
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
