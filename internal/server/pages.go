package server

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strings"
	"time"

	"dutyroster/export"
	"dutyroster/internal/app"
	"dutyroster/roster"
	"dutyroster/roster/msg"
	"dutyroster/store"
)

//go:embed web/*.html web/style.css
var webFS embed.FS

var (
	pages    = template.Must(template.New("").Funcs(template.FuncMap{"tel": tel}).ParseFS(webFS, "web/*.html"))
	style, _ = webFS.ReadFile("web/style.css")
)

// tel is a phone number as a tel: link ("0912 345 678" -> "tel:0912345678").
func tel(phone string) template.URL {
	var b strings.Builder
	for _, r := range phone {
		if (r >= '0' && r <= '9') || r == '+' {
			b.WriteRune(r)
		}
	}
	return template.URL("tel:" + b.String())
}

func (s *Server) style(w http.ResponseWriter, r *http.Request) {
	serve(w, r, styleEntry)
}

var styleEntry = newEntry(style, "text/css; charset=utf-8", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))

// labels are the pages' fixed texts.
type labels struct {
	Lang, Desk, Month, Mine, Hotline, OnDuty, Backup, Until, Next, From, Empty, Closed, PostPhone, Version, Updated, Refresh,
	NoVersion, Date, Hours, Place, Prev, NextMonth, Print, NextDuty, NoDuty, With, Subscribe, SubscribeHelp, FeedLink,
	Absent, Upcoming, Unfilled, Address, Mode, Role string
	Weekdays [7]string
	Roles    map[string]string
	Modes    map[string]string
}

// labelsIn takes the pages' fixed texts from the message catalogue, in the language.
func labelsIn(l msg.Lang) labels {
	var weekdays [7]string
	for i, d := range []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"} {
		weekdays[i] = l.T(d)
	}
	return labels{Lang: string(l), Desk: l.T("Legal aid duty desk"), Month: l.T("Duty roster %02d/%d"), Mine: l.T("My duties"),
		Hotline: l.T("Hotline"), OnDuty: l.T("Person on duty"), Backup: l.T("Backup"), Until: l.T("until"), Next: l.T("Next"), From: l.T("from"),
		Empty: l.T("Nobody on duty — call the hotline"), Closed: l.T("No duty at this hour."), PostPhone: l.T("Post phone"),
		Version: l.T("Roster %02d/%d, version %d, published %s"), Updated: l.T("Updated at %s"), Refresh: l.T("this page refreshes every minute"),
		NoVersion: l.T("%02d/%d has no published roster yet."), Date: l.T("Date"), Hours: l.T("Hours"), Place: l.T("Post"),
		Prev: l.T("« Previous month"), NextMonth: l.T("Next month »"), Print: l.T("Print"), NextDuty: l.T("Next duty"), NoDuty: l.T("No duty ahead yet."),
		With: l.T("With"), Subscribe: l.T("Add to my phone's calendar"), SubscribeHelp: l.T("Or copy this link into a calendar app (Google, Outlook, Apple):"),
		FeedLink: l.T("Calendar link"), Absent: l.T("absent"), Upcoming: l.T("Upcoming duties"), Unfilled: l.T("NOBODY ON DUTY"), Address: l.T("Address"),
		Mode: l.T("Mode"), Role: l.T("Role"),
		Weekdays: weekdays,
		Roles:    map[string]string{"duty": l.T("Person on duty"), "backup": l.T("Backup")},
		Modes:    map[string]string{"in_person": l.T("In person"), "phone": l.T("By phone")},
	}
}

// The labels of the two languages, from the catalogue once.
var vi, en = labelsIn(msg.VI), labelsIn(msg.EN)

func (q *request) labels() *labels {
	if q.lang == "en" {
		return &en
	}
	return &vi
}

// when formats an instant in the Center's zone: "07:00 Thứ Ba 01/12".
func (q *request) when(t time.Time) string {
	l := t.In(q.st.c.Loc)
	return l.Format("15:04") + " " + q.labels().Weekdays[l.Weekday()] + " " + l.Format("02/01")
}

// page is what every page template gets.
type page struct {
	L       *labels
	Title   string
	Center  string
	Hotline string
	Query   string // "?lang=en" to keep the language on links
	Refresh bool
	Body    any
}

