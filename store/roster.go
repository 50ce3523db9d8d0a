package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"dutyroster/roster"
	"dutyroster/roster/msg"
)

// NewRoster is a roster to store as the next draft version of its month.
type NewRoster struct {
	Month       roster.Month
	Seed        uint64
	Reason      string
	Assignments []roster.Assignment
	Unfilled    []roster.Unfilled
	Rotation    map[string]roster.RotationState // "post/shift"
	Officers    map[string]roster.Milli         // who took part, with their share
	BasedOn     int                             // for an amendment: the version it changes
	// CoverageBound and BurdenFloor are what generate proved (0: not known).
	CoverageBound int
	BurdenFloor   roster.Milli
	// Removed are duties an amendment takes away: reminders of them still queued are cancelled.
	Removed []roster.Assignment
	// Notify are messages to queue, once for each of the named notifier channels, in the same
	// transaction.
	Notify   []Message
	Channels []string
	// IfNoVersion stores the draft only when the month has no version at all, decided in the
	// same transaction as the write (the daemon's generate job): otherwise ErrMonthHasVersion.
	IfNoVersion bool
}

// ErrMonthHasVersion is returned by SaveDraft with IfNoVersion when the month has a version.
var ErrMonthHasVersion = errors.New("the month already has a version")

// MonthStatus tells whether a month has any version and whether one is published.
func (db *DB) MonthStatus(ctx context.Context, m roster.Month) (versions int, published bool, err error) {
	err = db.readTx(ctx, func(tx *Tx) error {
		var pub int
		err := tx.QueryRowContext(ctx, `SELECT count(*), COALESCE(sum(status = 'published'), 0) FROM rosters WHERE month = ?`, m.String()).Scan(&versions, &pub)
		published = pub > 0
		return err
	})
	return versions, published, err
}

// SaveDraft stores r as a new draft version of its month, in one transaction, and returns the
// version. Earlier drafts stay. A month that is already published is refused: changes to it
// are amendments.
func (db *DB) SaveDraft(ctx context.Context, r *NewRoster, actor Actor) (int, error) {
	var version int
	err := db.inTx(ctx, func(tx *Tx) error {
		var n, pub int
		if err := tx.QueryRowContext(ctx, `SELECT count(*), COALESCE(sum(status = 'published'), 0) FROM rosters WHERE month = ?`,
			r.Month.String()).Scan(&n, &pub); err != nil {
			return err
		}
		if n > 0 && r.IfNoVersion {
			return ErrMonthHasVersion
		}
		if pub > 0 {
			return roster.Errorf(roster.ECONFLICT, "%s is already published; change it with an amendment (swap, replace, assign, unassign), not generate", r.Month)
		}
		var err error
		version, err = tx.insertRoster(ctx, r, roster.StatusDraft, actor)
		if err != nil {
			return err
		}
		if err := tx.enqueue(ctx, r.Channels, r.Notify); err != nil {
			return err
		}
		return tx.audit(ctx, actor.User, actor.Command, "generate %s: draft version %d, %d assignments, %d unfilled places",
			r.Month, version, len(r.Assignments), roster.MissingPlaces(r.Unfilled))
	})
	return version, err
}

