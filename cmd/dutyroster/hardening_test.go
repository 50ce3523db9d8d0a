package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"dutyroster/export"
	"dutyroster/internal/app"
	"dutyroster/roster"
	"dutyroster/roster/check"
	"dutyroster/store"

	_ "modernc.org/sqlite"
)

// copyDB copies a closed database file to a new one in a fresh folder.
func copyDB(t *testing.T, from string) string {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(to, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return to
}

// on returns a cli on another database file, at c's instant.
func (c *cli) on(db string) *cli {
	return &cli{t: c.t, dir: filepath.Dir(db), db: db, now: c.now}
}

// TestPostFilesNeverOverwrite: post ids that differ only in their dashes get a file each,
// holding their own rows.
func TestPostFilesNeverOverwrite(t *testing.T) {
	c := newCLI(t)
	c.ok("init")
	plan := `version: 1
center: {name: Trung tâm Trợ giúp pháp lý, hotline: "0277 3851 551"}
officers:
  - {id: a, name: Nguyễn Văn A, role: lawyer, phone: "0900 000 001"}
  - {id: b, name: Trần Thị B, role: lawyer, phone: "0900 000 002"}
  - {id: c, name: Lê Văn C, role: lawyer, phone: "0900 000 003"}
posts:
`
	for _, id := range []string{"tand-tinh", "tand--tinh", "tand-tinh-"} {
		plan += fmt.Sprintf(`  - id: %s
    name: Cơ quan %s
    kind: court
    shifts: [{id: sang, rrule: "FREQ=WEEKLY;BYDAY=MO", start: "07:30", end: "11:30", mode: in_person, roles: [lawyer]}]
`, id, id)
	}
	path := filepath.Join(c.dir, "plan.yaml")
	os.WriteFile(path, []byte(plan), 0o644)
	c.ok("import", path)
	c.ok("generate", "--month", "2027-03")
	out := filepath.Join(c.dir, "out")
	printed := c.ok("export", "--month", "2027-03", "--format", "csv", "--split-by", "post", "--out", out)
	files, _ := filepath.Glob(filepath.Join(out, "*.csv"))
	if len(files) != 4 || strings.Count(printed, "wrote ") != 4 {
		t.Fatalf("%d files for 3 posts and the Center:\n%s", len(files), printed)
	}
	for _, id := range []string{"tand-tinh", "tand--tinh", "tand-tinh-"} {
		data, err := os.ReadFile(filepath.Join(out, "lich-truc-2027-03-"+id+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\r\n")[1:] {
			if !strings.Contains(line, ","+id+",Cơ quan "+id+",") {
				t.Errorf("%s's file holds another post's row: %s", id, line)
			}
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(c.dir, ".*tmp-*"))
	inner, _ := filepath.Glob(filepath.Join(out, ".*tmp-*"))
	if len(leftovers)+len(inner) > 0 {
		t.Errorf("temporaries left: %v %v", leftovers, inner)
	}
}

// dayDuty finds a 24-hour duty starting on day.
func dayDuty(r export.RosterJSON, day string) (export.AssignmentJSON, bool) {
	for _, a := range r.Assignments {
		s, _ := time.Parse(time.RFC3339, a.Start)
		e, _ := time.Parse(time.RFC3339, a.End)
		if a.Start[:10] == day && a.Role == "duty" && e.Sub(s) == 24*time.Hour {
			return a, true
		}
	}
	return export.AssignmentJSON{}, false
}

// TestNeighbouringAmendmentsRace amends the last day of March and the first of April at the
// same time, both handing a 24-hour duty to the same officer: each alone is valid, together
// they leave no rest. Fifty times, at most one is accepted and the checker finds no rule broken.
func TestNeighbouringAmendmentsRace(t *testing.T) {
	c := withSample(t)
	for _, m := range []string{"2027-03", "2027-04"} {
		c.ok("generate", "--month", m)
		c.ok("publish", "--month", m, "--allow-unfilled")
	}
	march, _ := dayDuty(c.roster("--month", "2027-03"), "2027-03-31")
	april, _ := dayDuty(c.roster("--month", "2027-04"), "2027-04-01")
	if march.OfficerID == "" || april.OfficerID == "" {
		t.Fatal("no 24-hour duties on 31/03 and 01/04")
	}
	replace := func(cc *cli, month string, a export.AssignmentJSON, by string) (string, int) {
		_, errOut, code := cc.run("replace", "--month", month, "--officer", a.OfficerID, "--from", a.Start[:10], "--replacement", by,
			"--reason", "Ốm", "--author", "test")
		return errOut, code
	}
	// An officer who may take either duty alone.
	by := ""
	for _, o := range c.roster("--month", "2027-03").Assignments {
		cand := o.OfficerID
		if cand == march.OfficerID || cand == april.OfficerID {
			continue
		}
		if _, code := replace(c.on(copyDB(t, c.db)), "2027-03", march, cand); code != 0 {
			continue
		}
		if _, code := replace(c.on(copyDB(t, c.db)), "2027-04", april, cand); code != 0 {
			continue
		}
		by = cand
		break
	}
	if by == "" {
		t.Fatal("nobody can take either duty alone")
	}
	plan, err := roster.ParsePlan("dong-thap.yaml", mustRead(t, samplePlan))
	if err != nil {
		t.Fatal(err)
	}
	accepted := 0
	for trial := 0; trial < 50; trial++ {
		cc := c.on(copyDB(t, c.db))
		var wg sync.WaitGroup
		codes := make([]int, 2)
		for k, job := range []struct {
			month string
			a     export.AssignmentJSON
		}{{"2027-03", march}, {"2027-04", april}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, codes[k] = replace(cc, job.month, job.a, by)
			}()
		}
		wg.Wait()
		if codes[0] == 0 && codes[1] == 0 {
			t.Fatalf("trial %d: both amendments were accepted", trial)
		}
		if codes[0] == 0 || codes[1] == 0 {
			accepted++
		}
		var all []roster.Assignment
		for _, m := range []string{"2027-03", "2027-04"} {
			all = append(all, toAssignments(t, cc.roster("--month", m))...)
		}
		for _, v := range check.Roster(check.Input{Plan: plan, Assignments: all}) {
			if v.Rule == check.RuleRest || v.Rule == check.RuleOverlap {
				t.Fatalf("trial %d: %s", trial, v.Message)
			}
		}
	}
	if accepted != 50 {
		t.Errorf("%d of 50 trials accepted one amendment; each should have", accepted)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func toAssignments(t *testing.T, r export.RosterJSON) []roster.Assignment {
	var out []roster.Assignment
	for _, a := range r.Assignments {
		s, _ := time.Parse(time.RFC3339, a.Start)
		e, _ := time.Parse(time.RFC3339, a.End)
		out = append(out, roster.Assignment{PostID: a.PostID, ShiftID: a.ShiftID, Start: s, End: e, OfficerID: a.OfficerID,
			Role: roster.DutyRole(a.Role), Weight: 1000})
	}
	return out
}

// TestPublishedVersionsResistSQL tries every way plain SQL could change a published version:
// each is refused. With the safeguards dropped, a change is still named by verify, whose
// digest the exports and the manifest carry.
func TestPublishedVersionsResistSQL(t *testing.T) {
	c := published(t)
	ctx := context.Background()
	db := c.store()
	var id int64
	sqlOf := func(q string) error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if err := tx.QueryRowContext(ctx, `SELECT id FROM rosters WHERE month = '2026-12' AND version = 1`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		_, err = tx.ExecContext(ctx, strings.ReplaceAll(q, "$ID", fmt.Sprint(id)))
		return err
	}
	for _, q := range []string{
		`INSERT INTO assignments SELECT roster_id, post_id, shift_id, start_unix + 86400 * 400, end_unix + 86400 * 400, officer_id, role, weight_milli, flags FROM assignments WHERE roster_id = $ID LIMIT 1`,
		`INSERT OR REPLACE INTO assignments SELECT roster_id, post_id, shift_id, start_unix, end_unix, officer_id, 'backup', weight_milli, flags FROM assignments WHERE roster_id = $ID LIMIT 1`,
		`REPLACE INTO rosters (id, month, version, status, seed, created_at, created_by) VALUES ($ID, '2026-12', 1, 'draft', 1, 'x', 'x')`,
		`INSERT INTO rosters (month, version, status, seed, created_at, created_by) VALUES ('2026-12', 9, 'published', 1, 'x', 'x')`,
		`UPDATE roster_officers SET burden_units = 0 WHERE roster_id = $ID`,
		`DELETE FROM roster_officers WHERE roster_id = $ID`,
		`INSERT INTO roster_officers (roster_id, officer_id, share_milli, burden_units) VALUES ($ID, 'zz-none', 1000, 0)`,
		`DELETE FROM rotation_state WHERE roster_id = $ID`,
		`UPDATE rotation_state SET next_index = next_index + 1 WHERE roster_id = $ID`,
		`INSERT OR REPLACE INTO unfilled (roster_id, post_id, shift_id, start_unix, end_unix, role, missing, reason) SELECT roster_id, post_id, shift_id, start_unix, end_unix, 'duty', 1, 'x' FROM assignments WHERE roster_id = $ID LIMIT 1`,
		`UPDATE rosters SET digest = 'x' WHERE id = $ID`,
	} {
		if err := sqlOf(q); err == nil {
			t.Errorf("allowed: %s", q)
		}
	}
	if out := c.ok("verify"); out != "verified 1 published versions: each matches the digest it was published with\n" {
		t.Errorf("verify: %q", out)
	}
	// The digest travels with the documents.
	r := c.roster("--month", "2026-12")
	if len(r.Digest) != 64 {
		t.Fatalf("roster digest %q", r.Digest)
	}
	ics := filepath.Join(c.dir, "t.ics")
	c.ok("export", "--month", "2026-12", "--format", "ics", "--out", ics)
	unfolded := strings.NewReplacer("\r\n ", "", "\n ", "").Replace(string(mustRead(t, ics)))
	if !strings.Contains(unfolded, "X-DUTYROSTER-DIGEST:sha256:"+r.Digest) {
		t.Error("the calendar does not carry the digest")
	}
	// Someone drops the safeguards and moves a duty: verify names the version, exit 3.
	for _, q := range []string{`DROP TRIGGER assignments_frozen_update`,
		`UPDATE assignments SET officer_id = (SELECT id FROM officers WHERE id <> assignments.officer_id LIMIT 1) WHERE rowid IN (SELECT rowid FROM assignments LIMIT 1)`} {
		if _, err := dbExec(db, q); err != nil {
			// WITHOUT ROWID table: change by key instead.
			if _, err := dbExec(db, `UPDATE assignments SET role = CASE role WHEN 'duty' THEN 'backup' ELSE 'duty' END WHERE roster_id = `+fmt.Sprint(id)+` AND start_unix = (SELECT min(start_unix) FROM assignments WHERE roster_id = `+fmt.Sprint(id)+`)`); err != nil {
				t.Fatal(err)
			}
		}
	}
	out, errOut, code := c.run("verify")
	if code != 3 || !strings.HasPrefix(out, "2026-12 version 1: its rows no longer match the digest it was published with") ||
		errOut != "Error: 1 of 1 published versions changed after publishing\n" {
		t.Errorf("verify after tampering: %d %q %q", code, out, errOut)
	}
}

func dbExec(db *store.DB, q string) (int64, error) {
	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(context.Background(), q)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return n, tx.Commit()
}

// TestExtremeArgumentsNeverPanic gives month, date and time arguments at and past the years
// dutyroster handles: each gets a one-line error, exit 2, never a stack trace.
func TestExtremeArgumentsNeverPanic(t *testing.T) {
	c := published(t)
	for _, args := range [][]string{
		{"generate", "--month", "0000-01"}, {"generate", "--month", "0001-01"}, {"generate", "--month", "9999-12"},
		{"publish", "--month", "0001-01"}, {"export", "--month", "9999-12", "--format", "json"},
		{"now", "--at", "0001-01-01 00:00"}, {"my", "--officer", "tgv-01", "--from", "9999-01-01"},
		{"leave", "add", "--officer", "tgv-01", "--from", "0001-01-01"}, {"holidays", "--year", "0"},
		{"daemon", "--once", "--at", "9999-12-31 23:59"}, {"roster", "show", "--month", "-001-01"},
	} {
		out, errOut, code := c.run(args...)
		if code != 2 || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "Error: ") || strings.Contains(errOut, "goroutine") {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q", args, code, out, errOut)
		}
	}
}

// FuzzCommandLineDates feeds any text as month, date and time arguments: the program answers
// with an exit code, never a panic.
func FuzzCommandLineDates(f *testing.F) {
	for _, s := range []string{"2026-03", "0000-01", "9999-12", "2026-02-30", "2100-12-31", "1900-01-01T00:00", "-1-01", "2026-3", ""} {
		f.Add(s)
	}
	dir := f.TempDir()
	base := &cli{dir: dir, db: filepath.Join(dir, "f.db"), now: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	f.Fuzz(func(t *testing.T, s string) {
		c := *base
		c.t = t
		for _, args := range [][]string{{"generate", "--month", s, "--dry-run"}, {"lunar", s}, {"deadline", "--month", s},
			{"now", "--at", s}, {"leave", "list", "--month", s}} {
			_, errOut, code := c.run(args...)
			if code == exitInternal || strings.Contains(errOut, "internal failure") {
				t.Fatalf("%v: exit %d: %s", args, code, errOut)
			}
		}
	})
}

// TestControlCharactersRefused: the command line refuses control characters in every text it
// stores, and e-mails with a header injected.
func TestControlCharactersRefused(t *testing.T) {
	c := published(t)
	before := c.snapshot()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"officer", "add", "x-01", "--name", "Trần\x1b[2J", "--role", "lawyer", "--phone", "0900 000 000"}, "Error: officer x-01: name holds a control character (U+001B at byte 6); remove it\n"},
		{[]string{"officer", "set", "tgv-01", "--email", "a@b.c\r\nBcc: evil@x"}, "Error: officer tgv-01: e-mail \"a@b.c\\r\\nBcc: evil@x\" holds a control character (U+000D at byte 5); remove it\n"},
		{[]string{"officer", "set", "tgv-01", "--email", "not an address"}, "Error: officer tgv-01: email \"not an address\" is not an e-mail address\n"},
		{[]string{"leave", "add", "--officer", "tgv-01", "--from", "2026-12-20", "--reason", "Ốm\x00"}, "Error: --reason holds a control character (U+0000 at byte 4); remove it\n"},
		{[]string{"unassign", "--month", "2026-12", "--post", "tand-tinh", "--date", "2026-12-01", "--officer", "tgv-01", "--reason", "x\x7f"}, "Error: --reason holds a control character (U+007F at byte 1); remove it\n"},
	} {
		if got := c.fail(2, tc.args...); got != tc.want {
			t.Errorf("%q:\n got %q\nwant %q", tc.args, got, tc.want)
		}
	}
	c.assertUnchanged(before)
}

// TestListingCSVNeutralisesFormulas: a name that a spreadsheet would run as a formula is
// written inert in every listing CSV.
func TestListingCSVNeutralisesFormulas(t *testing.T) {
	c := published(t)
	c.ok("officer", "add", "x-01", "--name", "=HYPERLINK(\"http://evil\",\"Bấm\")", "--role", "lawyer", "--phone", "0900 000 000")
	c.ok("officer", "set", "tgv-01", "--name", "@SUM(1+1)")
	for _, args := range [][]string{{"officer", "list", "-o", "csv"}, {"stats", "--month", "2026-12", "-o", "csv"},
		{"roster", "show", "--month", "2026-12", "-o", "csv"}, {"my", "--officer", "tgv-02", "--from", "2026-12-01", "-o", "csv"}} {
		out := c.ok(args...)
		for _, bad := range []string{",=HYPERLINK", ",@SUM", "\n=", "\n@"} {
			if strings.Contains(out, bad) {
				t.Errorf("%v writes a live formula:\n%s", args, out)
			}
		}
	}
	if out := c.ok("officer", "list", "-o", "csv"); !strings.Contains(out, `"'=HYPERLINK(""http://evil"",""Bấm"")"`) {
		t.Errorf("the formula is not kept inert:\n%s", out)
	}
}

// TestOutputPathsAreSafe: a FIFO or a folder named as the output file is refused and left as
// it was; a temporary left by a killed export is removed; --out - writes to standard output.
func TestOutputPathsAreSafe(t *testing.T) {
	c := published(t)
	fifo := filepath.Join(c.dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	got := c.fail(2, "export", "--month", "2026-12", "--format", "json", "--out", fifo)
	if got != "Error: cannot write "+fifo+": it is a named pipe; name a regular file or a new path (--out - writes to standard output)\n" {
		t.Errorf("FIFO: %q", got)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the FIFO was replaced")
	}
	for _, dev := range []string{"/dev/null", "/dev/full"} {
		if _, err := os.Stat(dev); err != nil {
			continue
		}
		got := c.fail(2, "export", "--month", "2026-12", "--format", "json", "--out", dev)
		if !strings.Contains(got, "it is a device") {
			t.Errorf("%s: %q", dev, got)
		}
		if fi, _ := os.Stat(dev); fi.Mode()&os.ModeDevice == 0 {
			t.Fatalf("%s was replaced by a regular file", dev)
		}
	}
	// A dead process's temporary is cleaned; this process's own output appears whole.
	target := filepath.Join(c.dir, "r.json")
	stale := filepath.Join(c.dir, ".r.json.tmp-999999999-1234")
	os.WriteFile(stale, []byte("half"), 0o644)
	c.ok("export", "--month", "2026-12", "--format", "json", "--out", target)
	if _, err := os.Stat(stale); err == nil {
		t.Error("the stale temporary is still there")
	}
	var r export.RosterJSON
	if err := json.Unmarshal(mustRead(t, target), &r); err != nil || r.Month != "2026-12" {
		t.Errorf("written file: %v", err)
	}
	if out := c.ok("export", "--month", "2026-12", "--format", "json", "--out", "-"); !strings.HasPrefix(out, "{") {
		t.Errorf("--out - wrote %q", out[:min(len(out), 40)])
	}
}

// TestForeignDatabaseRefused: a SQLite file that is not dutyroster's is refused by name and
// left exactly as it was; init makes the database private whatever existed.
func TestForeignDatabaseRefused(t *testing.T) {
	c := newCLI(t)
	other := filepath.Join(c.dir, "other.db")
	db, err := sqlOpen(other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('mine')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before := mustRead(t, other)
	for _, args := range [][]string{{"officer", "list"}, {"roster", "show", "--month", "2026-12"}, {"daemon", "status"}, {"verify"}} {
		_, errOut, code := c.on(other).run(args...)
		if code != 2 || !strings.Contains(errOut, other+" is not a dutyroster database") {
			t.Errorf("%v: %d %q", args, code, errOut)
		}
	}
	if after := mustRead(t, other); string(after) != string(before) {
		t.Error("the foreign database was changed")
	}
	if _, err := os.Stat(other + "-wal"); err == nil {
		t.Error("the foreign database got a WAL")
	}
	// init on an existing empty file, readable by all, makes it the database and private.
	empty := filepath.Join(c.dir, "empty.db")
	os.WriteFile(empty, nil, 0o644)
	os.Chmod(empty, 0o644)
	if _, errOut, code := c.on(empty).run("init"); code != 0 {
		t.Fatal(errOut)
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if fi, err := os.Stat(empty + suffix); err == nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %o", empty+suffix, fi.Mode().Perm())
		}
	}
}

var _ = io.Discard
var _ = app.WriteFileAtomic

func sqlOpen(path string) (*sql.DB, error) { return sql.Open("sqlite", "file:"+path) }
