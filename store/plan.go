package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"

	"dutyroster/roster"
)

// LoadPlan reads the whole stored plan, inactive officers and posts included.
// It fails with ENOTFOUND when no plan has been imported.
func (db *DB) LoadPlan(ctx context.Context) (*roster.Plan, error) {
	var plan *roster.Plan
	err := db.readTx(ctx, func(tx *Tx) error {
		var err error
		plan, err = tx.loadPlan(ctx)
		if err != nil {
			return err
		}
		if plan == nil {
			return roster.Errorf(roster.ENOTFOUND, "the database %s holds no plan yet; load one with `dutyroster import PLAN.yaml`", db.Path)
		}
		return nil
	})
	return plan, err
}

// loadPlan returns nil when no plan was ever imported.
func (tx *Tx) loadPlan(ctx context.Context) (*roster.Plan, error) {
	plan := &roster.Plan{Version: 1}
	var recipients string
	err := tx.QueryRowContext(ctx, `SELECT name, parent, place, hotline, timezone, document_code, signer_title, signer_name, recipients
		FROM center WHERE id = 1`).Scan(&plan.Center.Name, &plan.Center.Parent, &plan.Center.Place, &plan.Center.Hotline,
		&plan.Center.Timezone, &plan.Center.DocumentCode, &plan.Center.Signer.Title, &plan.Center.Signer.Name, &recipients)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read center: %w", err)
	}
	if err := json.Unmarshal([]byte(recipients), &plan.Center.Recipients); err != nil {
		return nil, fmt.Errorf("read center recipients: %w", err)
	}
	if len(plan.Center.Recipients) == 0 {
		plan.Center.Recipients = nil
	}
	r := &plan.Rules
	if err := tx.QueryRowContext(ctx, `SELECT min_rest_hours, max_per_month, max_consecutive_days, weight_weekday, weight_weekend,
		weight_holiday, weight_night, notice_working_days FROM rules WHERE id = 1`).Scan(&r.MinRestHours, &r.MaxPerMonth,
		&r.MaxConsecutiveDays, &r.Burden.Weekday, &r.Burden.Weekend, &r.Burden.Holiday, &r.Burden.Night, &r.NoticeWorkingDays); err != nil {
		return nil, fmt.Errorf("read rules: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT calendar FROM holiday_settings WHERE id = 1`).Scan(&plan.Holidays.Calendar); err != nil {
		return nil, fmt.Errorf("read holiday settings: %w", err)
	}
	if err := tx.query(ctx, `SELECT date, name FROM holiday_add ORDER BY date`, func(rows *sql.Rows) error {
		var d, name string
		if err := rows.Scan(&d, &name); err != nil {
			return err
		}
		date, err := roster.ParseDate(d)
		plan.Holidays.Add = append(plan.Holidays.Add, roster.HolidayDate{Date: date, Name: name})
		return err
	}); err != nil {
		return nil, fmt.Errorf("read holidays: %w", err)
	}
	if err := tx.query(ctx, `SELECT date FROM holiday_remove ORDER BY date`, func(rows *sql.Rows) error {
		var d string
		if err := rows.Scan(&d); err != nil {
			return err
		}
		date, err := roster.ParseDate(d)
		plan.Holidays.Remove = append(plan.Holidays.Remove, date)
		return err
	}); err != nil {
		return nil, fmt.Errorf("read holidays: %w", err)
	}
	if err := tx.query(ctx, `SELECT id, name, active FROM areas ORDER BY id`, func(rows *sql.Rows) error {
		var a roster.Area
		err := rows.Scan(&a.ID, &a.Name, &a.Active)
		plan.Areas = append(plan.Areas, a)
		return err
	}); err != nil {
		return nil, fmt.Errorf("read areas: %w", err)
	}
	officers, err := tx.loadOfficers(ctx, "")
	if err != nil {
		return nil, err
	}
	plan.Officers = officers
	if plan.Posts, err = tx.loadPosts(ctx); err != nil {
		return nil, err
	}
	var daemon string
	switch err := tx.QueryRowContext(ctx, `SELECT config FROM daemon_settings WHERE id = 1`).Scan(&daemon); err {
	case nil:
		plan.Daemon = &roster.DaemonConfig{}
		if err := json.Unmarshal([]byte(daemon), plan.Daemon); err != nil {
			return nil, fmt.Errorf("read daemon settings: %w", err)
		}
	case sql.ErrNoRows:
	default:
		return nil, fmt.Errorf("read daemon settings: %w", err)
	}
	return plan, nil
}

