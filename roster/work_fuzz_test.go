package roster_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"dutyroster/roster"
	"dutyroster/roster/holiday"
	"dutyroster/scheduler"
)

// FuzzPlanWork fuzzes plans with their numbers and dates within and past the documented ranges
// and, for every plan the parser accepts, does the work that numbers drive: expanding a month's
// slots, the notice deadline, the daemon's months ahead. The work must stay within the bound
// the limits promise (at most 31 slots per shift and month), so no accepted plan can hang the
// program or exhaust its memory.
func FuzzPlanWork(f *testing.F) {
	for _, name := range []string{filepath.Join("sample", "dong-thap.yaml"), filepath.Join("..", "testdata", "plans", "small.yaml")} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "plans", "broken", "*.yaml"))
	for _, file := range files {
		b, _ := os.ReadFile(file)
		f.Add(b)
	}
	small, _ := os.ReadFile(filepath.Join("..", "testdata", "plans", "small.yaml"))
	for _, extra := range []string{
		"rules:\n  notice_working_days: 40\n  max_per_month: 62\n  min_rest_hours: 72\n  max_consecutive_days: 31\n",
		"rules:\n  notice_working_days: 41\n",
		"holidays:\n  add: [{date: 2100-12-31, name: x}]\n  remove: [1900-01-01]\n",
		"holidays:\n  add: [{date: 2101-01-01, name: x}]\n",
	} {
		f.Add(append(append([]byte{}, small...), extra...))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		watchdog := time.AfterFunc(10*time.Second, func() {
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			panic(fmt.Sprintf("input took over 10 s:\n%s\n%s", data, buf[:n]))
		})
		defer watchdog.Stop()
		plan, err := roster.ParsePlan("fuzz.yaml", data)
		if err != nil {
			return
		}
		loc, err := plan.Center.Location()
		if err != nil {
			t.Fatalf("an accepted plan has a time zone that does not load: %v", err)
		}
		cal := holiday.New(plan.Holidays)
		shifts := 0
		for _, p := range plan.Posts {
			shifts += len(p.Shifts)
		}
		for _, m := range []roster.Month{{Year: roster.MinYear, Month: 1}, {Year: 2026, Month: 2}, {Year: roster.MaxYear, Month: 12}} {
			slots, err := scheduler.ExpandSlots(plan, m, loc, cal)
			if err != nil {
				continue
			}
			if len(slots) > 31*shifts {
				t.Fatalf("%s: %d slots from %d shifts", m, len(slots), shifts)
			}
			cal.NoticeDeadline(m, plan.Rules.NoticeWorkingDays)
		}
	})
}