// insertRoster writes a new version with its rows and returns the version number. An amendment
// (r.BasedOn > 0) keeps the rotation state of the version it changes.
func (tx *Tx) insertRoster(ctx context.Context, r *NewRoster, status string, actor Actor) (int, error) {
	var version int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(max(version), 0) + 1 FROM rosters WHERE month = ?`, r.Month.String()).Scan(&version); err != nil {
		return 0, err
	}
	user := actor.User
	if user == "" {
		user = "unknown"
	}
	// Rows go in while the version is a draft; it is published (frozen) afterwards if asked.
	kind, basedOn := "generated", any(nil)
	if r.BasedOn > 0 {
		kind, basedOn = "amendment", r.BasedOn
	}
	var bound, floor any
	if r.CoverageBound > 0 {
		bound, floor = r.CoverageBound, int64(r.BurdenFloor)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO rosters (month, version, status, seed, created_at, created_by, reason, kind, based_on,
		coverage_bound, burden_floor_milli) VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?)`, r.Month.String(), version, int64(r.Seed),
		tx.now.Format(time.RFC3339), user, r.Reason, kind, basedOn, bound, floor)
	if err != nil {
		return 0, fmt.Errorf("insert roster: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	err = insertRows(ctx, tx, `INSERT INTO assignments (roster_id, post_id, shift_id, start_unix, end_unix, officer_id, role,
		weight_milli, flags) VALUES `, 9, len(r.Assignments), func(i int, row []any) {
		a := &r.Assignments[i]
		flags := boolInt(a.Weekend) | boolInt(a.Holiday)<<1 | boolInt(a.Night)<<2
		row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8] = id, a.PostID, a.ShiftID, a.Start.Unix(), a.End.Unix(),
			a.OfficerID, string(a.Role), int64(a.Weight), flags
	})
	if err != nil {
		return 0, fmt.Errorf("insert assignments: %w", err)
	}
	err = insertRows(ctx, tx, `INSERT INTO unfilled (roster_id, post_id, shift_id, start_unix, end_unix, role, missing, reason,
		reason_vi) VALUES `, 9, len(r.Unfilled), func(i int, row []any) {
		u := &r.Unfilled[i]
		vi := ""
		if u.ReasonText.Format != "" {
			vi = msg.VI.Render(u.ReasonText.Format, u.ReasonText.Args...)
		}
		row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8] = id, u.PostID, u.ShiftID, u.Start.Unix(), u.End.Unix(),
			string(u.Role), u.Missing, u.Reason, vi
	})
	if err != nil {
		return 0, fmt.Errorf("insert unfilled places: %w", err)
	}
	if r.BasedOn > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO rotation_state (roster_id, post_id, shift_id, next_index, owed)
			SELECT ?, post_id, shift_id, next_index, owed FROM rotation_state
			WHERE roster_id = (SELECT id FROM rosters WHERE month = ? AND version = ?)`, id, r.Month.String(), r.BasedOn); err != nil {
			return 0, fmt.Errorf("copy rotation state: %w", err)
		}
	}
	for _, key := range sortedKeys(r.Rotation) {
		st := r.Rotation[key]
		post, shift := splitKey(key)
		if _, err := tx.ExecContext(ctx, `INSERT INTO rotation_state (roster_id, post_id, shift_id, next_index, owed) VALUES (?, ?, ?, ?, ?)`,
			id, post, shift, st.Next, mustJSON(st.Owed)); err != nil {
			return 0, fmt.Errorf("insert rotation state %s: %w", key, err)
		}
	}
	insO, err := tx.PrepareContext(ctx, `INSERT INTO roster_officers (roster_id, officer_id, share_milli, burden_units) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	defer insO.Close()
	units := map[string]int64{}
	for _, a := range r.Assignments {
		units[a.OfficerID] += roster.BurdenUnits(a)
	}
	for _, oid := range sortedKeys(r.Officers) {
		if _, err := insO.ExecContext(ctx, id, oid, int64(r.Officers[oid]), units[oid]); err != nil {
			return 0, fmt.Errorf("insert roster officer %s: %w", oid, err)
		}
	}
	if status == roster.StatusPublished {
		if _, err := publishVersion(ctx, tx, id, tx.now, user); err != nil {
			return 0, fmt.Errorf("publish version %d: %w", version, err)
		}
	}
	return version, nil
}

func splitKey(key string) (string, string) {
	for i := 0; i < len(key); i++ {
		if key[i] == '/' {
			return key[:i], key[i+1:]
		}
	}
	return key, ""
}

// RosterInfo describes one stored version without its rows.
type RosterInfo struct {
	ID          int64
	Month       roster.Month
	Version     int
	Status      string
	Seed        uint64
	CreatedAt   time.Time
	CreatedBy   string
	Reason      string
	PublishedAt time.Time
	PublishedBy string
	Kind        string // generated or amendment
	BasedOn     int    // for an amendment: the version it changes
	Digest      string // a published version's SHA-256 digest (see Verify)
	// CoverageBound and BurdenFloor are what generate proved (0: not known).
	CoverageBound int
	BurdenFloor   roster.Milli
}

// Versions lists every version of a month, oldest first.
func (db *DB) Versions(ctx context.Context, m roster.Month) ([]RosterInfo, error) {
	var out []RosterInfo
	err := db.readTx(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.versions(ctx, m)
		return err
	})
	return out, err
}

func (tx *Tx) versions(ctx context.Context, m roster.Month) ([]RosterInfo, error) {
	var out []RosterInfo
	err := tx.query(ctx, `SELECT id, version, status, seed, created_at, created_by, reason, COALESCE(published_at, ''),
		COALESCE(published_by, ''), kind, COALESCE(based_on, 0), digest, COALESCE(coverage_bound, 0), COALESCE(burden_floor_milli, 0)
		FROM rosters WHERE month = ? ORDER BY version`, func(rows *sql.Rows) error {
		var r RosterInfo
		var seed int64
		var created, published string
		if err := rows.Scan(&r.ID, &r.Version, &r.Status, &seed, &created, &r.CreatedBy, &r.Reason, &published, &r.PublishedBy,
			&r.Kind, &r.BasedOn, &r.Digest, &r.CoverageBound, &r.BurdenFloor); err != nil {
			return err
		}
		r.Month, r.Seed = m, uint64(seed)
		r.CreatedAt, _ = time.Parse(time.RFC3339, created)
		if published != "" {
			r.PublishedAt, _ = time.Parse(time.RFC3339, published)
		}
		out = append(out, r)
		return nil
	}, m.String())
	return out, err
}

// pickVersion chooses a version: the one asked for, else the newest published, else the newest
// draft (drafts allowed) — nil when there is none.
func pickVersion(vs []RosterInfo, version int, drafts bool) *RosterInfo {
	if version > 0 {
		for i := range vs {
			if vs[i].Version == version {
				return &vs[i]
			}
		}
		return nil
	}
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].Status == roster.StatusPublished {
			return &vs[i]
		}
	}
	if drafts && len(vs) > 0 {
		return &vs[len(vs)-1]
	}
	return nil
}

// Roster reads a version of a month with its rows. version 0 means the current one: the newest
// published version, else the newest draft.
func (db *DB) Roster(ctx context.Context, m roster.Month, version int) (*roster.Roster, error) {
	var out *roster.Roster
	err := db.readTx(ctx, func(tx *Tx) error {
		vs, err := tx.versions(ctx, m)
		if err != nil {
			return err
		}
		info := pickVersion(vs, version, true)
		if info == nil {
			if version > 0 && len(vs) > 0 {
				return roster.Errorf(roster.ENOTFOUND, "%s has no version %d; it has versions 1 to %d", m, version, len(vs))
			}
			return roster.Errorf(roster.ENOTFOUND, "no roster for %s yet; make one with `dutyroster generate --month %s`", m, m)
		}
		out, err = tx.loadRoster(ctx, info)
		return err
	})
	return out, err
}

func (tx *Tx) loadRoster(ctx context.Context, info *RosterInfo) (*roster.Roster, error) {
	r := &roster.Roster{ID: info.ID, Month: info.Month, Version: info.Version, Status: info.Status, Seed: info.Seed,
		CreatedAt: info.CreatedAt, CreatedBy: info.CreatedBy, Reason: info.Reason, PublishedAt: info.PublishedAt, PublishedBy: info.PublishedBy,
		Kind: info.Kind, BasedOn: info.BasedOn, Digest: info.Digest, CoverageBound: info.CoverageBound, BurdenFloor: info.BurdenFloor}
	var err error
	if r.Assignments, err = tx.assignmentsOf(ctx, `roster_id = ?`, info.ID); err != nil {
		return nil, err
	}
	loc, err := tx.location(ctx)
	if err != nil {
		return nil, err
	}
	err = tx.query(ctx, `SELECT post_id, shift_id, start_unix, end_unix, role, missing, reason, reason_vi FROM unfilled
		WHERE roster_id = ? ORDER BY start_unix, post_id, shift_id, role DESC`, func(rows *sql.Rows) error {
		var u roster.Unfilled
		var start, end int64
		var vi string
		if err := rows.Scan(&u.PostID, &u.ShiftID, &start, &end, &u.Role, &u.Missing, &u.Reason, &vi); err != nil {
			return err
		}
		if vi != "" {
			u.ReasonText = roster.T("%s", roster.Phrase{EN: u.Reason, VI: vi})
		}
		u.Start, u.End = time.Unix(start, 0).In(loc), time.Unix(end, 0).In(loc)
		r.Unfilled = append(r.Unfilled, u)
		return nil
	}, info.ID)
	if err != nil {
		return nil, fmt.Errorf("read unfilled places: %w", err)
	}
	r.Participants = map[string]roster.Milli{}
	err = tx.query(ctx, `SELECT officer_id, share_milli FROM roster_officers WHERE roster_id = ?`, func(rows *sql.Rows) error {
		var id string
		var share roster.Milli
		err := rows.Scan(&id, &share)
		r.Participants[id] = share
		return err
	}, info.ID)
	if err != nil {
		return nil, fmt.Errorf("read roster officers: %w", err)
	}
	return r, nil
}

// CurrentRosters returns the current version (newest published, else newest draft) of each
// month of a year that has one.
func (db *DB) CurrentRosters(ctx context.Context, year int) ([]*roster.Roster, error) {
	var out []*roster.Roster
	err := db.readTx(ctx, func(tx *Tx) error {
		for mo := time.January; mo <= time.December; mo++ {
			m := roster.Month{Year: year, Month: mo}
			vs, err := tx.versions(ctx, m)
			if err != nil {
				return err
			}
			if info := pickVersion(vs, 0, true); info != nil {
				r, err := tx.loadRoster(ctx, info)
				if err != nil {
					return err
				}
				out = append(out, r)
			}
		}
		return nil
	})
	return out, err
}

// assignmentsOf reads assignments matching a WHERE clause, in time order (duty before backup).
func (tx *Tx) assignmentsOf(ctx context.Context, where string, args ...any) ([]roster.Assignment, error) {
	var out []roster.Assignment
	loc, err := tx.location(ctx)
	if err != nil {
		return nil, err
	}
	err = tx.query(ctx, `SELECT post_id, shift_id, start_unix, end_unix, officer_id, role, weight_milli, flags
		FROM assignments WHERE `+where+` ORDER BY start_unix, post_id, shift_id, role DESC, officer_id`, func(rows *sql.Rows) error {
		var a roster.Assignment
		var start, end int64
		var flags int
		if err := rows.Scan(&a.PostID, &a.ShiftID, &start, &end, &a.OfficerID, &a.Role, &a.Weight, &flags); err != nil {
			return err
		}
		a.Start, a.End = time.Unix(start, 0).In(loc), time.Unix(end, 0).In(loc)
		a.Weekend, a.Holiday, a.Night = flags&1 != 0, flags&2 != 0, flags&4 != 0
		out = append(out, a)
		return nil
	}, args...)
	if err != nil {
		return nil, fmt.Errorf("read assignments: %w", err)
	}
	return out, nil
}

// GenerationContext is what generating a month needs from earlier rosters.
type GenerationContext struct {
	// Ledger holds each officer's burden deviation summed over the 12 months before, in
	// normalised burden units (see scheduler.Units), computed from each month's current version.
	Ledger map[string]int64
	// Before holds the previous month's assignments from its last days (rest and consecutive days).
	Before []roster.Assignment
	// Rotation is the rotation state left by the previous month's current version.
	Rotation map[string]roster.RotationState
	// Months names the earlier months the ledger counts.
	Months []roster.Month
}

// LoadGenerationContext gathers the ledger, the boundary assignments and the rotation state
// for generating month m.
func (db *DB) LoadGenerationContext(ctx context.Context, m roster.Month) (*GenerationContext, error) {
	gc := &GenerationContext{Ledger: map[string]int64{}, Rotation: map[string]roster.RotationState{}}
	err := db.readTx(ctx, func(tx *Tx) error {
		prev := m
		for i := 0; i < 12; i++ {
			prev = prev.Prev()
			vs, err := tx.versions(ctx, prev)
			if err != nil {
				return err
			}
			info := pickVersion(vs, 0, true)
			if info == nil {
				continue
			}
			gc.Months = append(gc.Months, prev)
			if err := tx.addToLedger(ctx, info.ID, gc.Ledger); err != nil {
				return err
			}
			if i == 0 {
				// The last days of last month constrain the first days of this one.
				from := m.First().AddDays(-7).In(time.UTC).Add(-14 * time.Hour).Unix()
				before, err := tx.assignmentsOf(ctx, `roster_id = ? AND start_unix >= ?`, info.ID, from)
				if err != nil {
					return err
				}
				gc.Before = before
				if err := tx.query(ctx, `SELECT post_id, shift_id, next_index, owed FROM rotation_state WHERE roster_id = ?`,
					func(rows *sql.Rows) error {
						var post, shift, owed string
						var st roster.RotationState
						if err := rows.Scan(&post, &shift, &st.Next, &owed); err != nil {
							return err
						}
						if err := json.Unmarshal([]byte(owed), &st.Owed); err != nil {
							return err
						}
						gc.Rotation[post+"/"+shift] = st
						return nil
					}, info.ID); err != nil {
					return fmt.Errorf("read rotation state: %w", err)
				}
			}
		}
		return nil
	})
	return gc, err
}

// addToLedger adds one month's deviations: each participant's normalised burden minus the
// month's fair level (all their burden over all their shares).
func (tx *Tx) addToLedger(ctx context.Context, rosterID int64, ledger map[string]int64) error {
	type part struct {
		id           string
		share, units int64
	}
	var parts []part
	var total, totalShare int64
	if err := tx.query(ctx, `SELECT officer_id, share_milli, burden_units FROM roster_officers WHERE roster_id = ? ORDER BY officer_id`,
		func(rows *sql.Rows) error {
			var p part
			if err := rows.Scan(&p.id, &p.share, &p.units); err != nil {
				return err
			}
			parts = append(parts, p)
			total += p.units
			totalShare += p.share
			return nil
		}, rosterID); err != nil {
		return fmt.Errorf("read roster officers: %w", err)
	}
	if totalShare == 0 {
		return nil
	}
	fair := total * 1000 / totalShare
	for _, p := range parts {
		ledger[p.id] += p.units*1000/p.share - fair
	}
	return nil
}

// location returns the Center's time zone, in which stored instants are shown.
func (tx *Tx) location(ctx context.Context) (*time.Location, error) {
	if tx.loc != nil {
		return tx.loc, nil
	}
	tz := roster.DefaultTimezone
	if err := tx.QueryRowContext(ctx, `SELECT timezone FROM center WHERE id = 1`).Scan(&tz); err != nil && err != sql.ErrNoRows {
		return nil, fmt.Errorf("read time zone: %w", err)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", tz, err)
	}
	tx.loc = loc
	return loc, nil
}

// PublishedMonths lists the months that have a published version, in order.
func (db *DB) PublishedMonths(ctx context.Context) ([]roster.Month, error) {
	var out []roster.Month
	err := db.readTx(ctx, func(tx *Tx) error {
		return tx.query(ctx, `SELECT DISTINCT month FROM rosters WHERE status = 'published' ORDER BY month`, func(rows *sql.Rows) error {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			m, err := roster.ParseMonth(s)
			out = append(out, m)
			return err
		})
	})
	return out, err
}

// Around returns the assignments of the neighbouring months' current versions that start within
// a week of month m (what rest and consecutive days are judged against across its edges).
func (db *DB) Around(ctx context.Context, m roster.Month) ([]roster.Assignment, error) {
	var out []roster.Assignment
	err := db.readTx(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.around(ctx, m)
		return err
	})
	return out, err
}

// LastMonth returns the latest month with a current version (published, or with drafts any
// version), or nil when there is none.
func (db *DB) LastMonth(ctx context.Context, drafts bool) (*roster.Month, error) {
	var out *roster.Month
	err := db.readTx(ctx, func(tx *Tx) error {
		q := `SELECT month FROM rosters WHERE status = 'published' ORDER BY month DESC LIMIT 1`
		if drafts {
			q = `SELECT month FROM rosters ORDER BY month DESC LIMIT 1`
		}
		var s string
		switch err := tx.QueryRowContext(ctx, q).Scan(&s); err {
		case sql.ErrNoRows:
			return nil
		case nil:
			m, err := roster.ParseMonth(s)
			out = &m
			return err
		default:
			return err
		}
	})
	return out, err
}

// rowsPerInsert is how many rows one INSERT statement writes: a statement per row costs more in
// the driver than in SQLite (100k assignments: 0.9 s one by one).
const rowsPerInsert = 100

// insertRows inserts n rows of cols values each, given by fill, in statements of rowsPerInsert
// rows (head is the statement up to VALUES).
func insertRows(ctx context.Context, tx *Tx, head string, cols, n int, fill func(i int, row []any)) error {
	tuple := "(?" + strings.Repeat(", ?", cols-1) + ")"
	var stmt *sql.Stmt
	args := make([]any, 0, cols*rowsPerInsert)
	for done := 0; done < n; {
		k := min(rowsPerInsert, n-done)
		args = args[:cols*k]
		for i := 0; i < k; i++ {
			fill(done+i, args[i*cols:(i+1)*cols])
		}
		query := head + tuple + strings.Repeat(", "+tuple, k-1)
		var err error
		if k == rowsPerInsert {
			if stmt == nil {
				if stmt, err = tx.PrepareContext(ctx, query); err != nil {
					return err
				}
				defer stmt.Close()
			}
			_, err = stmt.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, query, args...)
		}
		if err != nil {
			return err
		}
		done += k
	}
	return nil
}