// cached answers from the state's cache, rendering on a miss.
func (s *Server) cached(w http.ResponseWriter, r *http.Request, q *request, key string, mod time.Time,
	render func() ([]byte, string, error)) {
	key = fmt.Sprintf("%s|%s|%s|%s", q.link.Scope, q.link.Target, q.lang, key)
	e, err := q.st.cache.get(r.Context(), key, func() (*entry, error) {
		body, ctype, err := render()
		if err != nil {
			return nil, err
		}
		if mod.Before(q.st.modTime) {
			mod = q.st.modTime
		}
		return newEntry(body, ctype, mod), nil
	})
	if err != nil {
		if r.Context().Err() == nil {
			s.fail(w, r, err)
		}
		return
	}
	serve(w, r, e)
}

func (s *Server) html(q *request, name, title string, refresh bool, body any) ([]byte, string, error) {
	p := page{L: q.labels(), Title: title, Center: q.st.c.Plan.Center.Name, Hotline: q.st.c.Plan.Center.Hotline, Refresh: refresh, Body: body}
	if q.lang == "en" {
		p.Query = "?lang=en"
	}
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, p); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), "text/html; charset=utf-8", nil
}

func jsonBody(v any) ([]byte, string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), "application/json; charset=utf-8", nil
}

// home is the desk page of a post or Center link, and the officer's own page of an officer link.
func (s *Server) home(w http.ResponseWriter, r *http.Request, q *request) {
	if q.link.Scope == store.ScopeOfficer {
		s.mine(w, r, q)
		return
	}
	minute := q.now.Truncate(time.Minute)
	s.cached(w, r, q, "desk|"+minute.Format(time.RFC3339), minute, func() ([]byte, string, error) {
		d, err := s.desk(r, q)
		if err != nil {
			return nil, "", err
		}
		return s.html(q, "desk.html", q.labels().Desk, true, d)
	})
}

// deskView is the desk page.
type deskView struct {
	Posts      []deskPost
	Version    string
	Updated    string
	Month      string // the month page's link
	MonthTitle string
}

type deskPost struct {
	Name, Phone    string
	OnDuty, Backup []deskPerson
	Empty          bool // a place to fill now has nobody present: call the hotline
	Closed         bool // no duty at this hour
	Next           []deskPerson
	NextWhen       string
}

type deskPerson struct {
	Name, Role, Phone, Until, Absent string
}

func (q *request) post() string {
	if q.link.Scope == store.ScopePost {
		return q.link.Target
	}
	return ""
}

func (s *Server) desk(r *http.Request, q *request) (*deskView, error) {
	now, err := app.Desk(r.Context(), q.st.c, q.now, q.post())
	if err != nil {
		return nil, err
	}
	l := q.labels()
	v := &deskView{Updated: fmt.Sprintf(l.Updated, q.now.In(q.st.c.Loc).Format("15:04 02/01/2006"))}
	m := roster.MonthOf(q.st.c.Today(q.now))
	v.Month, v.MonthTitle = "thang/"+m.String(), fmt.Sprintf(l.Month, int(m.Month), m.Year)
	if info, err := s.versionLine(r, q, m); err != nil {
		return nil, err
	} else {
		v.Version = info
	}
	unfilled, err := app.UnfilledAt(r.Context(), q.st.c, q.now)
	if err != nil {
		return nil, err
	}
	for _, p := range now.Posts {
		dp := deskPost{Name: p.PostName, Phone: p.Phone, Empty: true}
		for _, pr := range p.OnDuty {
			person := deskPerson{Name: pr.Name, Role: l.Roles[pr.Role], Phone: pr.Phone, Absent: pr.Absent}
			if end, err := time.Parse(time.RFC3339, pr.End); err == nil {
				person.Until = l.Until + " " + q.when(end)
			}
			if pr.Role == string(roster.Backup) {
				dp.Backup = append(dp.Backup, person)
				continue
			}
			dp.OnDuty = append(dp.OnDuty, person)
			if pr.Absent == "" {
				dp.Empty = false
			}
		}
		// Nobody named and no place left empty: the post keeps no duty at this hour.
		if len(p.OnDuty) == 0 && !unfilled[p.PostID] {
			dp.Empty, dp.Closed = false, true
		}
		for _, pr := range p.Next {
			dp.Next = append(dp.Next, deskPerson{Name: pr.Name, Role: l.Roles[pr.Role], Phone: pr.Phone, Absent: pr.Absent})
			if start, err := time.Parse(time.RFC3339, pr.Start); err == nil {
				dp.NextWhen = l.From + " " + q.when(start)
			}
		}
		v.Posts = append(v.Posts, dp)
	}
	return v, nil
}

