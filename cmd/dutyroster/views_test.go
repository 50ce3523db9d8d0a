package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dutyroster/internal/app"
)

func (c *cli) nowAt(args ...string) app.NowView {
	c.t.Helper()
	var j app.NowView
	if err := json.Unmarshal([]byte(c.ok(append([]string{"now", "-o", "json"}, args...)...)), &j); err != nil {
		c.t.Fatal(err)
	}
	return j
}

func onDuty(j app.NowView, post string) []app.Person {
	for _, p := range j.Posts {
		if p.PostID == post {
			return p.OnDuty
		}
	}
	return nil
}

func TestNowBoundaries(t *testing.T) {
	c := published(t)
	r := c.roster("--month", "2026-12", "--post", "tand-tinh")
	morning := r.Assignments[0] // a court morning 07:30-11:30
	start, _ := time.Parse(time.RFC3339, morning.Start)
	end, _ := time.Parse(time.RFC3339, morning.End)
	at := func(t time.Time) string { return t.Format("2006-01-02 15:04") }
	// The instant it starts: on duty.
	if d := onDuty(c.nowAt("--post", "tand-tinh", "--at", at(start)), "tand-tinh"); len(d) != 1 || d[0].OfficerID != morning.OfficerID {
		t.Errorf("at the start: %+v", d)
	}
	// A minute before: nobody, and the next duty is named.
	j := c.nowAt("--post", "tand-tinh", "--at", at(start.Add(-time.Minute)))
	if len(onDuty(j, "tand-tinh")) != 0 || len(j.Posts[0].Next) != 1 || j.Posts[0].Next[0].OfficerID != morning.OfficerID {
		t.Errorf("before the start: %+v", j.Posts[0])
	}
	// The instant it ends: over.
	if d := onDuty(c.nowAt("--post", "tand-tinh", "--at", at(end)), "tand-tinh"); len(d) != 0 {
		t.Errorf("at the end: %+v", d)
	}
	if d := onDuty(c.nowAt("--post", "tand-tinh", "--at", at(end.Add(-time.Minute))), "tand-tinh"); len(d) != 1 {
		t.Errorf("a minute before the end: %+v", d)
	}
	// A 24 h shift across midnight: the duty of the 12th answers at 02:00 on the 13th,
	// with the backup.
	police := c.roster("--month", "2026-12", "--post", "csdt-tinh")
	var duty, backup string
	for _, a := range police.Assignments {
		if strings.HasPrefix(a.Start, "2026-12-12T07:00") {
			if a.Role == "duty" {
				duty = a.OfficerID
			} else {
				backup = a.OfficerID
			}
		}
	}
	d := onDuty(c.nowAt("--post", "csdt-tinh", "--at", "2026-12-13 02:00"), "csdt-tinh")
	if len(d) != 2 || d[0].OfficerID != duty || d[0].Role != "duty" || d[1].OfficerID != backup || d[1].Role != "backup" || d[0].Phone == "" {
		t.Errorf("overnight: %+v (want %s and %s)", d, duty, backup)
	}
	// A holiday: 1 January 2027 the courts are closed, the police duty goes on.
	c.ok("generate", "--month", "2027-01")
	c.ok("publish", "--month", "2027-01")
	h := c.nowAt("--at", "2027-01-01 10:00")
	if len(onDuty(h, "tand-tinh")) != 0 || len(onDuty(h, "csdt-tinh")) != 2 {
		t.Errorf("holiday: court %+v, police %+v", onDuty(h, "tand-tinh"), onDuty(h, "csdt-tinh"))
	}
	// The text says it plainly, with the hotline.
	text := c.ok("now", "--post", "tand-tinh", "--at", "2027-01-01 10:00", "--lang", "vi")
	if !strings.Contains(text, "Tòa án nhân dân tỉnh Đồng Tháp (0273 3872 000)\n  chưa có người trực — gọi đường dây nóng 0277 3851 551\n  ca tiếp theo: ") ||
		!strings.Contains(text, "Đường dây nóng của Trung tâm: 0277 3851 551") {
		t.Errorf("holiday text:\n%s", text)
	}
	// A time no roster covers.
	far := c.ok("now", "--post", "tand-tinh", "--at", "2027-06-01 10:00", "--lang", "en")
	if !strings.Contains(far, "nobody on duty — call the Center hotline 0277 3851 551\n  next: nothing scheduled yet") {
		t.Errorf("no roster:\n%s", far)
	}
	if got := c.fail(2, "now", "--at", "tomorrow"); got != "Error: --at \"tomorrow\" is not a time such as \"2026-03-14 23:00\"\n" {
		t.Errorf("bad --at: %q", got)
	}
}

