package store

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"dutyroster/roster"
)

// Change is one difference an import makes (or would make, with a dry run).
type Change struct {
	Kind   string   `json:"kind"`   // center, rules, holidays, area, officer, post
	ID     string   `json:"id"`     // empty for center, rules and holidays
	Action string   `json:"action"` // added, updated, deactivated, reactivated
	Fields []string `json:"fields,omitempty"`
}

// MsgFormat gives the change unformatted, for the reader's language: "added officer tgv-01".
func (c Change) MsgFormat() (string, []any) {
	id, fields := "", ""
	if c.ID != "" {
		id = " " + c.ID
	}
	if len(c.Fields) > 0 {
		fields = " (" + strings.Join(c.Fields, ", ") + ")"
	}
	return "%s %s%s%s", []any{roster.T(c.Action), roster.T(c.Kind), id, fields}
}

// String describes the change in one line.
func (c Change) String() string {
	s := c.Action + " " + c.Kind
	if c.ID != "" {
		s += " " + c.ID
	}
	if len(c.Fields) > 0 {
		s += " (" + strings.Join(c.Fields, ", ") + ")"
	}
	return s
}

// ImportPlan brings the stored plan in line with plan, by id: new things are added, changed ones
// updated, and officers, posts, areas and shifts that left the file are made inactive, never
// deleted. Leave added on the command line is kept. With dryRun nothing is written. Importing
// the same plan twice changes nothing and writes nothing.
func (db *DB) ImportPlan(ctx context.Context, plan *roster.Plan, dryRun bool, actor Actor) ([]Change, error) {
	var changes []Change
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	old, err := tx.loadPlan(ctx)
	if err != nil {
		return nil, err
	}
	if old == nil {
		old = &roster.Plan{}
	}
	changes, err = tx.importPlan(ctx, old, plan)
	if err != nil {
		return nil, err
	}
	if dryRun || len(changes) == 0 {
		return changes, nil
	}
	if err := tx.audit(ctx, actor.User, actor.Command, "%s", summarizeChanges(changes)); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit import: %w", err)
	}
	return changes, nil
}

func summarizeChanges(changes []Change) roster.Text {
	count := map[string]int{}
	for _, c := range changes {
		count[c.Action]++
	}
	var parts []any
	for _, a := range []string{"added", "updated", "reactivated", "deactivated"} {
		if count[a] > 0 {
			parts = append(parts, roster.T("%d "+a, count[a]))
		}
	}
	return roster.T("import: %s", roster.Join(", ", parts...))
}

// diffFields names the exported fields that differ between two structs of the same type.
func diffFields(a, b any, skip ...string) []string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	var out []string
next:
	for i := 0; i < va.NumField(); i++ {
		name := va.Type().Field(i).Name
		for _, s := range skip {
			if s == name {
				continue next
			}
		}
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			out = append(out, snake(name))
		}
	}
	return out
}

// snake turns a Go field name into the plan file's key (MaxPerMonth -> max_per_month).
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// planUnavailability keeps the plan's own entries, without store ids, for comparison.
func planUnavailability(us []roster.Unavailability) []roster.Unavailability {
	var out []roster.Unavailability
	for _, u := range us {
		if u.Source == "plan" {
			u.ID = 0
			out = append(out, u)
		}
	}
	return out
}