// versionLine says which published version of a month is shown, and from when.
func (s *Server) versionLine(r *http.Request, q *request, m roster.Month) (string, error) {
	versions, err := q.st.c.DB.Versions(r.Context(), m)
	if err != nil {
		return "", err
	}
	for i := len(versions) - 1; i >= 0; i-- {
		if v := versions[i]; v.Status == roster.StatusPublished {
			return fmt.Sprintf(q.labels().Version, int(m.Month), m.Year, v.Version, v.PublishedAt.In(q.st.c.Loc).Format("02/01/2006")), nil
		}
	}
	return fmt.Sprintf(q.labels().NoVersion, int(m.Month), m.Year), nil
}

// monthView is the month page: the published roster of the scope's posts, as the document lists it.
type monthView struct {
	Rows      []monthRow
	ShowPlace bool
	Version   string
	Prev      string
	Next      string
}

type monthRow struct {
	Date, Hours, Place string
	Duty, Backup       []deskPerson
	Missing            bool
	Weekend            bool
}

func (s *Server) monthPage(w http.ResponseWriter, r *http.Request, q *request) {
	m, err := roster.ParseMonth(r.PathValue("month"))
	if err != nil || q.link.Scope == store.ScopeOfficer {
		http.NotFound(w, r)
		return
	}
	l := q.labels()
	s.cached(w, r, q, "month|"+m.String(), time.Time{}, func() ([]byte, string, error) {
		v := &monthView{ShowPlace: q.post() == "", Prev: m.Prev().String(), Next: m.Next().String()}
		var err error
		if v.Version, err = s.versionLine(r, q, m); err != nil {
			return nil, "", err
		}
		ro, err := app.PublishedVersion(r.Context(), q.st.c, m, q.post(), "")
		if err != nil {
			return nil, "", err
		}
		if ro != nil {
			v.Rows = q.monthRows(ro)
		}
		return s.html(q, "month.html", fmt.Sprintf(l.Month, int(m.Month), m.Year), false, v)
	})
}

// monthRows groups a roster by slot, in time and plan order.
func (q *request) monthRows(ro *roster.Roster) []monthRow {
	c := q.st.c
	l := q.labels()
	type key struct {
		post, shift string
		start       int64
	}
	rows := map[key]*monthRow{}
	var keys []key
	postOrder := map[string]int{}
	for i, p := range c.Plan.Posts {
		postOrder[p.ID] = i
	}
	get := func(post, shift string, start, end time.Time) *monthRow {
		k := key{post, shift, start.Unix()}
		if r := rows[k]; r != nil {
			return r
		}
		ls, le := start.In(c.Loc), end.In(c.Loc)
		r := &monthRow{Date: l.Weekdays[ls.Weekday()] + " " + ls.Format("02/01"), Hours: ls.Format("15:04") + " - " + le.Format("15:04"),
			Place: post, Weekend: roster.DateOf(ls).IsWeekend()}
		if p := c.Plan.Post(post); p != nil {
			r.Place = p.Name
			for _, sh := range p.Shifts {
				if sh.ID == shift && len(p.Shifts) > 1 {
					r.Hours = sh.Label + " " + r.Hours
				}
			}
		}
		rows[k] = r
		keys = append(keys, k)
		return r
	}
	for _, a := range ro.Assignments {
		r := get(a.PostID, a.ShiftID, a.Start, a.End)
		p := deskPerson{Name: c.OfficerName(a.OfficerID)}
		if o := c.Officer(a.OfficerID); o != nil {
			p.Phone = o.Phone
		}
		if a.Role == roster.Backup {
			r.Backup = append(r.Backup, p)
		} else {
			r.Duty = append(r.Duty, p)
		}
	}
	for _, u := range ro.Unfilled {
		if u.Role == roster.Duty {
			get(u.PostID, u.ShiftID, u.Start, u.End).Missing = true
		}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		if keys[i].start != keys[j].start {
			return keys[i].start < keys[j].start
		}
		return postOrder[keys[i].post] < postOrder[keys[j].post]
	})
	out := make([]monthRow, len(keys))
	for i, k := range keys {
		out[i] = *rows[k]
	}
	return out
}

// mineView is an officer's own page.
type mineView struct {
	Name   string
	Next   *dutyCard
	Duties []dutyCard
	Feed   string
	Webcal template.URL // webcal: is not a scheme html/template lets through on its own
}

type dutyCard struct {
	L                                       *labels
	When, Post, Address, Mode, Role, Absent string
	With                                    []deskPerson
}

// officerWindow is what an officer's page lists: from two days back (a duty running now) to
// the end of the last published month.
func (s *Server) officerWindow(r *http.Request, q *request) (time.Time, time.Time, error) {
	last, err := q.st.c.DB.LastMonth(r.Context(), false)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	to := q.now
	if last != nil {
		to = last.Next().First().In(q.st.c.Loc)
	}
	return q.now.Add(-48 * time.Hour), to, nil
}

