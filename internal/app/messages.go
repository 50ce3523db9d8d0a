package app

import (
	"fmt"
	"strings"
	"time"

	"dutyroster/roster"
	"dutyroster/roster/msg"
	"dutyroster/store"
)

// The texts of the daemon's notifications, from the message catalogue in the language of the
// plan's daemon.deliver.lang (Vietnamese unless the plan says en): the coordinators, officers
// and posts who receive them read what the documents are written in. Every notification is made
// here and in Digest, nowhere else.

// noticeLang is the language of the notifications and delivered documents.
func (c *Center) noticeLang() msg.Lang {
	if c.daemonConfig().Jobs.Deliver.Lang == "en" {
		return msg.EN
	}
	return msg.VI
}

func monthVI(m roster.Month) string { return fmt.Sprintf("%02d/%d", int(m.Month), m.Year) }

func dateVI(d roster.Date) string { return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year) }

// generatedMessage tells the coordinators that a draft was made.
func generatedMessage(l msg.Lang, to []roster.Contact, m roster.Month, places, missing int, deadline roster.Date) store.Message {
	return store.Message{Kind: "generated", Month: m.String(), To: to,
		Subject: l.Sprintf("Draft duty roster for %s generated", monthVI(m)),
		Body: l.Sprintf("Draft duty roster for %s: %d places, %d filled, %d unfilled. Publish by: %s.\nSee: dutyroster roster show --month %s",
			monthVI(m), places, places-missing, missing, dateVI(deadline), m)}
}

// deadlinePassedMessage tells the coordinators that a month's notice deadline has passed.
func deadlinePassedMessage(l msg.Lang, to []roster.Contact, m roster.Month, deadline roster.Date, workingDays int) store.Message {
	return store.Message{Kind: "deadline", Month: m.String(), To: to,
		Subject: l.Sprintf("OVERDUE: the duty roster for %s is not published", monthVI(m)),
		Body: l.Sprintf("The deadline to publish the duty roster for %s was %s (%d working days before %s) and has passed. Publish now: dutyroster publish --month %s",
			monthVI(m), dateVI(deadline), workingDays, dateVI(m.First()), m)}
}

// deadlineNearMessage tells the coordinators how many working days are left to publish.
func deadlineNearMessage(l msg.Lang, to []roster.Contact, m roster.Month, deadline roster.Date, left int) store.Message {
	return store.Message{Kind: "deadline", Month: m.String(), To: to,
		Subject: l.Sprintf("%d working days left to publish the duty roster for %s", left, monthVI(m)),
		Body: l.Sprintf("The duty roster for %s must be published by %s. Publish: dutyroster publish --month %s",
			monthVI(m), dateVI(deadline), m)}
}

// deliveredMessage tells the coordinators that a version's files are in the outbox.
func deliveredMessage(l msg.Lang, to []roster.Contact, m roster.Month, version, files int, folder string) store.Message {
	return store.Message{Kind: "delivered", Month: m.String(), To: to,
		Subject: l.Sprintf("Duty roster for %s (version %d) is ready to send", monthVI(m), version),
		Body:    l.Sprintf("%d files in %s (manifest.json holds the SHA-256 of each).", files, folder)}
}

// reminderMessage reminds an officer of a duty.
func reminderMessage(c *Center, o *roster.Officer, a roster.Assignment, m roster.Month) store.Message {
	l := c.noticeLang()
	post, address := a.PostID, ""
	if p := c.Plan.Post(a.PostID); p != nil {
		post, address = p.Name, p.Address
	}
	role := l.T("on duty")
	if a.Role == roster.Backup {
		role = l.T("on backup duty")
	}
	start := a.Start.In(c.Loc)
	return store.Message{Kind: "reminder", Month: m.String(), OfficerID: o.ID, PostID: a.PostID, Start: a.Start.Format(time.RFC3339),
		To:      []roster.Contact{{Name: o.Name, Email: o.Email, Phone: o.Phone}},
		Subject: l.Sprintf("Reminder, %s: %s %s", role, start.Format("15:04 02/01/2006"), post),
		Body: l.Sprintf("%s is %s at %s (%s) from %s to %s. Center hotline: %s", o.Name, role, post, address,
			start.Format("15:04 02/01/2006"), a.End.In(c.Loc).Format("15:04 02/01/2006"), c.Plan.Center.Hotline)}
}

