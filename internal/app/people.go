package app

import (
	"context"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"dutyroster/roster"
	"dutyroster/roster/workbook"
	"dutyroster/store"
)

// OfficerFilter chooses officers for a listing.
type OfficerFilter struct {
	All  bool   // inactive officers too
	Role string // only this role
	Area string // only officers who may serve this area
}

// ListOfficers returns the officers the filter chooses, in Vietnamese order of names.
func ListOfficers(ctx context.Context, db *store.DB, f OfficerFilter) ([]roster.Officer, error) {
	if f.Role != "" {
		if _, err := roster.ParseRole(f.Role); err != nil {
			return nil, roster.Errorf(roster.EINVALID, "--role: %v", err)
		}
	}
	officers, err := db.Officers(ctx)
	if err != nil {
		return nil, err
	}
	var shown []roster.Officer
	for _, o := range officers {
		if (!o.Active && !f.All) || (f.Role != "" && string(o.Role) != f.Role) || (f.Area != "" && !o.ServesArea(f.Area)) {
			continue
		}
		shown = append(shown, o)
	}
	roster.SortVietnamese(shown, func(o roster.Officer) string { return o.Name }, func(o roster.Officer) string { return o.ID })
	return shown, nil
}

// OfficerChange is a change to an officer's details: each field that is set replaces the
// officer's own.
type OfficerChange struct {
	Name, Role, Phone, Email, Share *string
	Areas                           *[]string
	MaxPerMonth                     *int
	Active                          *bool
}

// Apply copies the fields that are set onto o.
func (ch OfficerChange) Apply(o *roster.Officer) error {
	if ch.Name != nil {
		o.Name = norm.NFC.String(strings.TrimSpace(*ch.Name))
	}
	if ch.Role != nil {
		o.Role = roster.Role(*ch.Role)
	}
	if ch.Phone != nil {
		o.Phone = strings.TrimSpace(*ch.Phone)
	}
	if ch.Email != nil {
		o.Email = strings.TrimSpace(*ch.Email)
	}
	if ch.Areas != nil {
		o.Areas = nil
		for _, a := range *ch.Areas {
			if a = strings.TrimSpace(a); a != "" {
				o.Areas = append(o.Areas, a)
			}
		}
	}
	if ch.Share != nil {
		m, err := roster.ParseMilli(*ch.Share)
		if err != nil {
			return roster.Errorf(roster.EINVALID, "--share: %v", err)
		}
		o.Share = m
	}
	if ch.MaxPerMonth != nil {
		if *ch.MaxPerMonth < 0 {
			return roster.Errorf(roster.EINVALID, "--max-per-month must be 0 (the rules' cap) or more, not %d", *ch.MaxPerMonth)
		}
		o.MaxPerMonth = *ch.MaxPerMonth
	}
	if ch.Active != nil {
		o.Active = *ch.Active
	}
	return nil
}

// ParseLeave reads leave from and to as whole days (2026-02-02) or as a window
// (2026-02-10T13:30); to defaults to from.
func ParseLeave(from, to, reason string) (roster.Unavailability, error) {
	u := roster.Unavailability{Reason: norm.NFC.String(strings.TrimSpace(reason)), Source: "cli"}
	if err := roster.CheckText("--reason", u.Reason); err != nil {
		return u, roster.Errorf(roster.EINVALID, "%v", err)
	}
	if from == "" {
		return u, roster.Errorf(roster.EINVALID, "leave add needs --from (a date such as 2026-02-02, or 2026-02-10T13:30)")
	}
	if to == "" {
		to = from
	}
	if strings.ContainsAny(from, "T ") || strings.ContainsAny(to, "T ") {
		a, err := roster.ParseDateTime(from)
		if err != nil {
			return u, roster.Errorf(roster.EINVALID, "--from: %v", err)
		}
		b, err := roster.ParseDateTime(to)
		if err != nil {
			return u, roster.Errorf(roster.EINVALID, "--to: %v", err)
		}
		if !(a.Date.Before(b.Date) || a.Date == b.Date && a.Clock < b.Clock) {
			return u, roster.Errorf(roster.EINVALID, "--from %s is not before --to %s", a, b)
		}
		u.Kind, u.From, u.To = roster.UnavailWindow, a, b
		return u, nil
	}
	a, err := roster.ParseDate(from)
	if err != nil {
		return u, roster.Errorf(roster.EINVALID, "--from: %v", err)
	}
	b, err := roster.ParseDate(to)
	if err != nil {
		return u, roster.Errorf(roster.EINVALID, "--to: %v", err)
	}
	if a.After(b) {
		return u, roster.Errorf(roster.EINVALID, "--from %s is after --to %s", a, b)
	}
	u.Kind, u.FromDate, u.ToDate = roster.UnavailDays, a, b
	return u, nil
}

