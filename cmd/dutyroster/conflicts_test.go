package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLeaveAfterPublishingIsNeverSilent adds leave over a published duty: the command prints
// the duty and the command that fixes it and succeeds; conflicts lists it (exit 3); now names
// the officer as unable to serve and gives the hotline; the replacement clears the conflict.
func TestLeaveAfterPublishingIsNeverSilent(t *testing.T) {
	c := published(t)
	r := c.roster("--month", "2026-12")
	var a = r.Assignments[0]
	for _, x := range r.Assignments {
		if x.PostID == "tand-tinh" && x.ShiftID == "sang" && x.Start[:10] >= "2026-12-10" {
			a = x
			break
		}
	}
	day := a.Start[:10]
	out := c.ok("leave", "add", "--officer", a.OfficerID, "--from", day, "--reason", "Ốm")
	fix := "fix: dutyroster replace --month 2026-12 --officer " + a.OfficerID + " --from " + day
	if !strings.Contains(out, "warning: published rosters now break 1 hard rule(s); each needs an amendment:") ||
		!strings.Contains(out, "tand-tinh") || !strings.Contains(out, "[leave] ") || !strings.Contains(out, fix) {
		t.Fatalf("leave add said:\n%s", out)
	}
	list, errOut, code := c.run("conflicts")
	if code != 3 || !strings.Contains(list, fix) || !strings.Contains(errOut, "1 published duties break a hard rule") {
		t.Fatalf("conflicts: exit %d\n%s%s", code, list, errOut)
	}
	// now, during that duty, at that post.
	at := strings.Replace(a.Start[:16], "T", " ", 1)
	now := c.ok("now", "--at", at, "--post", "tand-tinh", "--lang", "vi")
	if !strings.Contains(now, "KHÔNG TRỰC ĐƯỢC (unavailable: Ốm): gọi người hỗ trợ trực hoặc đường dây nóng 0277 3851 551") {
		t.Errorf("now names the officer on leave as on duty:\n%s", now)
	}
	j := c.nowAt("--at", at, "--post", "tand-tinh")
	if p := onDuty(j, "tand-tinh"); len(p) != 1 || p[0].Absent != "unavailable: Ốm" {
		t.Errorf("now JSON: %+v", p)
	}
	// The fix: a replacement, after which no conflict remains.
	c.ok("replace", "--month", "2026-12", "--officer", a.OfficerID, "--from", day, "--reason", "Ốm", "--yes")
	if out := c.ok("conflicts"); !strings.Contains(out, "no conflicts") {
		t.Errorf("after the replacement:\n%s", out)
	}
	// Deactivating an officer with published duties to come is reported too.
	r = c.roster("--month", "2026-12")
	b := r.Assignments[len(r.Assignments)-1]
	out = c.ok("officer", "deactivate", b.OfficerID)
	if !strings.Contains(out, "[inactive] ") || !strings.Contains(out, "fix: dutyroster replace --month 2026-12 --officer "+b.OfficerID) {
		t.Errorf("deactivate said:\n%s", out)
	}
}

// TestNowFindsTheNextDutyFarAhead: a post with no duty for more than a month still shows the
// next one.
func TestNowFindsTheNextDutyFarAhead(t *testing.T) {
	c := withSample(t)
	c.ok("generate", "--month", "2027-03")
	c.ok("publish", "--month", "2027-03", "--allow-unfilled")
	out := c.ok("now", "--at", "2027-01-05 10:00", "--post", "tand-tinh", "--lang", "vi")
	if !strings.Contains(out, "ca tiếp theo: T2 01/03/2027") && !strings.Contains(out, "ca tiếp theo: T2 01/03") {
		t.Errorf("now, two months before the next duty:\n%s", out)
	}
}

// TestReadingNeedsNoWriteAccess runs every reading command on a read-only copy of a database in
// a read-only folder: each works, and the file is byte for byte what it was.
func TestReadingNeedsNoWriteAccess(t *testing.T) {
	c := published(t)
	dir := t.TempDir()
	ro := filepath.Join(dir, "copy.db")
	if err := os.WriteFile(ro, mustRead(t, c.db), 0o444); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	before := mustRead(t, ro)
	out := t.TempDir()
	r := c.on(ro)
	for _, args := range [][]string{
		{"my", "--officer", "tgv-01", "--from", "2026-12-01"}, {"now", "--at", "2026-12-10 09:00"}, {"next", "--officer", "tgv-01"},
		{"roster", "show", "--month", "2026-12"}, {"stats", "--month", "2026-12"}, {"roster", "history", "--month", "2026-12"},
		{"export", "--month", "2026-12", "--format", "json", "--out", filepath.Join(out, "r.json")}, {"conflicts"}, {"verify"},
	} {
		if _, errOut, code := r.run(args...); code != 0 {
			t.Errorf("%v on a read-only copy: exit %d: %s", args, code, errOut)
		}
	}
	if after := mustRead(t, ro); !bytes.Equal(before, after) {
		t.Error("reading changed the database file")
	}
}