// changeNotices are the messages an amendment owes the officers it touches: one for each officer
// whose duties changed, listing the duties given and taken away.
func changeNotices(c *Center, m roster.Month, changes []roster.Change) []store.Message {
	l := c.noticeLang()
	type lines struct{ added, removed []string }
	per := map[string]*lines{}
	var order []string
	note := func(id string) *lines {
		if per[id] == nil {
			per[id] = &lines{}
			order = append(order, id)
		}
		return per[id]
	}
	place := func(ch roster.Change) string {
		post := ch.PostID
		if p := c.Plan.Post(ch.PostID); p != nil {
			post = p.Name
		}
		role := l.T("on duty")
		if ch.Role == roster.Backup {
			role = l.T("on backup duty")
		}
		return fmt.Sprintf("%s - %s %s (%s)", ch.Start.In(c.Loc).Format("15:04 02/01/2006"), ch.End.In(c.Loc).Format("15:04 02/01/2006"), post, role)
	}
	for _, ch := range changes {
		if ch.From != "" {
			note(ch.From).removed = append(note(ch.From).removed, place(ch))
		}
		if ch.To != "" {
			note(ch.To).added = append(note(ch.To).added, place(ch))
		}
	}
	var out []store.Message
	for _, id := range order {
		o := c.Officer(id)
		if o == nil {
			continue
		}
		ls := per[id]
		var body strings.Builder
		l.Fprintf(&body, "%s: your duty roster for %s was amended.", o.Name, monthVI(m))
		for _, x := range ls.added {
			body.WriteString(l.T("\nAdded: ") + x)
		}
		for _, x := range ls.removed {
			body.WriteString(l.T("\nRemoved: ") + x)
		}
		l.Fprintf(&body, "\nCenter hotline: %s", c.Plan.Center.Hotline)
		out = append(out, store.Message{Kind: "changed", Month: m.String(), OfficerID: id,
			To:      []roster.Contact{{Name: o.Name, Email: o.Email, Phone: o.Phone}},
			Subject: l.Sprintf("Your duty roster for %s changed (%d duties)", monthVI(m), len(ls.added)+len(ls.removed)),
			Body:    body.String()})
	}
	return out
}

// postRosterMessage sends a post's contacts its roster file: the whole month the first time,
// then what changed at that post ("Ngày 12/01 ca Sáng: Lê Thị Mai thay Trần Văn Bình").
func postRosterMessage(c *Center, p *roster.Post, r *roster.Roster, prev int, changes []roster.Change, file string) store.Message {
	l := c.noticeLang()
	m := r.Month
	var body strings.Builder
	if prev == 0 {
		l.Fprintf(&body, "To %s: the Center sends the legal aid duty roster for %s (version %d), attached.", p.Name, monthVI(m), r.Version)
	} else {
		l.Fprintf(&body, "To %s: the duty roster for %s is amended (version %d replaces version %d). Changes at your post:", p.Name, monthVI(m), r.Version, prev)
		for _, ch := range changes {
			if ch.PostID != p.ID {
				continue
			}
			label := ch.ShiftID
			for _, s := range p.Shifts {
				if s.ID == ch.ShiftID && s.Label != "" {
					label = s.Label
				}
			}
			day := ch.Start.In(c.Loc).Format("02/01")
			switch ch.Kind {
			case "changed":
				l.Fprintf(&body, "\n%s, shift %s: %s replaces %s", day, label, c.OfficerName(ch.To), c.OfficerName(ch.From))
			case "removed":
				l.Fprintf(&body, "\n%s, shift %s: %s removed (nobody replaces them yet)", day, label, c.OfficerName(ch.From))
			default:
				l.Fprintf(&body, "\n%s, shift %s: %s added", day, label, c.OfficerName(ch.To))
			}
		}
	}
	l.Fprintf(&body, "\nCenter hotline: %s", c.Plan.Center.Hotline)
	subject := l.Sprintf("Legal aid duty roster for %s - %s", monthVI(m), p.Name)
	if prev > 0 {
		subject = l.Sprintf("Amended duty roster for %s - %s (version %d)", monthVI(m), p.Name, r.Version)
	}
	return store.Message{Kind: "post-roster", Month: m.String(), PostID: p.ID, To: p.Contacts, Subject: subject, Body: body.String(),
		Attachments: []string{file}}
}
