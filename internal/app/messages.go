package app

import (
	"fmt"
	"strings"
	"time"

	"dutyroster/roster"
	"dutyroster/store"
)

// The texts of the daemon's notifications, in Vietnamese: the coordinators and officers who
// receive them read Vietnamese. Every notification is made here and nowhere else.

func monthVI(m roster.Month) string { return fmt.Sprintf("%02d/%d", int(m.Month), m.Year) }

func dateVI(d roster.Date) string { return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year) }

// generatedMessage tells the coordinators that a draft was made.
func generatedMessage(to []roster.Contact, m roster.Month, places, missing int, deadline roster.Date) store.Message {
	return store.Message{Kind: "generated", Month: m.String(), To: to,
		Subject: fmt.Sprintf("Dự thảo lịch trực tháng %s đã được lập", monthVI(m)),
		Body: fmt.Sprintf("Dự thảo lịch trực tháng %s: %d chỗ, %d đã xếp, %d còn trống. Hạn ban hành: %s.\nXem: dutyroster roster show --month %s",
			monthVI(m), places, places-missing, missing, dateVI(deadline), m)}
}

// deadlinePassedMessage tells the coordinators that a month's notice deadline has passed.
func deadlinePassedMessage(to []roster.Contact, m roster.Month, deadline roster.Date, workingDays int) store.Message {
	return store.Message{Kind: "deadline", Month: m.String(), To: to,
		Subject: fmt.Sprintf("QUÁ HẠN: lịch trực tháng %s chưa được ban hành", monthVI(m)),
		Body: fmt.Sprintf("Hạn ban hành lịch trực tháng %s là %s (%d ngày làm việc trước ngày %s) đã qua. Ban hành ngay: dutyroster publish --month %s",
			monthVI(m), dateVI(deadline), workingDays, dateVI(m.First()), m)}
}

// deadlineNearMessage tells the coordinators how many working days are left to publish.
func deadlineNearMessage(to []roster.Contact, m roster.Month, deadline roster.Date, left int) store.Message {
	return store.Message{Kind: "deadline", Month: m.String(), To: to,
		Subject: fmt.Sprintf("Còn %d ngày làm việc để ban hành lịch trực tháng %s", left, monthVI(m)),
		Body: fmt.Sprintf("Lịch trực tháng %s phải được ban hành chậm nhất ngày %s. Ban hành: dutyroster publish --month %s",
			monthVI(m), dateVI(deadline), m)}
}

// deliveredMessage tells the coordinators that a version's files are in the outbox.
func deliveredMessage(to []roster.Contact, m roster.Month, version, files int, folder string) store.Message {
	return store.Message{Kind: "delivered", Month: m.String(), To: to,
		Subject: fmt.Sprintf("Lịch trực tháng %s (bản %d) đã sẵn sàng để gửi", monthVI(m), version),
		Body:    fmt.Sprintf("%d tệp trong %s (manifest.json ghi mã SHA-256 của từng tệp).", files, folder)}
}

// reminderMessage reminds an officer of a duty.
func reminderMessage(c *Center, o *roster.Officer, a roster.Assignment, m roster.Month) store.Message {
	post, address := a.PostID, ""
	if p := c.Plan.Post(a.PostID); p != nil {
		post, address = p.Name, p.Address
	}
	role := "trực"
	if a.Role == roster.Backup {
		role = "hỗ trợ trực"
	}
	start := a.Start.In(c.Loc)
	return store.Message{Kind: "reminder", Month: m.String(), OfficerID: o.ID, PostID: a.PostID, Start: a.Start.Format(time.RFC3339),
		To:      []roster.Contact{{Name: o.Name, Email: o.Email, Phone: o.Phone}},
		Subject: fmt.Sprintf("Nhắc lịch %s: %s %s", role, start.Format("15:04 02/01/2006"), post),
		Body: fmt.Sprintf("%s có lịch %s tại %s (%s) từ %s đến %s. Đường dây nóng của Trung tâm: %s", o.Name, role, post, address,
			start.Format("15:04 02/01/2006"), a.End.In(c.Loc).Format("15:04 02/01/2006"), c.Plan.Center.Hotline)}
}

// changeNotices are the messages an amendment owes the officers it touches: one for each officer
// whose duties changed, listing the duties given and taken away.
func changeNotices(c *Center, m roster.Month, changes []roster.Change) []store.Message {
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
		role := "trực"
		if ch.Role == roster.Backup {
			role = "hỗ trợ trực"
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
		l := per[id]
		var body strings.Builder
		fmt.Fprintf(&body, "%s: lịch trực tháng %s của bạn đã được điều chỉnh.", o.Name, monthVI(m))
		for _, x := range l.added {
			body.WriteString("\nThêm: " + x)
		}
		for _, x := range l.removed {
			body.WriteString("\nBỏ: " + x)
		}
		fmt.Fprintf(&body, "\nĐường dây nóng của Trung tâm: %s", c.Plan.Center.Hotline)
		out = append(out, store.Message{Kind: "changed", Month: m.String(), OfficerID: id,
			To:      []roster.Contact{{Name: o.Name, Email: o.Email, Phone: o.Phone}},
			Subject: fmt.Sprintf("Lịch trực tháng %s của bạn thay đổi (%d ca)", monthVI(m), len(l.added)+len(l.removed)),
			Body:    body.String()})
	}
	return out
}

// postRosterMessage sends a post's contacts its roster file: the whole month the first time,
// then what changed at that post ("Ngày 12/01 ca Sáng: Lê Thị Mai thay Trần Văn Bình").
func postRosterMessage(c *Center, p *roster.Post, r *roster.Roster, prev int, changes []roster.Change, file string) store.Message {
	m := r.Month
	var body strings.Builder
	if prev == 0 {
		fmt.Fprintf(&body, "Kính gửi %s: Trung tâm gửi kèm lịch trực trợ giúp pháp lý tháng %s (bản %d).", p.Name, monthVI(m), r.Version)
	} else {
		fmt.Fprintf(&body, "Kính gửi %s: lịch trực tháng %s được điều chỉnh (bản %d thay bản %d). Thay đổi tại đơn vị:", p.Name, monthVI(m), r.Version, prev)
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
				fmt.Fprintf(&body, "\nNgày %s ca %s: %s thay %s", day, label, c.OfficerName(ch.To), c.OfficerName(ch.From))
			case "removed":
				fmt.Fprintf(&body, "\nNgày %s ca %s: bỏ %s (chưa có người thay)", day, label, c.OfficerName(ch.From))
			default:
				fmt.Fprintf(&body, "\nNgày %s ca %s: thêm %s", day, label, c.OfficerName(ch.To))
			}
		}
	}
	fmt.Fprintf(&body, "\nĐường dây nóng của Trung tâm: %s", c.Plan.Center.Hotline)
	subject := fmt.Sprintf("Lịch trực trợ giúp pháp lý tháng %s - %s", monthVI(m), p.Name)
	if prev > 0 {
		subject = fmt.Sprintf("Điều chỉnh lịch trực tháng %s - %s (bản %d)", monthVI(m), p.Name, r.Version)
	}
	return store.Message{Kind: "post-roster", Month: m.String(), PostID: p.ID, To: p.Contacts, Subject: subject, Body: body.String(),
		Attachments: []string{file}}
}
