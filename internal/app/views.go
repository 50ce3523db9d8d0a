package app

import (
	"bytes"
	"context"
	"time"

	"dutyroster/export"
	"dutyroster/roster"
)

// Person is someone on duty, in the views' JSON.
type Person struct {
	OfficerID string `json:"officer_id"`
	Name      string `json:"name"`
	Role      string `json:"role"`
	Phone     string `json:"phone"`
	Start     string `json:"start"`
	End       string `json:"end"`
	// Absent says why the person cannot serve although the roster names them: "inactive" or
	// "unavailable: reason". Whoever reads the view calls the backup or the hotline instead.
	Absent string `json:"absent,omitempty"`
}

// PostNow is who is on duty at one post at an instant (and, when nobody is, who comes next).
type PostNow struct {
	PostID   string   `json:"post_id"`
	PostName string   `json:"post_name"`
	Phone    string   `json:"phone"`
	OnDuty   []Person `json:"on_duty"`
	Next     []Person `json:"next,omitempty"`
}

// NowView is the police desk's answer: who is on duty at each post at an instant.
type NowView struct {
	At      string    `json:"at"`
	Hotline string    `json:"hotline"`
	Posts   []PostNow `json:"posts"`
}

func (c *Center) person(a roster.Assignment) Person {
	p := Person{OfficerID: a.OfficerID, Name: a.OfficerID, Role: string(a.Role), Start: a.Start.Format(time.RFC3339), End: a.End.Format(time.RFC3339)}
	if o := c.Officer(a.OfficerID); o != nil {
		p.Name, p.Phone = o.Name, o.Phone
	}
	return p
}

// ParseAt reads --at as a local time in the Center's zone ("2026-03-14 23:00") or RFC 3339,
// in the years dutyroster handles.
func ParseAt(s string, loc *time.Location) (time.Time, error) {
	t, err := parseAt(s, loc)
	if err != nil {
		return t, roster.Errorf(roster.EINVALID, "--at %q is not a time such as \"2026-03-14 23:00\"", s)
	}
	if y := t.Year(); y < roster.MinYear || y > roster.MaxYear {
		return t, roster.Errorf(roster.EINVALID, "--at %q is outside the years %d to %d that dutyroster handles", s, roster.MinYear, roster.MaxYear)
	}
	return t, nil
}

func parseAt(s string, loc *time.Location) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	t, err := time.Parse(time.RFC3339, s)
	return t.In(loc), err
}

// Now gathers who is on duty at t at each active post (or one), and for a post where nobody
// is, the next duty. It reads published versions (with draft: the newest draft of a month that
// has no published version).
func Now(ctx context.Context, c *Center, t time.Time, post string, draft bool) (*NowView, error) {
	return nowView(ctx, c, t, post, draft, false)
}

// Desk is what a court's or police desk sees: who is on duty at t at each active post (or one),
// from published versions only, and at every post who comes next.
func Desk(ctx context.Context, c *Center, t time.Time, post string) (*NowView, error) {
	return nowView(ctx, c, t, post, false, true)
}

