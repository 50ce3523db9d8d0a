package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"dutyroster/export"
	"dutyroster/roster"
	"dutyroster/roster/holiday"
	"dutyroster/roster/msg"
	"dutyroster/store"
)

// The listings of the command line, as Tables. format is the one the front end will write
// ("table", "csv" or "json"): a few cells are written for people in a table and kept as values
// in CSV.

// OfficersTable lists officers: id, name, role, phone, areas ("(all)" in a table when none),
// share, cap and whether active.
func OfficersTable(officers []roster.Officer, format string) *Table {
	t := &Table{Header: []string{"id", "name", "role", "phone", "areas", "share", "max_per_month", "active"}}
	js := []OfficerJSON{}
	for _, o := range officers {
		maxPer := ""
		if o.MaxPerMonth > 0 {
			maxPer = strconv.Itoa(o.MaxPerMonth)
		}
		areas := strings.Join(o.Areas, " ")
		if format == "table" && areas == "" {
			areas = "(all)"
		}
		t.Rows = append(t.Rows, []string{o.ID, o.Name, string(o.Role), o.Phone, areas, o.Share.String(), maxPer, strconv.FormatBool(o.Active)})
		js = append(js, ToOfficerJSON(o))
	}
	t.JSON = js
	return t
}

// OfficerTable shows one officer as fields and values, with each unavailability.
func OfficerTable(j OfficerJSON) *Table {
	maxPer := ""
	if j.MaxPerMonth != nil {
		maxPer = strconv.Itoa(*j.MaxPerMonth)
	}
	t := &Table{Header: []string{"field", "value"}, JSON: j, Rows: [][]string{
		{"id", j.ID}, {"name", j.Name}, {"role", string(j.Role)}, {"phone", j.Phone}, {"email", j.Email},
		{"areas", strings.Join(j.Areas, " ")}, {"share", j.Share.String()}, {"max_per_month", maxPer},
		{"active", strconv.FormatBool(j.Active)}, {"source", j.Source},
	}}
	for _, u := range j.Unavailable {
		t.Rows = append(t.Rows, []string{"unavailable", fmt.Sprintf("#%d %s %s (%s)", u.ID, u.When(), u.Reason, u.Source)})
	}
	return t
}

// PostsTable lists the plan's posts (the inactive ones too with all) in Vietnamese order of
// names.
func PostsTable(plan *roster.Plan, all bool) *Table {
	var posts []roster.Post
	for _, p := range plan.Posts {
		if p.Active || all {
			posts = append(posts, p)
		}
	}
	roster.SortVietnamese(posts, func(p roster.Post) string { return p.Name }, func(p roster.Post) string { return p.ID })
	t := &Table{Header: []string{"id", "name", "kind", "area", "phone", "shifts", "active"}}
	js := []PostJSON{}
	for _, p := range posts {
		var shifts []string
		for _, s := range p.Shifts {
			shifts = append(shifts, fmt.Sprintf("%s %s-%s %s", s.ID, s.Start, s.End, s.Mode))
		}
		t.Rows = append(t.Rows, []string{p.ID, p.Name, string(p.Kind), p.Area, p.Phone, strings.Join(shifts, "; "), strconv.FormatBool(p.Active)})
		js = append(js, ToPostJSON(p))
	}
	t.JSON = js
	return t
}

// ShiftsTable lists one post's shifts.
func ShiftsTable(j PostJSON) *Table {
	t := &Table{Header: []string{"shift", "label", "rrule", "start", "end", "mode", "need", "roles", "backup", "backup_roles", "holidays", "strategy", "order"}, JSON: j}
	for _, s := range j.Shifts {
		t.Rows = append(t.Rows, []string{s.ID, s.Label, s.RRule, s.Start, s.End, string(s.Mode), strconv.Itoa(s.Need),
			joinRoleKeys(s.Roles), strconv.Itoa(s.Backup), joinRoleKeys(s.BackupRoles), s.Holidays, s.Strategy, strings.Join(s.Order, " ")})
	}
	return t
}

func joinRoleKeys(rs []roster.Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, " ")
}

// LeaveTable lists leave as ListLeave finds it.
func LeaveTable(rows []LeaveRow) *Table {
	t := &Table{Header: []string{"id", "officer_id", "name", "from", "to", "rrule", "start", "end", "reason", "source"}}
	js := []LeaveJSON{}
	for _, j := range rows {
		js = append(js, j.LeaveJSON)
		t.Rows = append(t.Rows, []string{strconv.FormatInt(j.ID, 10), j.OfficerID, j.Name, j.From, j.To, j.RRule, j.Start, j.End, j.Reason, j.Source})
	}
	t.JSON = js
	return t
}

