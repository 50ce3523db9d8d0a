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
