package export

import (
	"bytes"
	"context"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dutyroster/roster"
	"dutyroster/roster/holiday"
	"dutyroster/roster/msg"
	"dutyroster/roster/sample"
	"dutyroster/scheduler"
)

var (
	nationalOnce  sync.Once
	nationalDoc   *Document
	nationalCells map[string][][]string // every sheet's cells as the export writes them
	nationalOrder []string
)

// national solves March 2026 of `sample --officers 3000 --posts 2000 --areas 34` once.
func national(b *testing.B) {
	nationalOnce.Do(func() {
		plan := sample.Plan(sample.Options{Officers: 3000, Posts: 2000, Areas: 34, Seed: 1})
		cal := holiday.New(plan.Holidays)
		m := roster.Month{Year: 2026, Month: 3}
		res, err := scheduler.Solve(context.Background(), &scheduler.Problem{Plan: plan, Month: m, Calendar: cal, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		// The reasons as `export` reads them from the database: English and Vietnamese, each
		// rendered once when the roster was stored.
		for i := range res.Unfilled {
			u := &res.Unfilled[i]
			u.ReasonText = roster.T("%s", roster.Phrase{EN: u.Reason, VI: msg.VI.Render(u.ReasonText.Format, u.ReasonText.Args...)})
		}
		nationalDoc = &Document{Plan: plan, Calendar: cal, Lang: "vi", Date: roster.Date{Year: 2026, Month: 2, Day: 20}, Full: true,
			Now: time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC),
			Roster: &roster.Roster{Month: m, Version: 1, Status: roster.StatusPublished, Assignments: res.Assignments, Unfilled: res.Unfilled,
				Participants: res.Participants}}
		var buf bytes.Buffer
		if err := NewXLSXEncoder(&buf).Encode(nationalDoc); err != nil {
			b.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		nationalCells = map[string][][]string{}
		nationalOrder = f.GetSheetList()
		for _, s := range nationalOrder {
			rows, err := f.GetRows(s)
			if err != nil {
				b.Fatal(err)
			}
			nationalCells[s] = rows
		}
	})
}

// BenchmarkXLSXNationalMonth compares the official roster of a national month (about 90k slot
// rows, with the calendar, summary and unfilled sheets; the roster as stored) with a bare excelize StreamWriter
// writing the same cells, without styles, merges or page setup. Target: export under 1.5x bare.
func BenchmarkXLSXNationalMonth(b *testing.B) {
	national(b)
	b.Run("export", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if err := NewXLSXEncoder(io.Discard).Encode(nationalDoc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bare", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			f := excelize.NewFile()
			for si, s := range nationalOrder {
				if si == 0 {
					f.SetSheetName("Sheet1", s)
				} else if _, err := f.NewSheet(s); err != nil {
					b.Fatal(err)
				}
				sw, err := f.NewStreamWriter(s)
				if err != nil {
					b.Fatal(err)
				}
				for r, row := range nationalCells[s] {
					vals := make([]any, len(row))
					for c, v := range row {
						vals[c] = v
					}
					cell, _ := excelize.CoordinatesToCellName(1, r+1)
					if err := sw.SetRow(cell, vals); err != nil {
						b.Fatal(err)
					}
				}
				if err := sw.Flush(); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := f.WriteTo(io.Discard); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
}