// HolidaysTable lists a year's days off, their names and weekdays in lang ("vi" or "en").
func HolidaysTable(cal *holiday.Calendar, year int, lang string) *Table {
	t := &Table{Header: []string{"date", "weekday", "name", "kind", "lunar"}}
	js := []HolidayJSON{}
	for _, h := range cal.Year(year) {
		name := h.Name
		if lang == "en" {
			name = h.NameEN
		}
		j := HolidayJSON{Date: h.Date.String(), Name: name, Kind: string(h.Kind)}
		if h.Lunar != nil {
			j.Lunar = h.Lunar.String()
		}
		js = append(js, j)
		t.Rows = append(t.Rows, []string{j.Date, WeekdayName(h.Date, lang), j.Name, j.Kind, j.Lunar})
	}
	t.JSON = js
	return t
}

// WeekdayName names a date's weekday in lang ("vi" or "en").
func WeekdayName(d roster.Date, lang string) string {
	if lang == "en" {
		return d.Weekday().String()
	}
	return roster.WeekdaysVI[d.Weekday()]
}

// HistoryTable lists a month's versions, their times in the Center's zone.
func HistoryTable(js []VersionJSON, loc *time.Location, format string) *Table {
	t := &Table{Header: []string{"version", "status", "kind", "based_on", "created_at", "created_by", "reason", "published_at", "published_by"}, JSON: js}
	at := func(s string) string {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return s
		}
		return LocalTime(tm, loc, format)
	}
	for _, v := range js {
		based := ""
		if v.BasedOn > 0 {
			based = strconv.Itoa(v.BasedOn)
		}
		t.Rows = append(t.Rows, []string{strconv.Itoa(v.Version), v.Status, v.Kind, based, at(v.CreatedAt), v.CreatedBy, v.Reason, at(v.PublishedAt), v.PublishedBy})
	}
	return t
}

// DiffTable lists the differences between two versions.
func DiffTable(js []ChangeJSON) *Table {
	t := &Table{Header: []string{"change", "post_id", "shift_id", "start", "end", "role", "from_officer", "to_officer"}, JSON: js}
	for _, j := range js {
		t.Rows = append(t.Rows, []string{j.Change, j.PostID, j.ShiftID, j.Start, j.End, j.Role, j.FromOfficer, j.ToOfficer})
	}
	return t
}

// AuditTable lists the audit log; a table gives each summary in lang, CSV and JSON in the
// English it was written with.
func AuditTable(entries []store.AuditEntry, loc *time.Location, format string, lang msg.Lang) *Table {
	t := &Table{Header: []string{"at", "user", "command", "summary"}, JSON: entries}
	if entries == nil {
		t.JSON = []any{}
	}
	for _, e := range entries {
		summary := e.Summary
		if format != "csv" && e.Text.Format != "" {
			summary = lang.Sprintf(e.Text.Format, e.Text.Args...)
		}
		t.Rows = append(t.Rows, []string{LocalTime(e.At, loc, format), e.User, e.Command, summary})
	}
	return t
}

// LocalTime shows a moment in the Center's time zone: "28/11/2026 21:41" in a table for people,
// RFC 3339 with the Center's offset in CSV (a spreadsheet and a script both read it). JSON keeps
// UTC, as its contract says.
func LocalTime(t time.Time, loc *time.Location, format string) string {
	if format == "csv" {
		return t.In(loc).Format(time.RFC3339)
	}
	return t.In(loc).Format("02/01/2006 15:04")
}

// ChangesTable lists what a plan import changed (or would change, in a dry run).
func ChangesTable(changes []store.Change) *Table {
	t := &Table{Header: []string{"action", "kind", "id", "fields"}, JSON: changes}
	for _, c := range changes {
		t.Rows = append(t.Rows, []string{c.Action, c.Kind, c.ID, strings.Join(c.Fields, ", ")})
	}
	if changes == nil {
		t.JSON = []store.Change{}
	}
	return t
}