func nowView(ctx context.Context, c *Center, t time.Time, post string, draft, alwaysNext bool) (*NowView, error) {
	if post != "" && c.Plan.Post(post) == nil {
		return nil, errNoPost(post)
	}
	running, err := c.DB.AssignmentsAt(ctx, t, draft)
	if err != nil {
		return nil, err
	}
	byPost := map[string][]roster.Assignment{}
	for _, a := range running {
		byPost[a.PostID] = append(byPost[a.PostID], a)
	}
	// The next duties: three days ahead for every post in one query, further (as far as any
	// roster reaches) for a post that has none so soon.
	soon, err := c.DB.AssignmentsBetween(ctx, t, t.AddDate(0, 0, 3), "", post, draft)
	if err != nil {
		return nil, err
	}
	absent := c.absenceAt(ctx)
	next := map[string][]roster.Assignment{}
	for _, a := range soon {
		if alwaysNext && !a.Start.After(t) {
			continue // running now, not next
		}
		if n := next[a.PostID]; len(n) == 0 || a.Start.Equal(n[0].Start) {
			next[a.PostID] = append(n, a)
		}
	}
	j := &NowView{At: t.Format(time.RFC3339), Hotline: c.Plan.Center.Hotline, Posts: []PostNow{}}
	for _, p := range c.Plan.Posts {
		if (post != "" && p.ID != post) || (post == "" && !p.Active) {
			continue
		}
		pj := PostNow{PostID: p.ID, PostName: p.Name, Phone: p.Phone, OnDuty: []Person{}}
		present := 0
		for _, a := range byPost[p.ID] {
			pr := c.person(a)
			if pr.Absent, err = absent(a.OfficerID, t); err != nil {
				return nil, err
			}
			if pr.Absent == "" {
				present++
			}
			pj.OnDuty = append(pj.OnDuty, pr)
		}
		if present == 0 || alwaysNext {
			later := next[p.ID]
			if len(later) == 0 {
				if later, err = c.nextAt(ctx, p.ID, t.AddDate(0, 0, 3), draft); err != nil {
					return nil, err
				}
			}
			for _, a := range later {
				if !a.Start.Equal(later[0].Start) {
					break
				}
				pr := c.person(a)
				if pr.Absent, err = absent(a.OfficerID, a.Start); err != nil {
					return nil, err
				}
				pj.Next = append(pj.Next, pr)
			}
		}
		j.Posts = append(j.Posts, pj)
	}
	return j, nil
}

// absenceAt returns a function telling why an officer cannot serve at an instant ("" when they
// can), reading each officer's leave once.
func (c *Center) absenceAt(ctx context.Context) func(id string, t time.Time) (string, error) {
	full := map[string]*roster.Officer{}
	return func(id string, t time.Time) (string, error) {
		o, ok := full[id]
		if !ok {
			var err error
			if o, err = c.DB.Officer(ctx, id); err != nil {
				if roster.ErrorCode(err) == roster.ENOTFOUND {
					return "", nil
				}
				return "", err
			}
			full[id] = o
		}
		return Absence(o, t, c.Loc), nil
	}
}

// nextAt returns the first duties at a post starting at or after t, however far ahead a roster
// reaches: month by month through the months that have one.
func (c *Center) nextAt(ctx context.Context, post string, t time.Time, draft bool) ([]roster.Assignment, error) {
	last, err := c.DB.LastMonth(ctx, draft)
	if err != nil || last == nil {
		return nil, err
	}
	for m := roster.MonthOf(roster.DateOf(t.In(c.Loc))); m.String() <= last.String(); m = m.Next() {
		as, err := c.DB.AssignmentsBetween(ctx, t, m.Next().First().In(c.Loc), "", post, draft)
		if err != nil {
			return nil, err
		}
		var first []roster.Assignment
		for _, a := range as {
			if len(first) == 0 || a.Start.Equal(first[0].Start) {
				first = append(first, a)
			}
		}
		if len(first) > 0 {
			return first, nil
		}
		t = m.Next().First().In(c.Loc)
	}
	return nil, nil
}

// Duty is one of an officer's duties, with where, how and with whom.
type Duty struct {
	Start    string   `json:"start"`
	End      string   `json:"end"`
	Role     string   `json:"role"`
	PostID   string   `json:"post_id"`
	PostName string   `json:"post_name"`
	Address  string   `json:"address"`
	Phone    string   `json:"post_phone"`
	ShiftID  string   `json:"shift_id"`
	Mode     string   `json:"mode"`
	With     []Person `json:"with"`
	// Absent says the officer is on leave or inactive at the duty's start although the roster
	// names them: the coordinator must replace them.
	Absent string `json:"absent,omitempty"`
}