func (tx *Tx) importPlan(ctx context.Context, old, plan *roster.Plan) ([]Change, error) {
	var changes []Change
	// The single-row settings.
	center := plan.Center
	if f := diffFields(old.Center, center); len(f) > 0 {
		action := "updated"
		if old.Center.Name == "" {
			action, f = "added", nil
		}
		changes = append(changes, Change{Kind: "center", Action: action, Fields: f})
		if _, err := tx.ExecContext(ctx, `INSERT INTO center (id, name, parent, place, hotline, timezone, document_code, signer_title,
			signer_name, recipients) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent = excluded.parent, place = excluded.place, hotline = excluded.hotline,
			timezone = excluded.timezone, document_code = excluded.document_code, signer_title = excluded.signer_title,
			signer_name = excluded.signer_name, recipients = excluded.recipients`,
			center.Name, center.Parent, center.Place, center.Hotline, center.Timezone, center.DocumentCode, center.Signer.Title,
			center.Signer.Name, mustJSON(center.Recipients)); err != nil {
			return nil, fmt.Errorf("write center: %w", err)
		}
	}
	if f := diffFields(old.Rules, plan.Rules); len(f) > 0 {
		action := "updated"
		if old.Center.Name == "" {
			action, f = "added", nil
		}
		changes = append(changes, Change{Kind: "rules", Action: action, Fields: f})
		r := plan.Rules
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO rules (id, min_rest_hours, max_per_month, max_consecutive_days,
			weight_weekday, weight_weekend, weight_holiday, weight_night, notice_working_days) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.MinRestHours, r.MaxPerMonth, r.MaxConsecutiveDays, r.Burden.Weekday, r.Burden.Weekend, r.Burden.Holiday, r.Burden.Night,
			r.NoticeWorkingDays); err != nil {
			return nil, fmt.Errorf("write rules: %w", err)
		}
	}
	if f := diffFields(old.Holidays, plan.Holidays); len(f) > 0 {
		action := "updated"
		if old.Center.Name == "" {
			action, f = "added", nil
		}
		changes = append(changes, Change{Kind: "holidays", Action: action, Fields: f})
		if err := tx.writeHolidays(ctx, plan.Holidays); err != nil {
			return nil, err
		}
	}
	if !reflect.DeepEqual(old.Daemon, plan.Daemon) {
		action := "updated"
		if old.Daemon == nil {
			action = "added"
		}
		if plan.Daemon == nil {
			action = "deactivated"
		}
		changes = append(changes, Change{Kind: "daemon", Action: action})
		if plan.Daemon == nil {
			if _, err := tx.ExecContext(ctx, `DELETE FROM daemon_settings`); err != nil {
				return nil, fmt.Errorf("write daemon settings: %w", err)
			}
		} else {
			b, err := json.Marshal(plan.Daemon)
			if err != nil {
				return nil, err
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO daemon_settings (id, config) VALUES (1, ?)`, string(b)); err != nil {
				return nil, fmt.Errorf("write daemon settings: %w", err)
			}
		}
	}
	// Areas first: officers and posts refer to them.
	areaChanges, err := tx.importAreas(ctx, old.Areas, plan.Areas)
	if err != nil {
		return nil, err
	}
	changes = append(changes, areaChanges...)
	officerChanges, err := tx.importOfficers(ctx, old.Officers, plan.Officers)
	if err != nil {
		return nil, err
	}
	changes = append(changes, officerChanges...)
	postChanges, err := tx.importPosts(ctx, old.Posts, plan.Posts)
	if err != nil {
		return nil, err
	}
	return append(changes, postChanges...), nil
}

func (tx *Tx) writeHolidays(ctx context.Context, h roster.HolidayConfig) error {
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO holiday_settings (id, calendar) VALUES (1, ?)`, h.Calendar); err != nil {
		return fmt.Errorf("write holidays: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM holiday_add; DELETE FROM holiday_remove`); err != nil {
		return fmt.Errorf("write holidays: %w", err)
	}
	for _, a := range h.Add {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO holiday_add (date, name) VALUES (?, ?)`, a.Date.String(), a.Name); err != nil {
			return fmt.Errorf("write holiday %s: %w", a.Date, err)
		}
	}
	for _, d := range h.Remove {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO holiday_remove (date) VALUES (?)`, d.String()); err != nil {
			return fmt.Errorf("write holiday %s: %w", d, err)
		}
	}
	return nil
}

func (tx *Tx) importAreas(ctx context.Context, old, areas []roster.Area) ([]Change, error) {
	var changes []Change
	byID := map[string]roster.Area{}
	for _, a := range old {
		byID[a.ID] = a
	}
	inFile := map[string]bool{}
	for _, a := range areas {
		inFile[a.ID] = true
		prev, ok := byID[a.ID]
		var ch Change
		switch {
		case !ok:
			ch = Change{Kind: "area", ID: a.ID, Action: "added"}
		case !prev.Active:
			ch = Change{Kind: "area", ID: a.ID, Action: "reactivated", Fields: diffFields(prev, a, "Active")}
		case prev.Name != a.Name:
			ch = Change{Kind: "area", ID: a.ID, Action: "updated", Fields: []string{"name"}}
		default:
			continue
		}
		changes = append(changes, ch)
		if _, err := tx.ExecContext(ctx, `INSERT INTO areas (id, name, active) VALUES (?, ?, 1)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, active = 1`, a.ID, a.Name); err != nil {
			return nil, fmt.Errorf("write area %s: %w", a.ID, err)
		}
	}
	for _, a := range old {
		if !inFile[a.ID] && a.Active {
			changes = append(changes, Change{Kind: "area", ID: a.ID, Action: "deactivated"})
			if _, err := tx.ExecContext(ctx, `UPDATE areas SET active = 0 WHERE id = ?`, a.ID); err != nil {
				return nil, fmt.Errorf("deactivate area %s: %w", a.ID, err)
			}
		}
	}
	return changes, nil
}

func (tx *Tx) importOfficers(ctx context.Context, old, officers []roster.Officer) ([]Change, error) {
	var changes []Change
	byID := map[string]roster.Officer{}
	for _, o := range old {
		byID[o.ID] = o
	}
	inFile := map[string]bool{}
	for _, o := range officers {
		inFile[o.ID] = true
		o.Source = "plan"
		o.Unavailable = planUnavailability(o.Unavailable)
		prev, ok := byID[o.ID]
		cmpPrev := prev
		cmpPrev.Unavailable = planUnavailability(prev.Unavailable)
		var ch Change
		switch {
		case !ok:
			ch = Change{Kind: "officer", ID: o.ID, Action: "added"}
		case !prev.Active && o.Active:
			ch = Change{Kind: "officer", ID: o.ID, Action: "reactivated", Fields: diffFields(cmpPrev, o, "Active", "Source")}
		default:
			f := diffFields(cmpPrev, o, "Source")
			if len(f) == 0 && prev.Source == "plan" {
				continue
			}
			if prev.Active && !o.Active {
				ch = Change{Kind: "officer", ID: o.ID, Action: "deactivated", Fields: remove(f, "active")}
			} else {
				if prev.Source != "plan" {
					f = append(f, "source")
				}
				ch = Change{Kind: "officer", ID: o.ID, Action: "updated", Fields: f}
			}
		}
		changes = append(changes, ch)
		if err := tx.writeOfficer(ctx, &o, ok && !reflect.DeepEqual(cmpPrev.Unavailable, o.Unavailable) || !ok); err != nil {
			return nil, err
		}
	}
	for _, o := range old {
		if !inFile[o.ID] && o.Active && o.Source == "plan" {
			changes = append(changes, Change{Kind: "officer", ID: o.ID, Action: "deactivated"})
			if _, err := tx.ExecContext(ctx, `UPDATE officers SET active = 0 WHERE id = ?`, o.ID); err != nil {
				return nil, fmt.Errorf("deactivate officer %s: %w", o.ID, err)
			}
		}
	}
	return changes, nil
}

func remove(xs []string, x string) []string {
	var out []string
	for _, s := range xs {
		if s != x {
			out = append(out, s)
		}
	}
	return out
}

// writeOfficer upserts an officer and its areas; with planLeave it also replaces the officer's
// plan-sourced unavailability (leave from `leave add` is never touched here).
func (tx *Tx) writeOfficer(ctx context.Context, o *roster.Officer, planLeave bool) error {
	var maxPer any
	if o.MaxPerMonth > 0 {
		maxPer = o.MaxPerMonth
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO officers (id, name, role, phone, email, share_milli, max_per_month, active, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, phone = excluded.phone, email = excluded.email,
		share_milli = excluded.share_milli, max_per_month = excluded.max_per_month, active = excluded.active, source = excluded.source`,
		o.ID, o.Name, string(o.Role), o.Phone, o.Email, int64(o.Share), maxPer, boolInt(o.Active), o.Source); err != nil {
		return fmt.Errorf("write officer %s: %w", o.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM officer_areas WHERE officer_id = ?`, o.ID); err != nil {
		return fmt.Errorf("write officer %s areas: %w", o.ID, err)
	}
	for _, a := range o.Areas {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO officer_areas (officer_id, area_id) VALUES (?, ?)`, o.ID, a); err != nil {
			return fmt.Errorf("write officer %s area %s: %w", o.ID, a, err)
		}
	}
	if !planLeave {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM unavailability WHERE officer_id = ? AND source = 'plan'`, o.ID); err != nil {
		return fmt.Errorf("write officer %s unavailability: %w", o.ID, err)
	}
	for i, u := range o.Unavailable {
		u.Source = "plan"
		if _, err := tx.insertUnavailability(ctx, o.ID, u, i); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) insertUnavailability(ctx context.Context, officerID string, u roster.Unavailability, position int) (int64, error) {
	var fromDate, toDate, fromAt, toAt, rule, startMin, endMin any
	switch u.Kind {
	case roster.UnavailDays:
		fromDate, toDate = u.FromDate.String(), u.ToDate.String()
	case roster.UnavailWindow:
		fromAt, toAt = u.From.String(), u.To.String()
	case roster.UnavailRRule:
		rule, startMin, endMin = u.RRule, int(u.Start), int(u.End)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO unavailability (officer_id, kind, from_date, to_date, from_at, to_at, rrule, start_min,
		end_min, reason, source, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		officerID, string(u.Kind), fromDate, toDate, fromAt, toAt, rule, startMin, endMin, u.Reason, u.Source, position)
	if err != nil {
		return 0, fmt.Errorf("write unavailability of %s: %w", officerID, err)
	}
	return res.LastInsertId()
}

func (tx *Tx) importPosts(ctx context.Context, old, posts []roster.Post) ([]Change, error) {
	var changes []Change
	byID := map[string]roster.Post{}
	for _, p := range old {
		byID[p.ID] = p
	}
	inFile := map[string]bool{}
	for i, p := range posts {
		inFile[p.ID] = true
		prev, ok := byID[p.ID]
		var ch Change
		switch {
		case !ok:
			ch = Change{Kind: "post", ID: p.ID, Action: "added"}
		case !prev.Active:
			ch = Change{Kind: "post", ID: p.ID, Action: "reactivated", Fields: diffFields(prev, p, "Active")}
		default:
			f := diffFields(prev, p)
			if len(f) == 0 && tx.postPosition(ctx, p.ID) == i {
				continue
			}
			if len(f) == 0 {
				f = []string{"position"}
			}
			ch = Change{Kind: "post", ID: p.ID, Action: "updated", Fields: f}
		}
		changes = append(changes, ch)
		if err := tx.writePost(ctx, &p, i); err != nil {
			return nil, err
		}
	}
	for _, p := range old {
		if !inFile[p.ID] && p.Active {
			changes = append(changes, Change{Kind: "post", ID: p.ID, Action: "deactivated"})
			if _, err := tx.ExecContext(ctx, `UPDATE posts SET active = 0 WHERE id = ?`, p.ID); err != nil {
				return nil, fmt.Errorf("deactivate post %s: %w", p.ID, err)
			}
		}
	}
	return changes, nil
}

func (tx *Tx) postPosition(ctx context.Context, id string) int {
	var pos int
	if err := tx.QueryRowContext(ctx, `SELECT position FROM posts WHERE id = ?`, id).Scan(&pos); err != nil {
		return -1
	}
	return pos
}

func (tx *Tx) writePost(ctx context.Context, p *roster.Post, position int) error {
	var area any
	if p.Area != "" {
		area = p.Area
	}
	contacts := p.Contacts
	if contacts == nil {
		contacts = []roster.Contact{}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO posts (id, name, kind, area_id, address, phone, active, position, contacts)
		VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, area_id = excluded.area_id, address = excluded.address,
		phone = excluded.phone, active = 1, position = excluded.position, contacts = excluded.contacts`,
		p.ID, p.Name, string(p.Kind), area, p.Address, p.Phone, position, mustJSON(contacts)); err != nil {
		return fmt.Errorf("write post %s: %w", p.ID, err)
	}
	// Shifts no longer in the file stay, inactive, for the rosters that refer to them.
	if _, err := tx.ExecContext(ctx, `UPDATE shifts SET active = 0 WHERE post_id = ?`, p.ID); err != nil {
		return fmt.Errorf("write post %s shifts: %w", p.ID, err)
	}
	for i, s := range p.Shifts {
		var anchor any
		if !s.Anchor.IsZero() {
			anchor = s.Anchor.String()
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO shifts (post_id, id, label, rrule, anchor, start_min, end_min, mode, need, roles,
			backup, backup_roles, holidays, strategy, rotation, active, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
			ON CONFLICT (post_id, id) DO UPDATE SET label = excluded.label, rrule = excluded.rrule, anchor = excluded.anchor,
			start_min = excluded.start_min, end_min = excluded.end_min, mode = excluded.mode, need = excluded.need, roles = excluded.roles,
			backup = excluded.backup, backup_roles = excluded.backup_roles, holidays = excluded.holidays, strategy = excluded.strategy,
			rotation = excluded.rotation, active = 1, position = excluded.position`,
			p.ID, s.ID, s.Label, s.RRule, anchor, int(s.Start), int(s.End), string(s.Mode), s.Need, mustJSON(s.Roles), s.Backup,
			mustJSON(s.BackupRoles), string(s.Holidays), string(s.Strategy), mustJSON(s.Order), i); err != nil {
			return fmt.Errorf("write shift %s/%s: %w", p.ID, s.ID, err)
		}
	}
	return nil
}
