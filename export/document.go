// Package export encodes rosters for the people who act on them: the official Excel document
// (Decree 30/2020/NĐ-CP layout) for courts and police, CSV and JSON for other systems, and iCal
// for officers' calendars. Encoders write to an io.Writer; they do not touch files.
package export

import (
	"sort"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"dutyroster/roster"
	"dutyroster/roster/holiday"
	"dutyroster/roster/msg"
)

// Document is one roster to encode, with what its readers need to know around it.
type Document struct {
	Plan     *roster.Plan
	Roster   *roster.Roster // the version exported, already filtered to what this reader receives
	Calendar *holiday.Calendar
	// Lang is "vi" (default) or "en".
	Lang string
	// Date is the document's date ("Đồng Tháp, ngày 05 tháng 01 năm 2026"): the day the version
	// was published (a draft: the day it was generated), so the same version always reads the same.
	Date roster.Date
	// Edition says which version of the month this is and what it replaces.
	Edition Edition
	// All are every assignment of the version, before the document was cut to one reader: an
	// officer's calendar names the partners on duty with them.
	All []roster.Assignment
	// PostID, when set, makes this the document one post receives.
	PostID string
	// Full marks the Center's own file: it adds the per-officer summary and the unfilled places.
	Full bool
	// Cancelled are duties of earlier versions that this version no longer has (iCal cancels them).
	Cancelled []roster.Assignment
	// Changes describes how this version differs from the one before, when it is an amendment.
	Changes []string
	// Now stamps generated files (iCal DTSTAMP); exports stamp the version's own time.
	Now time.Time
	// Feeds: Sequences gives each month's version (an event's SEQUENCE, when the document spans
	// months); Alarm, when set, reminds that long before each duty; Refresh tells a subscribed
	// calendar how often to fetch the feed again.
	Sequences map[roster.Month]int
	Alarm     time.Duration
	Refresh   time.Duration

	officers map[string]*roster.Officer
	posts    map[string]*roster.Post
}

// Edition places a version among the month's published versions.
type Edition struct {
	// Amendment counts the published versions this one follows: 0 for the first, K for the
	// K-th amendment ("Điều chỉnh lần K").
	Amendment int
	// Replaces is the publication date of the version this one replaces.
	Replaces roster.Date
}

// officer finds an officer by id (an index is built on first use).
func (d *Document) officer(id string) *roster.Officer {
	if d.officers == nil {
		d.officers = make(map[string]*roster.Officer, len(d.Plan.Officers))
		for i := range d.Plan.Officers {
			d.officers[d.Plan.Officers[i].ID] = &d.Plan.Officers[i]
		}
	}
	return d.officers[id]
}

// post finds a post by id.
func (d *Document) post(id string) *roster.Post {
	if d.posts == nil {
		d.posts = make(map[string]*roster.Post, len(d.Plan.Posts))
		for i := range d.Plan.Posts {
			d.posts[d.Plan.Posts[i].ID] = &d.Plan.Posts[i]
		}
	}
	return d.posts[id]
}

func (d *Document) en() bool { return d.Lang == "en" }

// reason says why a place is unfilled in the document's language (the English as stored, when
// the reason was kept only as text). A month may have tens of thousands: they are rendered in
// bulk (see msg.Lang.Render).
func (d *Document) reason(u roster.Unfilled) string {
	if u.ReasonText.Format == "" {
		return u.Reason
	}
	l := msg.VI
	if d.en() {
		l = msg.EN
	}
	return l.Render(u.ReasonText.Format, u.ReasonText.Args...)
}

func (d *Document) location() *time.Location {
	loc, err := d.Plan.Center.Location()
	if err != nil {
		return time.UTC
	}
	return loc
}

// slotRow is one slot of the roster: who is on duty, who backs them up, and what is missing.
type slotRow struct {
	post          *roster.Post
	shift         *roster.Shift
	start, end    time.Time
	duty, backup  []*roster.Officer
	missingDuty   int
	missingBackup int
	weekend       bool
	holiday       bool
}

// rows groups the roster's assignments and unfilled places by slot, in time and post order.
func (d *Document) rows() []slotRow {
	loc := d.location()
	postIndex := map[string]int{}
	for i, p := range d.Plan.Posts {
		postIndex[p.ID] = i
	}
	type key struct {
		post, shift string
		start       int64
	}
	byKey := map[key]*slotRow{}
	var order []key
	get := func(postID, shiftID string, start, end time.Time) *slotRow {
		k := key{postID, shiftID, start.Unix()}
		r := byKey[k]
		if r == nil {
			post := d.post(postID)
			var shift *roster.Shift
			if post != nil {
				for i := range post.Shifts {
					if post.Shifts[i].ID == shiftID {
						shift = &post.Shifts[i]
					}
				}
			}
			if post == nil {
				post = &roster.Post{ID: postID, Name: postID}
			}
			if shift == nil {
				shift = &roster.Shift{ID: shiftID, Label: shiftID}
			}
			date := roster.DateOf(start.In(loc))
			r = &slotRow{post: post, shift: shift, start: start.In(loc), end: end.In(loc), weekend: date.IsWeekend(),
				holiday: d.Calendar != nil && d.Calendar.IsHoliday(date)}
			byKey[k] = r
			order = append(order, k)
		}
		return r
	}
	for _, a := range d.Roster.Assignments {
		r := get(a.PostID, a.ShiftID, a.Start, a.End)
		o := d.officer(a.OfficerID)
		if o == nil {
			o = &roster.Officer{ID: a.OfficerID, Name: a.OfficerID}
		}
		if a.Role == roster.Backup {
			r.backup = append(r.backup, o)
		} else {
			r.duty = append(r.duty, o)
		}
		if a.Holiday {
			r.holiday = true
		}
	}
	for _, u := range d.Roster.Unfilled {
		r := get(u.PostID, u.ShiftID, u.Start, u.End)
		if u.Role == roster.Backup {
			r.missingBackup += u.Missing
		} else {
			r.missingDuty += u.Missing
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if a.start != b.start {
			return a.start < b.start
		}
		if postIndex[a.post] != postIndex[b.post] {
			return postIndex[a.post] < postIndex[b.post]
		}
		return a.shift < b.shift
	})
	out := make([]slotRow, len(order))
	for i, k := range order {
		out[i] = *byKey[k]
	}
	return out
}

// sortByName orders officer stats in Vietnamese alphabetical order of the officers' names.
func (d *Document) sortByName(stats []roster.OfficerStats) {
	c := collate.New(language.Vietnamese)
	nameOf := func(id string) string {
		if o := d.officer(id); o != nil {
			return o.Name
		}
		return id
	}
	sort.SliceStable(stats, func(i, j int) bool {
		if r := c.CompareString(nameOf(stats[i].OfficerID), nameOf(stats[j].OfficerID)); r != 0 {
			return r < 0
		}
		return stats[i].OfficerID < stats[j].OfficerID
	})
}
