// Package store keeps dutyroster's data in SQLite (modernc.org/sqlite, no cgo). It is the only
// package that knows SQL: every public method runs in one transaction and either commits all of
// its writes or none.
package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"dutyroster/roster"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migration/*.sql
var migrationFS embed.FS

// DB is an open dutyroster database.
type DB struct {
	db   *sql.DB
	Path string
	// readOnly marks a database opened with OpenReadOnly: writes are refused before SQLite sees them.
	readOnly bool
	// Now returns the current time; tests replace it to fix time.
	Now func() time.Time
}

// Tx is a transaction that carries one timestamp for everything it writes.
type Tx struct {
	*sql.Tx
	db  *DB
	now time.Time
	loc *time.Location // the Center's time zone, once read
}

// dsn builds the connection string with the pragmas every pooled connection needs.
func dsn(path string) string {
	v := url.Values{}
	v.Add("_pragma", "busy_timeout(10000)")
	v.Add("_pragma", "journal_mode(WAL)")
	v.Add("_pragma", "synchronous(NORMAL)")
	v.Add("_pragma", "foreign_keys(1)")
	v.Add("_pragma", "recursive_triggers(1)")        // REPLACE's delete step fires the freeze triggers
	v.Add("_pragma", "cache_size(-65536)")           // 64 MiB: month-sized inserts touch many index pages
	v.Add("_pragma", "journal_size_limit(67108864)") // the WAL shrinks back to 64 MiB after a checkpoint
	v.Set("_txlock", "immediate")
	return "file:" + filepath.ToSlash(path) + "?" + v.Encode()
}

// Create makes a new database file with mode 0600 and applies the migrations. It refuses
// when the file exists: created reports false and the database is opened and migrated instead.
func Create(ctx context.Context, path string) (db *DB, created bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case err == nil:
		created = true
		if err := f.Close(); err != nil {
			return nil, false, fmt.Errorf("create %s: %w", path, err)
		}
	case errors.Is(err, fs.ErrExist):
	default:
		return nil, false, roster.Errorf(roster.EINVALID, "cannot create the database %s: %v", path, err)
	}
	db, err = open(ctx, path, true)
	if err != nil {
		if created {
			os.Remove(path)
		}
		return nil, false, err
	}
	// The database holds officers' phones: readable by its owner only, whatever existed before
	// (an empty file made by someone else, a WAL left from an earlier copy).
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Chmod(path+suffix, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			db.Close()
			return nil, false, fmt.Errorf("make %s private: %w", path+suffix, err)
		}
	}
	return db, created, nil
}

// OpenReadOnly opens an existing database for reading only: nothing it does writes to the file,
// so it works on a read-only copy or file and never blocks a writer. The database must be up to
// date (a command that writes brings it up to date). In a folder it may not write to, the file
// is read as it is on disk (SQLite's immutable mode).
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &roster.Error{Code: roster.ENOTFOUND, Message: fmt.Sprintf(
				"no database at %s; create one with `dutyroster init --db %s`, or name another with --db or $DUTYROSTER_DB", path, path)}
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if !isDutyroster(ctx, path) {
		return nil, roster.Errorf(roster.EINVALID, "%s is not a dutyroster database (it has none of dutyroster's tables); name another with --db, or create one with `dutyroster init --db %s`", path, path)
	}
	base := "file:" + filepath.ToSlash(path) + "?mode=ro&_pragma=busy_timeout(10000)&_pragma=query_only(1)&_pragma=foreign_keys(1)"
	var db *DB
	for _, dsn := range []string{base, base + "&immutable=1"} {
		sqldb, err := sql.Open("sqlite", dsn)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		if _, err = sqldb.ExecContext(ctx, `SELECT count(*) FROM migrations`); err != nil {
			sqldb.Close()
			continue
		}
		db = &DB{db: sqldb, Path: path, Now: time.Now, readOnly: true}
		break
	}
	if db == nil {
		return nil, roster.Errorf(roster.EINVALID, "cannot read the database %s", path)
	}
	if missing, err := db.pendingMigrations(ctx); err != nil {
		db.Close()
		return nil, err
	} else if missing > 0 {
		db.Close()
		return nil, roster.Errorf(roster.EINVALID, "the database %s was written by an older dutyroster; run `dutyroster init --db %s` once to bring it up to date", path, path)
	}
	return db, nil
}

// pendingMigrations counts the embedded migrations the database has not had.
func (db *DB) pendingMigrations(ctx context.Context) (int, error) {
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return 0, err
	}
	applied, err := db.Migrations(ctx)
	if err != nil {
		return 0, err
	}
	have := map[string]bool{}
	for _, a := range applied {
		have[a] = true
	}
	n := 0
	for _, name := range names {
		if !have[filepath.Base(name)] {
			n++
		}
	}
	return n, nil
}

// Open opens an existing database and applies any migrations it lacks.
func Open(ctx context.Context, path string) (*DB, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &roster.Error{Code: roster.ENOTFOUND, Message: fmt.Sprintf(
				"no database at %s; create one with `dutyroster init --db %s`, or name another with --db or $DUTYROSTER_DB", path, path)}
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return open(ctx, path, false)
}

// isDutyroster looks at a file read-only, with no pragma that could write to it, and reports
// whether it holds dutyroster's tables. A file that is not a database at all is not; a database
// busy with a writer is given the benefit of the doubt (opening it properly will tell).
func isDutyroster(ctx context.Context, path string) bool {
	probe, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return false
	}
	defer probe.Close()
	var n int
	err = probe.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'migrations'`).Scan(&n)
	if err != nil {
		return !strings.Contains(err.Error(), "not a database")
	}
	return n == 1
}

// open opens a database; only create may give a file without dutyroster's tables its schema.
func open(ctx context.Context, path string, create bool) (*DB, error) {
	if !create && !isDutyroster(ctx, path) {
		return nil, roster.Errorf(roster.EINVALID, "%s is not a dutyroster database (it has none of dutyroster's tables); name another with --db, or create one with `dutyroster init --db %s`", path, path)
	}
	sqldb, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// A bad DSN or a file that is not a database shows only at the first query.
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, roster.Errorf(roster.EINVALID, "%s is not a dutyroster database: %v", path, err)
	}
	db := &DB{db: sqldb, Path: path, Now: time.Now}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		var de *roster.Error
		if errors.As(err, &de) {
			return nil, err
		}
		return nil, roster.Errorf(roster.EINVALID, "%s is not a dutyroster database: %v", path, err)
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// migrate applies the embedded migrations that have not run yet, each in its own transaction,
// and records them.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	applied := map[string]bool{}
	rows, err := db.db.QueryContext(ctx, `SELECT name FROM migrations`)
	if err != nil {
		return fmt.Errorf("read migrations: %w", err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		applied[n] = true
	}
	rows.Close()
	known := map[string]bool{}
	for _, name := range names {
		base := filepath.Base(name)
		known[base] = true
		if applied[base] {
			continue
		}
		body, err := migrationFS.ReadFile(name)
		if err != nil {
			return err
		}
		tx, err := db.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", base, err)
		}
		if fix := migrationFixups[base]; fix != nil {
			if err := fix(ctx, tx); err != nil {
				tx.Rollback()
				return fmt.Errorf("migration %s: %w", base, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`,
			base, db.Now().UTC().Format(time.RFC3339)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", base, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
	}
	for n := range applied {
		if !known[n] {
			return roster.Errorf(roster.EINVALID, "the database was written by a newer dutyroster (migration %s); update this program", n)
		}
	}
	return nil
}

// migrationFixups are steps of a migration that SQL alone cannot do, run in its transaction.
var migrationFixups = map[string]func(context.Context, *sql.Tx) error{
	"0005_outbox_claims.sql": channelNames,
	"0006_frozen_digest.sql": backfillDigests,
}

// channelNames maps notifications queued by position ('#N') to the name of the notifier that
// stood at that position in the stored daemon settings; a position with no notifier keeps a
// name that no notifier has, so the daemon marks it failed with the reason.
func channelNames(ctx context.Context, tx *sql.Tx) error {
	var config string
	switch err := tx.QueryRowContext(ctx, `SELECT config FROM daemon_settings WHERE id = 1`).Scan(&config); err {
	case nil:
	case sql.ErrNoRows:
		return nil
	default:
		return err
	}
	var d roster.DaemonConfig
	if err := json.Unmarshal([]byte(config), &d); err != nil {
		return fmt.Errorf("read daemon settings: %w", err)
	}
	for i, name := range d.Channels() {
		if _, err := tx.ExecContext(ctx, `UPDATE notifications SET channel = ? WHERE channel = ?`, name, fmt.Sprintf("#%d", i)); err != nil {
			return err
		}
	}
	return nil
}

// Migrations lists the applied migrations in order.
func (db *DB) Migrations(ctx context.Context) ([]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT name FROM migrations ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// BeginTx starts a transaction stamped with the current time.
func (db *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	tx, err := db.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &Tx{Tx: tx, db: db, now: db.Now().UTC().Truncate(time.Second)}, nil
}

// inTx runs fn in a transaction and commits when it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	if db.readOnly {
		return fmt.Errorf("write to %s opened for reading only", db.Path)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// readTx runs fn in a read-only transaction, so that it sees one snapshot.
func (db *DB) readTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	User    string    `json:"user"`
	Command string    `json:"command"`
	Summary string    `json:"summary"`
	// Text is Summary unformatted, for the reader's language (empty for entries written before
	// it was kept).
	Text roster.Text `json:"-"`
}

// audit appends to the audit log in the same transaction as the write it describes.
// The summary is a message format (English, the catalogue's key) and its arguments.
func (tx *Tx) audit(ctx context.Context, user, command, format string, args ...any) error {
	if user == "" {
		user = "unknown"
	}
	enc, err := json.Marshal(textArgs(args))
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit (at, user, command, summary, summary_format, summary_args) VALUES (?, ?, ?, ?, ?, ?)`,
		tx.now.Format(time.RFC3339), user, command, fmt.Sprintf(format, args...), format, string(enc))
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// Audit lists the audit log from since (zero: everything), oldest first.
func (db *DB) Audit(ctx context.Context, since time.Time) ([]AuditEntry, error) {
	var out []AuditEntry
	err := db.readTx(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, at, user, command, summary, summary_format, summary_args FROM audit WHERE at >= ? ORDER BY id`,
			since.UTC().Format(time.RFC3339))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e AuditEntry
			var at, format, args string
			if err := rows.Scan(&e.ID, &at, &e.User, &e.Command, &e.Summary, &format, &args); err != nil {
				return err
			}
			if format != "" {
				if a, err := decodeTextArgs(args); err == nil {
					e.Text = roster.T(format, a...)
				}
			}
			e.At, _ = time.Parse(time.RFC3339, at)
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// Actor names who runs a write command and what it is, for the audit log.
type Actor struct {
	User    string
	Command string
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func joinIDs(ids []string) string { return strings.Join(ids, ", ") }

// textArgs turns a message's arguments into what JSON keeps: whole numbers, text, nested
// messages as {"f": format, "a": [...]}, values written per language (a date, a slot) as
// {"en": ..., "vi": ...}; anything else as the text it prints.
func textArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, string:
			out[i] = v
		case roster.Text:
			out[i] = map[string]any{"f": v.Format, "a": textArgs(v.Args)}
		case interface{ Localize(string) string }:
			out[i] = map[string]any{"en": v.Localize("en"), "vi": v.Localize("vi")}
		default:
			out[i] = fmt.Sprint(v)
		}
	}
	return out
}

// decodeTextArgs reads what textArgs wrote.
func decodeTextArgs(s string) ([]any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var raw []any
	if err := dec.Decode(&raw); err != nil {
		return nil, err
	}
	return fromJSONArgs(raw), nil
}

func fromJSONArgs(raw []any) []any {
	out := make([]any, len(raw))
	for i, r := range raw {
		switch v := r.(type) {
		case json.Number:
			if n, err := v.Int64(); err == nil {
				out[i] = n
			} else {
				out[i] = v.String()
			}
		case map[string]any:
			if en, ok := v["en"].(string); ok {
				vi, _ := v["vi"].(string)
				out[i] = roster.Phrase{EN: en, VI: vi}
				continue
			}
			f, _ := v["f"].(string)
			a, _ := v["a"].([]any)
			out[i] = roster.T(f, fromJSONArgs(a)...)
		default:
			out[i] = v
		}
	}
	return out
}