func (s *Server) mine(w http.ResponseWriter, r *http.Request, q *request) {
	minute := q.now.Truncate(time.Minute)
	base := s.baseURL(r)
	// The page shows the link itself (to subscribe): one cache entry per link, not per officer.
	s.cached(w, r, q, fmt.Sprintf("mine|%d|%s|%s", q.link.ID, minute.Format(time.RFC3339), base), minute, func() ([]byte, string, error) {
		from, to, err := s.officerWindow(r, q)
		if err != nil {
			return nil, "", err
		}
		_, duties, err := app.MyDuties(r.Context(), q.st.c, q.link.Target, from, to, false)
		if err != nil {
			return nil, "", err
		}
		l := q.labels()
		v := &mineView{Name: q.st.c.OfficerName(q.link.Target)}
		secret := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/l/"), "/")
		_, feed, webcal := app.LinkURLs(base, secret)
		v.Feed, v.Webcal = feed, template.URL(webcal)
		for _, d := range duties {
			end, _ := time.Parse(time.RFC3339, d.End)
			if !end.After(q.now) {
				continue
			}
			start, _ := time.Parse(time.RFC3339, d.Start)
			card := dutyCard{L: l, When: q.when(start) + " – " + q.when(end), Post: d.PostName, Address: d.Address, Mode: l.Modes[d.Mode],
				Role: l.Roles[d.Role], Absent: d.Absent}
			for _, p := range d.With {
				card.With = append(card.With, deskPerson{Name: p.Name, Role: l.Roles[p.Role], Phone: p.Phone})
			}
			v.Duties = append(v.Duties, card)
		}
		if len(v.Duties) > 0 {
			v.Next = &v.Duties[0]
		}
		return s.html(q, "mine.html", l.Mine, true, v)
	})
}

// baseURL is the public address: the configured one, else the request's own.
func (s *Server) baseURL(r *http.Request) string {
	if s.opts.BaseURL != "" {
		return strings.TrimRight(s.opts.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// apiNow is the desk page's JSON twin (the `now --output json` contract).
func (s *Server) apiNow(w http.ResponseWriter, r *http.Request, q *request) {
	if q.link.Scope == store.ScopeOfficer {
		http.NotFound(w, r)
		return
	}
	minute := q.now.Truncate(time.Minute)
	s.cached(w, r, q, "api-now|"+minute.Format(time.RFC3339), minute, func() ([]byte, string, error) {
		v, err := app.Desk(r.Context(), q.st.c, q.now, q.post())
		if err != nil {
			return nil, "", err
		}
		return jsonBody(v)
	})
}

// apiMonth is the month page's JSON twin (the roster JSON contract, cut to the scope).
func (s *Server) apiMonth(w http.ResponseWriter, r *http.Request, q *request) {
	m, err := roster.ParseMonth(r.PathValue("month"))
	if err != nil || q.link.Scope == store.ScopeOfficer {
		http.NotFound(w, r)
		return
	}
	s.cached(w, r, q, "api-month|"+m.String(), time.Time{}, func() ([]byte, string, error) {
		ro, err := app.PublishedVersion(r.Context(), q.st.c, m, q.post(), "")
		if err != nil {
			return nil, "", err
		}
		if ro == nil {
			return jsonBody(map[string]string{"month": m.String(), "error": "no published roster"})
		}
		return jsonBody(export.ToJSON(ro))
	})
}

// apiMe is the officer page's JSON twin (the `my --output json` duties).
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, q *request) {
	if q.link.Scope != store.ScopeOfficer {
		http.NotFound(w, r)
		return
	}
	minute := q.now.Truncate(time.Minute)
	s.cached(w, r, q, "api-me|"+minute.Format(time.RFC3339), minute, func() ([]byte, string, error) {
		from, to, err := s.officerWindow(r, q)
		if err != nil {
			return nil, "", err
		}
		_, duties, err := app.MyDuties(r.Context(), q.st.c, q.link.Target, from, to, false)
		if err != nil {
			return nil, "", err
		}
		return jsonBody(duties)
	})
}

// feed is the scope's calendar.
func (s *Server) feed(w http.ResponseWriter, r *http.Request, q *request) {
	day := q.st.c.Today(q.now)
	s.cached(w, r, q, "feed|"+day.String(), time.Time{}, func() ([]byte, string, error) {
		body, err := app.Feed(r.Context(), q.st.c, q.link.Scope, q.link.Target, q.now, q.lang)
		return body, "text/calendar; charset=utf-8", err
	})
}
