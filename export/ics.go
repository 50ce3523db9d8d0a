package export

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"dutyroster/roster"
)

// ICSEncoder writes duties as an iCalendar file (RFC 5545, github.com/arran4/golang-ical, which
// folds lines at 75 octets without splitting a character; lines end in CRLF). Times are UTC, so no VTIMEZONE is needed. Each duty's UID depends
// only on the officer, the post and the start, so a re-exported calendar updates the events
// instead of duplicating them; duties a newer version removed are sent as CANCELLED.
type ICSEncoder struct{ w io.Writer }

// NewICSEncoder returns an encoder writing to w.
func NewICSEncoder(w io.Writer) *ICSEncoder { return &ICSEncoder{w: w} }

// EventUID is the stable UID of an officer's duty at a post starting at an instant.
func EventUID(a roster.Assignment) string {
	h := sha1.Sum([]byte(a.OfficerID + "|" + a.PostID + "|" + a.Start.UTC().Format("20060102T150405Z")))
	return hex.EncodeToString(h[:12]) + "@dutyroster"
}

// Encode writes the document's assignments (and its cancelled ones) as events.
func (e *ICSEncoder) Encode(d *Document) error {
	t := d.text()
	cal := ics.NewCalendarFor("dutyroster")
	cal.SetMethod(ics.MethodPublish)
	cal.SetProductId("-//dutyroster//Lich truc tro giup phap ly//VI")
	name := fmt.Sprintf(t.title, int(d.Roster.Month.Month), d.Roster.Month.Year)
	cal.SetXWRCalName(name)
	cal.SetXWRTimezone(d.Plan.Center.Timezone)
	if d.Refresh > 0 {
		cal.SetRefreshInterval(icsDuration(d.Refresh))
		cal.SetXPublishedTTL(icsDuration(d.Refresh))
	}
	if d.Roster.Digest != "" {
		cal.CalendarProperties = append(cal.CalendarProperties, ics.CalendarProperty{BaseProperty: ics.BaseProperty{
			IANAToken: "X-DUTYROSTER-DIGEST", Value: "sha256:" + d.Roster.Digest}})
	}
	// Who else is in each slot, for the description.
	type slotKey struct {
		post, shift string
		start       int64
	}
	// Partners come from the whole version: an officer's own calendar still names who else is
	// on duty with them.
	all := d.All
	if all == nil {
		all = d.Roster.Assignments
	}
	partners := map[slotKey][]roster.Assignment{}
	for _, a := range all {
		k := slotKey{a.PostID, a.ShiftID, a.Start.Unix()}
		partners[k] = append(partners[k], a)
	}
	// A shared calendar (a post's, or several officers') names who is on duty in each title.
	officers := map[string]bool{}
	for _, a := range d.Roster.Assignments {
		officers[a.OfficerID] = true
	}
	shared := d.PostID != "" || len(officers) != 1
	add := func(a roster.Assignment, status ics.ObjectStatus) {
		ev := cal.AddEvent(EventUID(a))
		ev.SetDtStampTime(d.Now)
		seq := d.Roster.Version
		if v, ok := d.Sequences[roster.MonthOf(roster.DateOf(a.Start.In(d.location())))]; ok {
			seq = v
		}
		ev.SetSequence(seq)
		// A duty does not make the officer "busy" all day in a shared calendar.
		ev.SetTimeTransparency(ics.TransparencyTransparent)
		ev.SetStartAt(a.Start)
		ev.SetEndAt(a.End)
		ev.SetStatus(status)
		post := d.post(a.PostID)
		postName, address, shiftLabel, mode := a.PostID, "", a.ShiftID, ""
		if post != nil {
			postName, address = post.Name, post.Address
			for _, s := range post.Shifts {
				if s.ID == a.ShiftID {
					shiftLabel, mode = s.Label, t.modes[s.Mode]
				}
			}
		}
		who := ""
		if o := d.officer(a.OfficerID); o != nil {
			who = o.Name
		}
		summary := "Trực TGPL: " + postName
		role := t.columns[6]
		if a.Role == roster.Backup {
			summary, role = "Hỗ trợ trực TGPL: "+postName, t.columns[9]
		}
		if d.en() {
			summary = "Legal aid duty: " + postName
			if a.Role == roster.Backup {
				summary = "Legal aid backup: " + postName
			}
		}
		if shared {
			summary += " - " + who
		}
		ev.SetSummary(summary)
		location := postName
		if address != "" {
			location += ", " + address
		}
		ev.SetLocation(location)
		lines := []string{fmt.Sprintf("%s: %s", t.columns[3], shiftLabel), fmt.Sprintf("%s: %s", t.columns[5], mode),
			fmt.Sprintf("%s: %s", role, who)}
		for _, p := range partners[slotKey{a.PostID, a.ShiftID, a.Start.Unix()}] {
			// A cancelled duty names nobody else: the slot's people now are in their own events.
			if p.OfficerID == a.OfficerID || status == ics.ObjectStatusCancelled {
				continue
			}
			label := t.columns[6]
			if p.Role == roster.Backup {
				label = t.columns[9]
			}
			if o := d.officer(p.OfficerID); o != nil {
				lines = append(lines, fmt.Sprintf("%s: %s, %s", label, o.Name, o.Phone))
			}
		}
		lines = append(lines, fmt.Sprintf(t.hotline, d.Plan.Center.Hotline))
		ev.SetDescription(strings.Join(lines, "\n"))
		if d.Alarm > 0 && status != ics.ObjectStatusCancelled {
			alarm := ev.AddAlarm()
			alarm.SetAction(ics.ActionDisplay)
			alarm.SetTrigger("-" + icsDuration(d.Alarm))
			alarm.SetProperty(ics.ComponentPropertyDescription, summary)
		}
	}
	status := ics.ObjectStatusConfirmed
	if d.Roster.Status != roster.StatusPublished {
		status = ics.ObjectStatusTentative
	}
	for _, a := range d.Roster.Assignments {
		add(a, status)
	}
	for _, a := range d.Cancelled {
		add(a, ics.ObjectStatusCancelled)
	}
	// RFC 5545 ends every line, folded or not, with CRLF.
	return cal.SerializeTo(e.w, ics.WithNewLineWindows)
}

// icsDuration writes a duration the RFC 5545 way: PT18H, PT90M, P1D.
func icsDuration(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("P%dD", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("PT%dH", d/time.Hour)
	default:
		return fmt.Sprintf("PT%dM", d/time.Minute)
	}
}
