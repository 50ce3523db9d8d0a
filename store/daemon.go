package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"dutyroster/roster"
)

// Message is a notification the daemon owes: what happened, to whom.
type Message struct {
	Kind      string           `json:"kind"` // generated, deadline, delivered, reminder
	Subject   string           `json:"subject"`
	Body      string           `json:"body"`
	To        []roster.Contact `json:"to"`
	Month     string           `json:"month,omitempty"`
	OfficerID string           `json:"officer_id,omitempty"`
	Start     string           `json:"start,omitempty"`
	PostID    string           `json:"post_id,omitempty"`
	// Attachments are files sent with the message (a post's roster): paths on this machine.
	Attachments []string `json:"attachments,omitempty"`
}

// Notification is a message queued for one notifier channel.
type Notification struct {
	ID        int64
	Channel   string // the notifier's stable name
	Message   Message
	Status    string // pending, sending, sent, failed
	Attempts  int
	LastError string
	// ClaimToken proves, when the notification is marked, that the claim is still this one.
	ClaimToken string
}

// enqueue queues each message once for every channel, in the caller's transaction.
func (tx *Tx) enqueue(ctx context.Context, channels []string, msgs []Message) error {
	for _, m := range msgs {
		b, err := json.Marshal(m)
		if err != nil {
			return err
		}
		for _, ch := range channels {
			if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (created_at, channel, kind, message, status) VALUES (?, ?, ?, ?, 'pending')`,
				tx.now.Format(time.RFC3339), ch, m.Kind, string(b)); err != nil {
				return fmt.Errorf("queue notification: %w", err)
			}
		}
	}
	return nil
}

// Enqueue queues messages for every one of the named notifier channels.
func (db *DB) Enqueue(ctx context.Context, channels []string, msgs []Message) error {
	return db.inTx(ctx, func(tx *Tx) error { return tx.enqueue(ctx, channels, msgs) })
}

// ClaimNotification takes the oldest pending notification with an id above after for sending,
// in one statement that only a pending row passes, so that no two rounds or processes ever hold
// the same one. Claims older than reclaimAfter (their sender died between claim and mark) first
// go back to pending. It returns nil when nothing is pending.
func (db *DB) ClaimNotification(ctx context.Context, after int64, reclaimAfter time.Duration) (*Notification, error) {
	var out *Notification
	err := db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE notifications SET status = 'pending', claimed_at = NULL, claim_token = NULL
			WHERE status = 'sending' AND claimed_at <= ?`, tx.now.Add(-reclaimAfter).Format(time.RFC3339)); err != nil {
			return fmt.Errorf("reclaim notifications: %w", err)
		}
		token, err := randomToken()
		if err != nil {
			return err
		}
		var n Notification
		var msg string
		err = tx.QueryRowContext(ctx, `UPDATE notifications SET status = 'sending', claimed_at = ?, claim_token = ?
			WHERE id = (SELECT id FROM notifications WHERE status = 'pending' AND id > ? ORDER BY id LIMIT 1) AND status = 'pending'
			RETURNING id, channel, message, status, attempts, last_error, claim_token`, tx.now.Format(time.RFC3339), token, after).
			Scan(&n.ID, &n.Channel, &msg, &n.Status, &n.Attempts, &n.LastError, &n.ClaimToken)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return fmt.Errorf("claim notification: %w", err)
		}
		if err := json.Unmarshal([]byte(msg), &n.Message); err != nil {
			return fmt.Errorf("notification %d: %w", n.ID, err)
		}
		out = &n
		return nil
	})
	return out, err
}

// ErrClaimLost is returned by MarkNotification when the claim is no longer the caller's (it
// timed out and another round took the notification).
var ErrClaimLost = errors.New("the claim on this notification was lost")

// MarkNotification records the attempt of a claimed notification: sent, failed for good, or
// back to pending with the error, to be retried.
func (db *DB) MarkNotification(ctx context.Context, n *Notification, status string, sendErr error) error {
	return db.inTx(ctx, func(tx *Tx) error {
		msg, sent := "", any(nil)
		if sendErr != nil {
			msg = sendErr.Error()
		}
		if status == "sent" {
			sent = tx.now.Format(time.RFC3339)
		}
		res, err := tx.ExecContext(ctx, `UPDATE notifications SET status = ?, attempts = attempts + 1, last_error = ?, sent_at = ?,
			claimed_at = NULL, claim_token = NULL WHERE id = ? AND status = 'sending' AND claim_token = ?`, status, msg, sent, n.ID, n.ClaimToken)
		if err != nil {
			return fmt.Errorf("mark notification %d: %w", n.ID, err)
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return fmt.Errorf("notification %d: %w", n.ID, ErrClaimLost)
		}
		return nil
	})
}

func randomToken() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

