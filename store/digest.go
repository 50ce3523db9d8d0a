package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"time"

	"dutyroster/roster"
)

// queryer is what computing a digest needs: a transaction of this package's or of a migration.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// versionHead is what a digest covers of a version's own row.
type versionHead struct {
	Month, Status, CreatedAt, CreatedBy, Reason, Kind, PublishedAt, PublishedBy string
	Version, BasedOn                                                            int
	Seed                                                                        int64
}

// digestOf computes the SHA-256 digest of a version: its row (as head gives it) and every row
// that belongs to it, in a fixed order, each written as JSON so that no text can imitate a
// separator, chained to prev (the digest of the month's previous published version, or "").
func digestOf(ctx context.Context, q queryer, id int64, head versionHead, prev string) (string, error) {
	h := sha256.New()
	line := func(v ...any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		h.Write(b)
		h.Write([]byte{'\n'})
		return nil
	}
	if err := line("dutyroster version digest 1", prev, head); err != nil {
		return "", err
	}
	for _, t := range []struct{ name, query string }{
		{"assignment", `SELECT post_id, shift_id, start_unix, end_unix, officer_id, role, weight_milli, flags FROM assignments
			WHERE roster_id = ? ORDER BY start_unix, post_id, shift_id, role, officer_id`},
		{"unfilled", `SELECT post_id, shift_id, start_unix, end_unix, role, missing, reason FROM unfilled
			WHERE roster_id = ? ORDER BY start_unix, post_id, shift_id, role`},
		{"rotation", `SELECT post_id, shift_id, next_index, owed FROM rotation_state WHERE roster_id = ? ORDER BY post_id, shift_id`},
		{"officer", `SELECT officer_id, share_milli, burden_units FROM roster_officers WHERE roster_id = ? ORDER BY officer_id`},
	} {
		if err := hashRows(ctx, q, h, t.name, t.query, id); err != nil {
			return "", fmt.Errorf("digest of %s rows: %w", t.name, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashRows writes each row of a query into h as a JSON array headed by kind.
func hashRows(ctx context.Context, q queryer, h hash.Hash, kind, query string, id int64) error {
	rows, err := q.QueryContext(ctx, query, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		b, err := json.Marshal(append([]any{kind}, vals...))
		if err != nil {
			return err
		}
		h.Write(b)
		h.Write([]byte{'\n'})
	}
	return rows.Err()
}

// headOf reads a version's row as the digest covers it.
func headOf(ctx context.Context, q queryer, id int64) (versionHead, error) {
	var v versionHead
	err := q.QueryRowContext(ctx, `SELECT month, version, status, seed, created_at, created_by, reason, kind, COALESCE(based_on, 0),
		COALESCE(published_at, ''), COALESCE(published_by, '') FROM rosters WHERE id = ?`, id).Scan(&v.Month, &v.Version, &v.Status,
		&v.Seed, &v.CreatedAt, &v.CreatedBy, &v.Reason, &v.Kind, &v.BasedOn, &v.PublishedAt, &v.PublishedBy)
	return v, err
}

// previousDigest is the stored digest of the month's latest published version before version.
func previousDigest(ctx context.Context, q queryer, month string, version int) (string, error) {
	var d string
	err := q.QueryRowContext(ctx, `SELECT digest FROM rosters WHERE month = ? AND version < ? AND status = 'published'
		ORDER BY version DESC LIMIT 1`, month, version).Scan(&d)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return d, err
}

// publishVersion freezes a draft: status, time, who and the digest, in one update.
func publishVersion(ctx context.Context, q queryer, id int64, at time.Time, by string) (string, error) {
	head, err := headOf(ctx, q, id)
	if err != nil {
		return "", err
	}
	head.Status, head.PublishedAt, head.PublishedBy = roster.StatusPublished, at.Format(time.RFC3339), by
	prev, err := previousDigest(ctx, q, head.Month, head.Version)
	if err != nil {
		return "", err
	}
	digest, err := digestOf(ctx, q, id, head, prev)
	if err != nil {
		return "", err
	}
	if _, err := q.ExecContext(ctx, `UPDATE rosters SET status = 'published', published_at = ?, published_by = ?, digest = ?
		WHERE id = ? AND status = 'draft'`, head.PublishedAt, by, digest, id); err != nil {
		return "", fmt.Errorf("publish: %w", err)
	}
	return digest, nil
}

// backfillDigests gives the published versions of an older database their digests (migration
// 0006): the freeze trigger is lifted for this one update, inside the migration's transaction.
func backfillDigests(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `DROP TRIGGER rosters_frozen`); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM rosters WHERE status = 'published' ORDER BY month, version`)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		head, err := headOf(ctx, tx, id)
		if err != nil {
			return err
		}
		prev, err := previousDigest(ctx, tx, head.Month, head.Version)
		if err != nil {
			return err
		}
		d, err := digestOf(ctx, tx, id, head, prev)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE rosters SET digest = ? WHERE id = ?`, d, id); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `CREATE TRIGGER rosters_frozen BEFORE UPDATE ON rosters WHEN OLD.status = 'published'
		BEGIN SELECT RAISE(ABORT, 'published rosters are never changed in place'); END`)
	return err
}

// Mismatch is a published version whose stored digest no longer matches its rows.
type Mismatch struct {
	Month   roster.Month
	Version int
	Stored  string
	Actual  string
}

// Verify recomputes the digest of every published version and returns those that do not match
// what was stored when they were published, and how many versions it checked.
func (db *DB) Verify(ctx context.Context) ([]Mismatch, int, error) {
	var out []Mismatch
	n := 0
	err := db.readTx(ctx, func(tx *Tx) error {
		type row struct {
			id     int64
			digest string
		}
		var vs []row
		if err := tx.query(ctx, `SELECT id, digest FROM rosters WHERE status = 'published' ORDER BY month, version`, func(rows *sql.Rows) error {
			var r row
			err := rows.Scan(&r.id, &r.digest)
			vs = append(vs, r)
			return err
		}); err != nil {
			return err
		}
		for _, v := range vs {
			head, err := headOf(ctx, tx, v.id)
			if err != nil {
				return err
			}
			prev, err := previousDigest(ctx, tx, head.Month, head.Version)
			if err != nil {
				return err
			}
			d, err := digestOf(ctx, tx, v.id, head, prev)
			if err != nil {
				return err
			}
			n++
			if d != v.digest {
				m, _ := roster.ParseMonth(head.Month)
				out = append(out, Mismatch{Month: m, Version: head.Version, Stored: v.digest, Actual: d})
			}
		}
		return nil
	})
	return out, n, err
}