func TestNowReadsPublishedOrDraft(t *testing.T) {
	c := withSample(t)
	c.ok("generate", "--month", "2026-12")
	if d := onDuty(c.nowAt("--post", "csdt-tinh", "--at", "2026-12-05 12:00"), "csdt-tinh"); len(d) != 0 {
		t.Errorf("a draft answered without --draft: %+v", d)
	}
	if d := onDuty(c.nowAt("--post", "csdt-tinh", "--at", "2026-12-05 12:00", "--draft"), "csdt-tinh"); len(d) != 2 {
		t.Errorf("--draft: %+v", d)
	}
}

func TestMyAndNext(t *testing.T) {
	c := published(t)
	c.now = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	var duties []app.Duty
	if err := json.Unmarshal([]byte(c.ok("my", "--officer", "tgv-02", "-o", "json")), &duties); err != nil {
		t.Fatal(err)
	}
	r := c.roster("--month", "2026-12", "--officer", "tgv-02")
	if len(duties) != len(r.Assignments) || len(duties) == 0 {
		t.Fatalf("my lists %d duties, the roster %d", len(duties), len(r.Assignments))
	}
	for i, d := range duties {
		if d.Start != r.Assignments[i].Start || d.PostName == "" || d.Address == "" || d.Mode == "" {
			t.Errorf("duty %d: %+v", i, d)
		}
		if d.PostID == "csdt-tinh" && len(d.With) != 1 {
			t.Errorf("24 h duty without its partner: %+v", d)
		}
	}
	table := c.ok("my", "--officer", "tgv-02", "--lang", "vi")
	if !strings.HasPrefix(table, "Lịch trực của Trần Văn An (tgv-02)\n") {
		t.Errorf("my table:\n%s", table)
	}
	// --from/--to and an empty range.
	if out := c.ok("my", "--officer", "tgv-02", "--from", "2027-05-01", "--to", "2027-05-31", "--lang", "vi"); !strings.Contains(out, "không có ca trực nào từ 01/05/2027 đến 31/05/2027") {
		t.Errorf("empty range: %q", out)
	}
	// --ics writes the calendar.
	path := filepath.Join(c.dir, "mine.ics")
	c.ok("my", "--officer", "tgv-02", "--ics", path)
	if data, err := os.ReadFile(path); err != nil || strings.Count(string(data), "BEGIN:VEVENT") != len(duties) {
		t.Errorf("ics: %v", err)
	}
	// next: one line, the first duty after now.
	first := duties[0]
	next := c.ok("next", "--officer", "tgv-02", "--lang", "vi")
	if strings.Count(next, "\n") != 1 || !strings.Contains(next, first.PostName) {
		t.Errorf("next: %q (first %s)", next, first.PostName)
	}
	c.now = time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)
	if next := c.ok("next", "--officer", "tgv-02", "--lang", "en"); next != "nothing scheduled yet\n" {
		t.Errorf("next with nothing: %q", next)
	}
	if got := c.fail(2, "my", "--officer", "nobody"); got != "Error: --officer: no officer has the id or name \"nobody\"; `dutyroster officer list` shows them\n" {
		t.Errorf("unknown officer: %q", got)
	}
	// People are found by name too, without diacritics or case; an ambiguous name lists them.
	if byName, byID := c.ok("my", "--officer", "tran van an", "--format", "json"), c.ok("my", "--officer", "tgv-02", "--format", "json"); byName != byID {
		t.Errorf("my by name differs from my by id")
	}
	if got := c.fail(2, "my", "--officer", "Nguyễn"); !strings.HasPrefix(got, "Error: --officer: \"Nguyễn\" could be 4 officers: ht-02 (Nguyễn Hữu Ích), tgv-01 (Nguyễn Thị Hồng Nhung), ") {
		t.Errorf("ambiguous name: %q", got)
	}
	// Shell completion offers officer ids with their names, post ids with theirs, and months.
	for _, k := range []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "my", "--officer", ""}, "tgv-02\tTrần Văn An\n"},
		{[]string{"__complete", "officer", "show", ""}, "tgv-02\tTrần Văn An\n"},
		{[]string{"__complete", "now", "--post", ""}, "tand-tinh\tTòa án nhân dân tỉnh Đồng Tháp\n"},
		{[]string{"__complete", "roster", "show", "--month", ""}, "2026-12\n"},
	} {
		var out bytes.Buffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: io.Discard, Now: func() time.Time { return c.now },
			Getenv: func(k string) string { return map[string]string{"DUTYROSTER_DB": c.db, "DUTYROSTER_LANG": "en"}[k] }}
		if run(context.Background(), k.args, env); !strings.Contains(out.String(), k.want) {
			got := out.String()
			t.Errorf("%v: %q lacks %q", k.args, got, k.want)
		}
	}
	if got := c.ok("officer", "show", "phan thanh dat"); !strings.Contains(got, "tgv-17") {
		t.Errorf("officer show by name: %q", got)
	}
}