// NotificationCounts counts notifications by status.
func (db *DB) NotificationCounts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	err := db.readTx(ctx, func(tx *Tx) error {
		return tx.query(ctx, `SELECT status, count(*) FROM notifications GROUP BY status`, func(rows *sql.Rows) error {
			var s string
			var n int
			err := rows.Scan(&s, &n)
			out[s] = n
			return err
		})
	})
	return out, err
}

// Notifications lists every notification of a kind ("" for all), oldest first (for tests and status).
func (db *DB) Notifications(ctx context.Context, kind string) ([]Notification, error) {
	var out []Notification
	err := db.readTx(ctx, func(tx *Tx) error {
		return tx.query(ctx, `SELECT id, channel, message, status, attempts, last_error FROM notifications WHERE ? = '' OR kind = ? ORDER BY id`,
			func(rows *sql.Rows) error {
				var n Notification
				var msg string
				if err := rows.Scan(&n.ID, &n.Channel, &msg, &n.Status, &n.Attempts, &n.LastError); err != nil {
					return err
				}
				out = append(out, n)
				return json.Unmarshal([]byte(msg), &out[len(out)-1].Message)
			}, kind, kind)
	})
	return out, err
}

// LockInfo names the daemon that holds a database.
type LockInfo struct {
	PID       int
	Host      string
	Since     time.Time
	Heartbeat time.Time
}

// SetDaemonLock records which process is the database's daemon, for `daemon status` and for
// the message that refuses a second one. The exclusion itself is an operating-system lock on a
// file beside the database, which dies with its process.
func (db *DB) SetDaemonLock(ctx context.Context, pid int, host string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		now := tx.now.Format(time.RFC3339)
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO daemon_lock (id, pid, host, since, heartbeat) VALUES (1, ?, ?, ?, ?)`, pid, host, now, now)
		return err
	})
}

// Heartbeat says the daemon is alive.
func (db *DB) Heartbeat(ctx context.Context, pid int, host string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE daemon_lock SET heartbeat = ? WHERE id = 1 AND pid = ? AND host = ?`, tx.now.Format(time.RFC3339), pid, host)
		return err
	})
}

// ReleaseDaemonLock lets another daemon start.
func (db *DB) ReleaseDaemonLock(ctx context.Context, pid int, host string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM daemon_lock WHERE id = 1 AND pid = ? AND host = ?`, pid, host)
		return err
	})
}

// DaemonLock returns the daemon holding the database, or nil.
func (db *DB) DaemonLock(ctx context.Context) (*LockInfo, error) {
	var out *LockInfo
	err := db.readTx(ctx, func(tx *Tx) error {
		var l LockInfo
		var since, beat string
		err := tx.QueryRowContext(ctx, `SELECT pid, host, since, heartbeat FROM daemon_lock WHERE id = 1`).Scan(&l.PID, &l.Host, &since, &beat)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		l.Since, _ = time.Parse(time.RFC3339, since)
		l.Heartbeat, _ = time.Parse(time.RFC3339, beat)
		out = &l
		return nil
	})
	return out, err
}

// JobRun is one recorded run of a daemon job.
type JobRun struct {
	Job      string
	Due      time.Time
	Started  time.Time
	Finished time.Time
	Result   string
	Detail   string
}

// StartJobRun records that the run of job for due time begins. It returns false when that run
// already finished: a restart never runs it twice. An interrupted or failed run is run again
// (every job is idempotent by its own records).
func (db *DB) StartJobRun(ctx context.Context, job string, due time.Time) (bool, error) {
	started := false
	err := db.inTx(ctx, func(tx *Tx) error {
		var result string
		key := due.UTC().Format(time.RFC3339)
		err := tx.QueryRowContext(ctx, `SELECT result FROM job_runs WHERE job = ? AND due = ?`, job, key).Scan(&result)
		if err == nil && result == "ok" {
			return nil
		}
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		started = true
		_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO job_runs (job, due, started_at, result) VALUES (?, ?, ?, 'running')`,
			job, key, tx.now.Format(time.RFC3339))
		return err
	})
	return started, err
}

// AbandonRunningJobs marks every run still 'running' as abandoned: called by a daemon that has
// just taken the database's lock, so no other process can be running them (one crashed).
func (db *DB) AbandonRunningJobs(ctx context.Context) (int, error) {
	n := 0
	err := db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE job_runs SET result = 'abandoned', finished_at = ?, detail = 'the process running it stopped'
			WHERE result = 'running'`, tx.now.Format(time.RFC3339))
		if err != nil {
			return err
		}
		k, _ := res.RowsAffected()
		n = int(k)
		return nil
	})
	return n, err
}

// FinishJobRun records the result of a run still recorded as running; any other run (or none)
// is left as it was. A start that shutdown cut short at its commit may or may not have been
// recorded, and is finished this way too.
func (db *DB) FinishJobRun(ctx context.Context, job string, due time.Time, result, detail string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE job_runs SET finished_at = ?, result = ?, detail = ? WHERE job = ? AND due = ? AND result = 'running'`,
			tx.now.Format(time.RFC3339), result, detail, job, due.UTC().Format(time.RFC3339))
		return err
	})
}

