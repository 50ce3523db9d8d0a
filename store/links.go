package store

import (
	"context"
	"database/sql"
	"time"

	"dutyroster/roster"
)

// Link is a secret link to the web pages and feeds of one scope: the whole Center, a post or an
// officer. The store keeps the SHA-256 of the secret, never the secret.
type Link struct {
	ID         int64
	Hash       string // hex SHA-256 of the secret
	Scope      string // center, post or officer
	Target     string // the post's or officer's id
	Label      string
	CreatedAt  time.Time
	CreatedBy  string
	RevokedAt  time.Time // zero while the link works
	LastUsedAt time.Time
	Uses       int64
}

// Link scopes.
const (
	ScopeCenter  = "center"
	ScopePost    = "post"
	ScopeOfficer = "officer"
)

// AddLink records a new link.
func (db *DB) AddLink(ctx context.Context, l Link, actor Actor) (int64, error) {
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		if l.Label != "" {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM links WHERE label = ? AND revoked_at IS NULL`, l.Label).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return roster.Errorf(roster.ECONFLICT, "a live link is already labelled %q; choose another label or revoke that link first", l.Label)
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO links (secret_sha256, scope, target, label, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)`,
			l.Hash, l.Scope, l.Target, l.Label, tx.now.Format(time.RFC3339), actor.User)
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		return tx.audit(ctx, actor.User, actor.Command, "link #%d added for %s", id, describeScope(l.Scope, l.Target))
	})
	return id, err
}

func describeScope(scope, target string) string {
	if scope == ScopeCenter {
		return "the whole Center"
	}
	return scope + " " + target
}

// Links lists every link, live and revoked, oldest first.
func (db *DB) Links(ctx context.Context) ([]Link, error) {
	var out []Link
	err := db.readTx(ctx, func(tx *Tx) error {
		return tx.query(ctx, `SELECT id, secret_sha256, scope, target, label, created_at, created_by, COALESCE(revoked_at, ''),
			COALESCE(last_used_at, ''), uses FROM links ORDER BY id`, func(rows *sql.Rows) error {
			var l Link
			var created, revoked, used string
			if err := rows.Scan(&l.ID, &l.Hash, &l.Scope, &l.Target, &l.Label, &created, &l.CreatedBy, &revoked, &used, &l.Uses); err != nil {
				return err
			}
			l.CreatedAt, _ = time.Parse(time.RFC3339, created)
			if revoked != "" {
				l.RevokedAt, _ = time.Parse(time.RFC3339, revoked)
			}
			if used != "" {
				l.LastUsedAt, _ = time.Parse(time.RFC3339, used)
			}
			out = append(out, l)
			return nil
		})
	})
	return out, err
}

// RevokeLink ends a live link, found by its id, its secret's hash or its label.
func (db *DB) RevokeLink(ctx context.Context, id int64, hash, label string, actor Actor) (*Link, error) {
	var found Link
	err := db.inTx(ctx, func(tx *Tx) error {
		row := tx.QueryRowContext(ctx, `SELECT id, scope, target, label FROM links
			WHERE revoked_at IS NULL AND (id = ? OR secret_sha256 = ? OR (label = ? AND label != ''))`, id, hash, label)
		if err := row.Scan(&found.ID, &found.Scope, &found.Target, &found.Label); err == sql.ErrNoRows {
			return roster.Errorf(roster.ENOTFOUND, "no live link matches; `dutyroster link list` shows them")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE links SET revoked_at = ? WHERE id = ?`, tx.now.Format(time.RFC3339), found.ID); err != nil {
			return err
		}
		found.RevokedAt = tx.now
		return tx.audit(ctx, actor.User, actor.Command, "link #%d revoked (%s)", found.ID, describeScope(found.Scope, found.Target))
	})
	if err != nil {
		return nil, err
	}
	return &found, nil
}

// LinkUse is how often a link was used since the last record, and when last.
type LinkUse struct {
	Uses int64
	Last time.Time
}

// RecordLinkUse adds the uses the web server counted. It writes no audit line: using a link
// changes nothing anybody reads from the roster.
func (db *DB) RecordLinkUse(ctx context.Context, uses map[int64]LinkUse) error {
	if len(uses) == 0 {
		return nil
	}
	return db.inTx(ctx, func(tx *Tx) error {
		for id, u := range uses {
			if _, err := tx.ExecContext(ctx, `UPDATE links SET uses = uses + ?, last_used_at = max(COALESCE(last_used_at, ''), ?) WHERE id = ?`,
				u.Uses, u.Last.UTC().Format(time.RFC3339), id); err != nil {
				return err
			}
		}
		return nil
	})
}

// ContentVersion identifies what the database holds for readers: it changes with every write
// that leaves an audit line (imports, rosters, amendments, links), and At is when that was.
func (db *DB) ContentVersion(ctx context.Context) (id int64, at time.Time, err error) {
	var s string
	err = db.db.QueryRowContext(ctx, `SELECT COALESCE(max(id), 0), COALESCE((SELECT at FROM audit ORDER BY id DESC LIMIT 1), '') FROM audit`).Scan(&id, &s)
	if s != "" {
		at, _ = time.Parse(time.RFC3339, s)
	}
	return id, at, err
}

// Watcher tells cheaply whether anyone has written to the database since it last looked
// (SQLite's data_version, read on one connection kept for it).
type Watcher struct {
	conn *sql.Conn
	last int64
}

// Watch opens a watcher.
func (db *DB) Watch(ctx context.Context) (*Watcher, error) {
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	w := &Watcher{conn: conn}
	if _, err := w.Changed(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return w, nil
}

// Changed reports whether another connection has committed since the last call. It is not safe
// for concurrent use.
func (w *Watcher) Changed(ctx context.Context) (bool, error) {
	var v int64
	if err := w.conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
		return false, err
	}
	changed := v != w.last
	w.last = v
	return changed, nil
}

// Close releases the watcher's connection.
func (w *Watcher) Close() error { return w.conn.Close() }