// LeaveRow is one unavailability in a listing, with the officer's name.
type LeaveRow struct {
	LeaveJSON
	Name string
}

// ListLeave lists leave and other unavailability, of one officer or all (in Vietnamese order of
// names), touching month m when it is set (recurring windows always do).
func ListLeave(ctx context.Context, db *store.DB, officer string, m *roster.Month) ([]LeaveRow, error) {
	if officer != "" {
		if _, err := db.Officer(ctx, officer); err != nil {
			return nil, err
		}
	}
	officers, err := db.Officers(ctx)
	if err != nil {
		return nil, err
	}
	roster.SortVietnamese(officers, func(o roster.Officer) string { return o.Name }, func(o roster.Officer) string { return o.ID })
	var out []LeaveRow
	for _, o := range officers {
		if officer != "" && o.ID != officer {
			continue
		}
		for _, u := range o.Unavailable {
			if m == nil || u.Touches(*m) {
				out = append(out, LeaveRow{ToLeaveJSON(o.ID, u), o.Name})
			}
		}
	}
	return out, nil
}

// ParseLeaveID reads a leave id as `leave list` shows it ("7" or "#7").
func ParseLeaveID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil {
		return 0, roster.Errorf(roster.EINVALID, "%q is not a leave id; `dutyroster leave list` shows them", s)
	}
	return id, nil
}

// ImportLeave checks the rows of a leave sheet (officer by id or by full name, matched without
// case or diacritics; whole days or windows) and stores them all in one transaction, or, on any
// problem, nothing: every problem is reported at its cell.
func ImportLeave(ctx context.Context, c *Center, file string, rows []workbook.LeaveRow, actor store.Actor) ([]store.LeaveEntry, []int64, error) {
	var problems []roster.Problem
	fail := func(where, format string, args ...any) {
		problems = append(problems, roster.Problemf(file, len(problems)+1, where, format, args...))
	}
	byName := map[string][]string{}
	for _, o := range c.Plan.Officers {
		k := roster.Fold(o.Name)
		byName[k] = append(byName[k], o.ID)
	}
	var entries []store.LeaveEntry
	for _, r := range rows {
		at := func(key string) string {
			if w := r.Where[key]; w != "" {
				return w
			}
			return r.Row
		}
		id := r.Officer
		if id == "" {
			fail(r.Row, "the row names no officer")
			continue
		}
		if c.Plan.Officer(id) == nil {
			switch ids := byName[roster.Fold(id)]; len(ids) {
			case 1:
				id = ids[0]
			case 0:
				fail(at("officer"), "no officer has the id or name %q; `dutyroster officer list` shows them", r.Officer)
				continue
			default:
				fail(at("officer"), "%d officers are called %q (%s); give the id instead", len(ids), r.Officer, strings.Join(ids, ", "))
				continue
			}
		}
		u, err := ParseLeave(r.From, r.To, r.Reason)
		if err != nil {
			where := at("from")
			msg := err.Error()
			if strings.HasPrefix(msg, "--to") {
				where = at("to")
			}
			msg = strings.NewReplacer("leave add needs --from", "the row has no start", "--from", "from", "--to", "to", "--reason", "reason").Replace(msg)
			fail(where, "%s", msg)
			continue
		}
		entries = append(entries, store.LeaveEntry{OfficerID: id, Leave: u})
	}
	if len(problems) > 0 {
		return nil, nil, &roster.PlanErrors{File: file, Problems: problems}
	}
	if len(entries) == 0 {
		return nil, nil, roster.Errorf(roster.EINVALID, "%s holds no leave rows", file)
	}
	ids, err := c.DB.AddLeaves(ctx, entries, actor)
	return entries, ids, err
}