// query runs a query and calls fn for each row.
func (tx *Tx) query(ctx context.Context, q string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// loadOfficers reads officers (one when id is set) with their areas and unavailability.
func (tx *Tx) loadOfficers(ctx context.Context, id string) ([]roster.Officer, error) {
	var out []roster.Officer
	index := map[string]int{}
	where, args := "", []any{}
	if id != "" {
		where, args = " WHERE id = ?", []any{id}
	}
	if err := tx.query(ctx, `SELECT id, name, role, phone, email, share_milli, COALESCE(max_per_month, 0), active, source
		FROM officers`+where+` ORDER BY id`, func(rows *sql.Rows) error {
		var o roster.Officer
		if err := rows.Scan(&o.ID, &o.Name, &o.Role, &o.Phone, &o.Email, &o.Share, &o.MaxPerMonth, &o.Active, &o.Source); err != nil {
			return err
		}
		index[o.ID] = len(out)
		out = append(out, o)
		return nil
	}, args...); err != nil {
		return nil, fmt.Errorf("read officers: %w", err)
	}
	where = ""
	if id != "" {
		where = " WHERE officer_id = ?"
	}
	if err := tx.query(ctx, `SELECT officer_id, area_id FROM officer_areas`+where+` ORDER BY officer_id, rowid`, func(rows *sql.Rows) error {
		var oid, aid string
		if err := rows.Scan(&oid, &aid); err != nil {
			return err
		}
		if i, ok := index[oid]; ok {
			out[i].Areas = append(out[i].Areas, aid)
		}
		return nil
	}, args...); err != nil {
		return nil, fmt.Errorf("read officer areas: %w", err)
	}
	if err := tx.query(ctx, `SELECT id, officer_id, kind, from_date, to_date, from_at, to_at, rrule, start_min, end_min, reason, source
		FROM unavailability`+where+` ORDER BY officer_id, source DESC, position, id`, func(rows *sql.Rows) error {
		var u roster.Unavailability
		var oid string
		var fromDate, toDate, fromAt, toAt, rule sql.NullString
		var startMin, endMin sql.NullInt64
		if err := rows.Scan(&u.ID, &oid, &u.Kind, &fromDate, &toDate, &fromAt, &toAt, &rule, &startMin, &endMin, &u.Reason, &u.Source); err != nil {
			return err
		}
		var err error
		switch u.Kind {
		case roster.UnavailDays:
			if u.FromDate, err = roster.ParseDate(fromDate.String); err == nil {
				u.ToDate, err = roster.ParseDate(toDate.String)
			}
		case roster.UnavailWindow:
			if u.From, err = roster.ParseDateTime(fromAt.String); err == nil {
				u.To, err = roster.ParseDateTime(toAt.String)
			}
		case roster.UnavailRRule:
			u.RRule, u.Start, u.End = rule.String, roster.Clock(startMin.Int64), roster.Clock(endMin.Int64)
		}
		if err != nil {
			return fmt.Errorf("unavailability %d: %w", u.ID, err)
		}
		if i, ok := index[oid]; ok {
			out[i].Unavailable = append(out[i].Unavailable, u)
		}
		return nil
	}, args...); err != nil {
		return nil, fmt.Errorf("read unavailability: %w", err)
	}
	return out, nil
}

func (tx *Tx) loadPosts(ctx context.Context) ([]roster.Post, error) {
	var posts []roster.Post
	index := map[string]int{}
	if err := tx.query(ctx, `SELECT id, name, kind, COALESCE(area_id, ''), address, phone, active, contacts FROM posts ORDER BY position, id`,
		func(rows *sql.Rows) error {
			var p roster.Post
			var contacts string
			if err := rows.Scan(&p.ID, &p.Name, &p.Kind, &p.Area, &p.Address, &p.Phone, &p.Active, &contacts); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(contacts), &p.Contacts); err != nil {
				return fmt.Errorf("post %s contacts: %w", p.ID, err)
			}
			if len(p.Contacts) == 0 {
				p.Contacts = nil
			}
			index[p.ID] = len(posts)
			posts = append(posts, p)
			return nil
		}); err != nil {
		return nil, fmt.Errorf("read posts: %w", err)
	}
	if err := tx.query(ctx, `SELECT post_id, id, label, rrule, COALESCE(anchor, ''), start_min, end_min, mode, need, roles, backup,
		backup_roles, holidays, strategy, rotation, active FROM shifts ORDER BY post_id, position, id`, func(rows *sql.Rows) error {
		var s roster.Shift
		var postID, anchor, roles, backupRoles, order string
		var active bool
		if err := rows.Scan(&postID, &s.ID, &s.Label, &s.RRule, &anchor, &s.Start, &s.End, &s.Mode, &s.Need, &roles, &s.Backup,
			&backupRoles, &s.Holidays, &s.Strategy, &order, &active); err != nil {
			return err
		}
		if !active {
			return nil // a shift removed from the plan file takes no new duty
		}
		if anchor != "" {
			d, err := roster.ParseDate(anchor)
			if err != nil {
				return err
			}
			s.Anchor = d
		}
		for _, f := range []struct {
			src string
			dst any
		}{{roles, &s.Roles}, {backupRoles, &s.BackupRoles}, {order, &s.Order}} {
			if err := json.Unmarshal([]byte(f.src), f.dst); err != nil {
				return fmt.Errorf("shift %s/%s: %w", postID, s.ID, err)
			}
		}
		if len(s.Order) == 0 {
			s.Order = nil
		}
		if len(s.BackupRoles) == 0 {
			s.BackupRoles = nil
		}
		if i, ok := index[postID]; ok {
			posts[i].Shifts = append(posts[i].Shifts, s)
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read shifts: %w", err)
	}
	return posts, nil
}

// mustJSON encodes a value that cannot fail to encode (slices of strings).
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	if string(b) == "null" {
		return "[]"
	}
	return string(b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// LoadDirectory reads what the views need to print a roster: the Center, officers' names,
// roles and phones, and posts with their shifts' labels and modes. It skips leave, areas and
// rules, so that `now`, `my` and `next` answer quickly on a national plan.
func (db *DB) LoadDirectory(ctx context.Context) (*roster.Plan, error) {
	plan := &roster.Plan{Version: 1}
	err := db.readTx(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT name, place, hotline, timezone FROM center WHERE id = 1`).Scan(&plan.Center.Name,
			&plan.Center.Place, &plan.Center.Hotline, &plan.Center.Timezone)
		if err == sql.ErrNoRows {
			return roster.Errorf(roster.ENOTFOUND, "the database %s holds no plan yet; load one with `dutyroster import PLAN.yaml`", db.Path)
		}
		if err != nil {
			return fmt.Errorf("read center: %w", err)
		}
		if err := tx.query(ctx, `SELECT id, name, role, phone, active FROM officers ORDER BY id`, func(rows *sql.Rows) error {
			var o roster.Officer
			err := rows.Scan(&o.ID, &o.Name, &o.Role, &o.Phone, &o.Active)
			plan.Officers = append(plan.Officers, o)
			return err
		}); err != nil {
			return fmt.Errorf("read officers: %w", err)
		}
		index := map[string]int{}
		if err := tx.query(ctx, `SELECT id, name, kind, COALESCE(area_id, ''), address, phone, active FROM posts ORDER BY position, id`,
			func(rows *sql.Rows) error {
				var p roster.Post
				err := rows.Scan(&p.ID, &p.Name, &p.Kind, &p.Area, &p.Address, &p.Phone, &p.Active)
				index[p.ID] = len(plan.Posts)
				plan.Posts = append(plan.Posts, p)
				return err
			}); err != nil {
			return fmt.Errorf("read posts: %w", err)
		}
		return tx.query(ctx, `SELECT post_id, id, label, mode, start_min, end_min FROM shifts WHERE active = 1 ORDER BY post_id, position, id`,
			func(rows *sql.Rows) error {
				var s roster.Shift
				var postID string
				if err := rows.Scan(&postID, &s.ID, &s.Label, &s.Mode, &s.Start, &s.End); err != nil {
					return err
				}
				if i, ok := index[postID]; ok {
					plan.Posts[i].Shifts = append(plan.Posts[i].Shifts, s)
				}
				return nil
			})
	})
	return plan, err
}