// MyDuties reads an officer's duties starting from..to, with who else is in each slot.
func MyDuties(ctx context.Context, c *Center, officer string, from, to time.Time, draft bool) ([]roster.Assignment, []Duty, error) {
	if c.Plan.Officer(officer) == nil {
		return nil, nil, errNoOfficer(officer)
	}
	mine, err := c.DB.AssignmentsBetween(ctx, from, to, officer, "", draft)
	if err != nil {
		return nil, nil, err
	}
	out := []Duty{}
	absent := c.absenceAt(ctx)
	for _, a := range mine {
		d := Duty{Start: a.Start.Format(time.RFC3339), End: a.End.Format(time.RFC3339), Role: string(a.Role), PostID: a.PostID,
			PostName: a.PostID, ShiftID: a.ShiftID, With: []Person{}}
		if d.Absent, err = absent(officer, a.Start); err != nil {
			return nil, nil, err
		}
		if p := c.Plan.Post(a.PostID); p != nil {
			d.PostName, d.Address, d.Phone = p.Name, p.Address, p.Phone
			for _, s := range p.Shifts {
				if s.ID == a.ShiftID {
					d.Mode = string(s.Mode)
				}
			}
		}
		same, err := c.DB.AssignmentsBetween(ctx, a.Start, a.Start.Add(time.Second), "", a.PostID, draft)
		if err != nil {
			return nil, nil, err
		}
		for _, b := range same {
			if b.ShiftID == a.ShiftID && b.OfficerID != officer {
				pr := c.person(b)
				if pr.Absent, err = absent(b.OfficerID, b.Start); err != nil {
					return nil, nil, err
				}
				d.With = append(d.With, pr)
			}
		}
		out = append(out, d)
	}
	return mine, out, nil
}

// maxDutyView bounds how long a duty lasts, so that one running now is found by its start.
const maxDutyView = 48 * time.Hour

// NextDuty is the officer's duty running at now or the next to start within three months; nil
// when there is none.
func NextDuty(ctx context.Context, c *Center, officer string, now time.Time, draft bool) (*Duty, error) {
	_, duties, err := MyDuties(ctx, c, officer, now.Add(-maxDutyView), now.AddDate(0, 3, 0), draft)
	if err != nil {
		return nil, err
	}
	for i := range duties {
		e, _ := time.Parse(time.RFC3339, duties[i].End)
		if e.After(now) {
			return &duties[i], nil
		}
	}
	return nil, nil
}

// MyCalendar encodes an officer's duties between from and to as an iCalendar file; each event
// names the partners on duty with them.
func MyCalendar(ctx context.Context, c *Center, officer string, mine []roster.Assignment, from, to time.Time, draft bool,
	lang string, now time.Time) ([]byte, error) {
	all, err := c.DB.AssignmentsBetween(ctx, from, to, "", "", draft)
	if err != nil {
		return nil, err
	}
	r := &roster.Roster{Month: roster.MonthOf(roster.DateOf(from.In(c.Loc))), Version: 1, Status: roster.StatusPublished, Assignments: mine}
	if draft {
		r.Status = roster.StatusDraft
	}
	doc := &export.Document{Plan: c.Plan, Roster: r, Calendar: c.Cal, Lang: lang, Now: now, All: all}
	var buf bytes.Buffer
	if err := export.NewICSEncoder(&buf).Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// DutyPeriod is the period `my` shows: from the day from (YYYY-MM-DD; default now) to the end of
// the day to (default two months on), in the Center's zone.
func DutyPeriod(from, to string, now time.Time, loc *time.Location) (time.Time, time.Time, error) {
	start := now.In(loc)
	if from != "" {
		d, err := ParseDay("from", from)
		if err != nil {
			return start, start, err
		}
		start = d.In(loc)
	}
	end := start.AddDate(0, 2, 0)
	if to != "" {
		d, err := ParseDay("to", to)
		if err != nil {
			return start, end, err
		}
		end = d.AddDays(1).In(loc)
	}
	if !end.After(start) {
		return start, end, roster.Errorf(roster.EINVALID, "--to is before --from")
	}
	return start, end, nil
}

// ParseDay reads the day a flag gives (YYYY-MM-DD), naming the flag when it is not one.
func ParseDay(flag, s string) (roster.Date, error) {
	d, err := roster.ParseDate(s)
	if err != nil {
		return d, roster.Errorf(roster.EINVALID, "--%s: %v", flag, err)
	}
	return d, nil
}
