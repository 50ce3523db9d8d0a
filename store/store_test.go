package store

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"dutyroster/roster"
)

func samplePlan(t testing.TB) *roster.Plan {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "roster", "sample", "dong-thap.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := roster.ParsePlan("dong-thap.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// newDB creates a real SQLite database in a temporary directory.
func newDB(t testing.TB) *DB {
	t.Helper()
	db, created, err := Create(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil || !created {
		t.Fatalf("create: %v %v", created, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestMigrationsAreRecorded(t *testing.T) {
	db := newDB(t)
	ms, err := db.Migrations(context.Background())
	if err != nil || len(ms) == 0 || ms[0] != "0001_plan.sql" {
		t.Fatalf("migrations %v, %v", ms, err)
	}
	// Opening again applies nothing new.
	db2, err := Open(context.Background(), db.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	ms2, _ := db2.Migrations(context.Background())
	if !reflect.DeepEqual(ms, ms2) {
		t.Errorf("reopen changed migrations: %v -> %v", ms, ms2)
	}
}

func TestOpenRejectsOtherFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(path, []byte("this is not a database, just some text that is long enough......................................"), 0o600)
	_, err := Open(context.Background(), path)
	if err == nil || roster.ErrorCode(err) != roster.EINVALID || !strings.Contains(err.Error(), "is not a dutyroster database") {
		t.Fatalf("open of a text file: %v", err)
	}
}

func TestImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	plan := samplePlan(t)
	changes, err := db.ImportPlan(ctx, plan, false, Actor{User: "t", Command: "import"})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 3+1+4+37+15 { // center, rules, holidays, daemon, areas, officers, posts
		t.Errorf("%d changes on first import", len(changes))
	}
	loaded, err := db.LoadPlan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// What is stored reads back as the plan (store ids aside).
	for i := range loaded.Officers {
		for j := range loaded.Officers[i].Unavailable {
			loaded.Officers[i].Unavailable[j].ID = 0
		}
	}
	byID := map[string]roster.Officer{}
	for _, o := range loaded.Officers {
		byID[o.ID] = o
	}
	for _, o := range plan.Officers {
		if !reflect.DeepEqual(byID[o.ID], o) {
			t.Errorf("officer %s:\nstored %+v\nplan   %+v", o.ID, byID[o.ID], o)
		}
	}
	if !reflect.DeepEqual(loaded.Posts, plan.Posts) {
		t.Errorf("posts differ:\nstored %+v\nplan   %+v", loaded.Posts, plan.Posts)
	}
	if !reflect.DeepEqual(loaded.Daemon, plan.Daemon) || plan.Daemon == nil {
		t.Errorf("daemon settings: stored %+v, plan %+v", loaded.Daemon, plan.Daemon)
	}
	if !reflect.DeepEqual(loaded.Center, plan.Center) || loaded.Rules != plan.Rules || !reflect.DeepEqual(loaded.Holidays, plan.Holidays) {
		t.Errorf("settings differ: %+v %+v %+v", loaded.Center, loaded.Rules, loaded.Holidays)
	}
	before, _ := db.Snapshot(ctx)
	changes, err = db.ImportPlan(ctx, plan, false, Actor{})
	if err != nil || len(changes) != 0 {
		t.Fatalf("second import: %v, %v", changes, err)
	}
	after, _ := db.Snapshot(ctx)
	if !reflect.DeepEqual(before, after) {
		t.Error("second import changed the tables")
	}
}

func TestSchemaRefusesBadRows(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	if _, err := db.ImportPlan(ctx, samplePlan(t), false, Actor{}); err != nil {
		t.Fatal(err)
	}
	for name, q := range map[string]string{
		"unknown officer":  `INSERT INTO unavailability (officer_id, kind, from_date, to_date, source) VALUES ('nobody', 'days', '2026-01-01', '2026-01-02', 'cli')`,
		"bad role":         `INSERT INTO officers (id, name, role, phone, source) VALUES ('x', 'X', 'judge', '1', 'cli')`,
		"from after to":    `INSERT INTO unavailability (officer_id, kind, from_date, to_date, source) VALUES ('tgv-01', 'days', '2026-01-05', '2026-01-02', 'cli')`,
		"unknown area":     `INSERT INTO officer_areas (officer_id, area_id) VALUES ('tgv-01', 'khu-vuc-9')`,
		"need below one":   `UPDATE shifts SET need = 0`,
		"text in integer":  `UPDATE officers SET share_milli = 'lots'`,
		"second center":    `INSERT INTO center (id, name, parent, place, hotline, timezone, document_code, signer_title, signer_name, recipients) VALUES (2, 'x', '', '', '', 'UTC', '', '', '', '[]')`,
		"empty roles list": `UPDATE shifts SET roles = '[]'`,
	} {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, q); err == nil {
			t.Errorf("%s: accepted", name)
		}
		tx.Rollback()
	}
}

func TestCommandLineLeaveSurvivesImport(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	plan := samplePlan(t)
	db.ImportPlan(ctx, plan, false, Actor{})
	d1, _ := roster.ParseDate("2026-12-01")
	id, err := db.AddLeave(ctx, "tgv-01", roster.Unavailability{Kind: roster.UnavailDays, FromDate: d1, ToDate: d1, Reason: "Nghỉ ốm"}, Actor{})
	if err != nil {
		t.Fatal(err)
	}
	// The plan changes tgv-01's own leave; the command-line leave stays.
	plan.Officer("tgv-01").Unavailable = plan.Officer("tgv-01").Unavailable[:1]
	changes, err := db.ImportPlan(ctx, plan, false, Actor{})
	if err != nil || len(changes) != 1 || changes[0].String() != "updated officer tgv-01 (unavailable)" {
		t.Fatalf("changes %v, %v", changes, err)
	}
	o, _ := db.Officer(ctx, "tgv-01")
	var cli, fromPlan int
	for _, u := range o.Unavailable {
		if u.Source == "cli" && u.ID == id {
			cli++
		} else if u.Source == "plan" {
			fromPlan++
		}
	}
	if cli != 1 || fromPlan != 1 {
		t.Errorf("after import: %+v", o.Unavailable)
	}
	entries, _ := db.Audit(ctx, db.Now().AddDate(-1, 0, 0))
	if len(entries) != 3 {
		t.Errorf("audit has %d entries, want 3 (import, leave add, import)", len(entries))
	}
}

// accept is a Verify that accepts every roster.
func accept(*roster.Roster, []roster.Assignment) error { return nil }

// TestAmendmentRaceLosesNothing amends the same base version twice: the second is refused,
// so neither change silently overwrites the other.
func TestAmendmentRaceLosesNothing(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	plan := samplePlan(t)
	if _, err := db.ImportPlan(ctx, plan, false, Actor{}); err != nil {
		t.Fatal(err)
	}
	m := roster.Month{Year: 2026, Month: 12}
	if _, err := db.SaveDraft(ctx, &NewRoster{Month: m}, Actor{}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Publish(ctx, m, 0, "a", Actor{}, accept); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveAmendment(ctx, &NewRoster{Month: m, Reason: "first"}, 1, "a", Actor{}, accept); err != nil {
		t.Fatal(err)
	}
	_, err := db.SaveAmendment(ctx, &NewRoster{Month: m, Reason: "second"}, 1, "b", Actor{}, accept)
	if err == nil || roster.ErrorCode(err) != roster.ECONFLICT || !strings.Contains(err.Error(), "version 2 is now current, not 1") {
		t.Fatalf("second amendment on the same base: %v", err)
	}
	// A published version cannot be changed in place, even by SQL.
	tx, _ := db.BeginTx(ctx, nil)
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE rosters SET reason = 'x' WHERE version = 1`); err == nil {
		t.Error("a published version was updated")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM rosters WHERE version = 2`); err == nil {
		t.Error("a published version was deleted")
	}
}
