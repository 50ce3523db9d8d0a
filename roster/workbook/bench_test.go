package workbook

import (
	"testing"

	"dutyroster/roster/sample"
)

// BenchmarkReadStressWorkbook reads the workbook of `sample --preset stress` (3,000 officers,
// 2,000 posts with their shifts and leave). Target: under 3 s and 500 MB for the whole import.
func BenchmarkReadStressWorkbook(b *testing.B) {
	data, err := Write(sample.Plan(sample.Presets["stress"]), "vi")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := Read("stress.xlsx", data); err != nil {
			b.Fatal(err)
		}
	}
}