// JobRuns lists the runs of a job ("" for all), oldest first.
func (db *DB) JobRuns(ctx context.Context, job string) ([]JobRun, error) {
	var out []JobRun
	err := db.readTx(ctx, func(tx *Tx) error {
		return tx.query(ctx, `SELECT job, due, started_at, COALESCE(finished_at, ''), result, detail FROM job_runs WHERE ? = '' OR job = ? ORDER BY due, job`,
			func(rows *sql.Rows) error {
				var r JobRun
				var due, started, finished string
				if err := rows.Scan(&r.Job, &due, &started, &finished, &r.Result, &r.Detail); err != nil {
					return err
				}
				r.Due, _ = time.Parse(time.RFC3339, due)
				r.Started, _ = time.Parse(time.RFC3339, started)
				r.Finished, _ = time.Parse(time.RFC3339, finished)
				out = append(out, r)
				return nil
			}, job, job)
	})
	return out, err
}

// UndeliveredVersions lists every published version not yet delivered, oldest first.
func (db *DB) UndeliveredVersions(ctx context.Context) ([]RosterInfo, error) {
	var out []RosterInfo
	err := db.readTx(ctx, func(tx *Tx) error {
		return tx.query(ctx, `SELECT r.month, r.version FROM rosters r WHERE r.status = 'published'
			AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.month = r.month AND d.version = r.version) ORDER BY r.month, r.version`,
			func(rows *sql.Rows) error {
				var month string
				var v RosterInfo
				if err := rows.Scan(&month, &v.Version); err != nil {
					return err
				}
				m, err := roster.ParseMonth(month)
				v.Month = m
				out = append(out, v)
				return err
			})
	})
	return out, err
}

// RecordDelivery records that a version was delivered, with its manifest, and queues the
// messages about it, all in one transaction.
func (db *DB) RecordDelivery(ctx context.Context, m roster.Month, version int, folder string, manifest []byte, channels []string, msgs []Message) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO deliveries (month, version, folder, manifest, delivered_at) VALUES (?, ?, ?, ?, ?)`,
			m.String(), version, folder, string(manifest), tx.now.Format(time.RFC3339)); err != nil {
			return fmt.Errorf("record delivery: %w", err)
		}
		return tx.enqueue(ctx, channels, msgs)
	})
}

// RecordSuperseded records that a published version was never delivered because a newer one
// of its month was waiting too.
func (db *DB) RecordSuperseded(ctx context.Context, m roster.Month, version, by int) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO deliveries (month, version, folder, manifest, delivered_at, superseded_by)
			VALUES (?, ?, '', '{}', ?, ?)`, m.String(), version, tx.now.Format(time.RFC3339), by)
		if err != nil {
			return fmt.Errorf("record superseded version: %w", err)
		}
		return nil
	})
}

// LastDelivered returns the newest version of a month that was delivered (not superseded), or 0.
func (db *DB) LastDelivered(ctx context.Context, m roster.Month) (int, error) {
	var v int
	err := db.readTx(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COALESCE(max(version), 0) FROM deliveries WHERE month = ? AND superseded_by IS NULL`,
			m.String()).Scan(&v)
	})
	return v, err
}

// Deliveries lists what was delivered: month, version and manifest.
func (db *DB) Deliveries(ctx context.Context) ([][3]string, error) {
	var out [][3]string
	err := db.readTx(ctx, func(tx *Tx) error {
		return tx.query(ctx, `SELECT month, version, manifest FROM deliveries WHERE superseded_by IS NULL ORDER BY month, version`, func(rows *sql.Rows) error {
			var m, man string
			var v int
			err := rows.Scan(&m, &v, &man)
			out = append(out, [3]string{m, fmt.Sprint(v), man})
			return err
		})
	})
	return out, err
}

// Reminder is one duty to remind its officer of.
type Reminder struct {
	Assignment roster.Assignment
	Month      roster.Month
	Version    int
	Message    Message
}

// RecordReminders records each reminder that was not sent before and queues its message, in
// one transaction; it returns how many were new. A duty is reminded once.
func (db *DB) RecordReminders(ctx context.Context, rs []Reminder, channels []string) (int, error) {
	n := 0
	err := db.inTx(ctx, func(tx *Tx) error {
		n = 0
		for _, r := range rs {
			a := r.Assignment
			res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO reminders (officer_id, post_id, shift_id, start_unix, month, version, sent_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, a.OfficerID, a.PostID, a.ShiftID, a.Start.Unix(), r.Month.String(), r.Version, tx.now.Format(time.RFC3339))
			if err != nil {
				return fmt.Errorf("record reminder: %w", err)
			}
			if k, _ := res.RowsAffected(); k == 1 {
				n++
				if err := tx.enqueue(ctx, channels, []Message{r.Message}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return n, err
}