// LinksTable lists the secret links, their times in the Center's zone.
func LinksTable(links []store.Link, loc *time.Location) *Table {
	type linkJSON struct {
		ID        int64  `json:"id"`
		Label     string `json:"label"`
		Scope     string `json:"scope"`
		Target    string `json:"target,omitempty"`
		CreatedAt string `json:"created_at"`
		CreatedBy string `json:"created_by"`
		LastUsed  string `json:"last_used_at,omitempty"`
		Uses      int64  `json:"uses"`
		Revoked   string `json:"revoked_at,omitempty"`
	}
	t := &Table{Header: []string{"#", "label", "scope", "made", "by", "last used", "uses", "revoked"}}
	js := []linkJSON{}
	stamp := func(tm time.Time) string {
		if tm.IsZero() {
			return ""
		}
		return tm.In(loc).Format("2006-01-02 15:04")
	}
	rfc := func(tm time.Time) string {
		if tm.IsZero() {
			return ""
		}
		return tm.Format(time.RFC3339)
	}
	for _, k := range links {
		scope := k.Scope
		if k.Target != "" {
			scope += " " + k.Target
		}
		t.Rows = append(t.Rows, []string{strconv.FormatInt(k.ID, 10), k.Label, scope, stamp(k.CreatedAt), k.CreatedBy,
			stamp(k.LastUsedAt), strconv.FormatInt(k.Uses, 10), stamp(k.RevokedAt)})
		js = append(js, linkJSON{ID: k.ID, Label: k.Label, Scope: k.Scope, Target: k.Target, CreatedAt: k.CreatedAt.Format(time.RFC3339),
			CreatedBy: k.CreatedBy, LastUsed: rfc(k.LastUsedAt), Uses: k.Uses, Revoked: rfc(k.RevokedAt)})
	}
	t.JSON = js
	return t
}

// RosterTable lists a roster's duties and then its empty places. The CSV keeps its values as
// they have always been (ISO dates, Vietnamese day names, role keys); a table is for the reader,
// in lang. Only what format writes is built (a country's month has 100,000 rows).
func RosterTable(plan *roster.Plan, r *roster.Roster, format string, lang msg.Lang) *Table {
	if format == "json" {
		return &Table{JSON: export.ToJSON(r)}
	}
	csv := format == "csv"
	day := func(t time.Time) (string, string) {
		if csv {
			return t.Format("2006-01-02"), WeekdayName(roster.DateOf(t), "vi")
		}
		return roster.DateOf(t).Localize(string(lang)), WeekdayName(roster.DateOf(t), string(lang))
	}
	word := func(s string) string {
		if csv {
			return s
		}
		return lang.T(s)
	}
	t := &Table{Header: []string{"date", "day", "time", "post", "shift", "role", "officer_id", "name", "phone"}}
	for _, a := range r.Assignments {
		name, phone := "", ""
		if o := plan.Officer(a.OfficerID); o != nil {
			name, phone = o.Name, o.Phone
		}
		date, wd := day(a.Start)
		t.Rows = append(t.Rows, []string{date, wd, a.Start.Format("15:04") + "-" + a.End.Format("15:04"), a.PostID, a.ShiftID,
			word(string(a.Role)), a.OfficerID, name, phone})
	}
	for _, u := range r.Unfilled {
		date, wd := day(u.Start)
		missing := strconv.Itoa(u.Missing) + " missing"
		if !csv {
			missing = lang.Sprintf("%d missing", u.Missing)
		}
		t.Rows = append(t.Rows, []string{date, wd, u.Start.Format("15:04") + "-" + u.End.Format("15:04"), u.PostID, u.ShiftID,
			word(string(u.Role)), word("UNFILLED"), missing, ""})
	}
	return t
}

// StatsTable lists each officer's counts and burden; a table ends with the spread of each.
func StatsTable(j *StatsJSON, format string) *Table {
	t := &Table{Header: []string{"officer_id", "name", "duties", "backups", "weekend", "holiday", "night", "burden", "fair_share", "deviation"}, JSON: j}
	for _, s := range j.Officers {
		t.Rows = append(t.Rows, []string{s.OfficerID, s.Name, strconv.Itoa(s.Duties), strconv.Itoa(s.Backups),
			strconv.Itoa(s.Weekend), strconv.Itoa(s.Holiday), strconv.Itoa(s.Night), s.Burden.String(), s.FairShare.String(), s.Deviation.String()})
	}
	if format == "table" {
		sp := j.Spread
		t.Rows = append(t.Rows, []string{"SPREAD", "(max - min)", strconv.Itoa(sp.Duties), strconv.Itoa(sp.Backups), strconv.Itoa(sp.Weekend),
			strconv.Itoa(sp.Holiday), strconv.Itoa(sp.Night), sp.Burden.String(), "", ""})
	}
	return t
}
