package app

import (
	"fmt"
	"io"
	"strings"
	"time"

	"dutyroster/roster"
	"dutyroster/roster/msg"
)

// The officers' and the police desk's views as a terminal shows them (now, next, my).

// ViewText holds the labels of the officers' and the police desk's views.
type ViewText struct {
	duty, backup, nobody, next, noNext, hotline, at, none, mine, noMine, absent, absentMine string
	weekdays                                                                                [7]string
	modes                                                                                   map[string]string
}

// ViewTextIn takes the views' labels from the message catalogue.
func ViewTextIn(l msg.Lang) ViewText {
	var weekdays [7]string
	for i, d := range []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"} {
		weekdays[i] = l.T(d)
	}
	return ViewText{duty: l.T("duty"), backup: l.T("backup"), nobody: l.T("nobody on duty — call the Center hotline %s"), next: l.T("next"),
		absent: l.T("CANNOT SERVE (%s): call the backup or the hotline %s"), absentMine: l.T("you cannot serve then (%s): tell the coordinator now"),
		noNext: l.T("nothing scheduled yet"), hotline: l.T("Center hotline"), at: l.T("Legal aid duty at"),
		none: l.T("none"), mine: l.T("Duties of"), noMine: l.T("no duties from %s to %s"),
		weekdays: weekdays,
		modes:    map[string]string{"in_person": l.T("in person"), "phone": l.T("by phone")}}
}

var viewVI, viewEN = ViewTextIn(msg.VI), ViewTextIn(msg.EN)

// ViewLabels gives the terminal views' labels in lang ("vi" or "en").
func ViewLabels(lang string) (*ViewText, error) {
	switch lang {
	case "vi", "":
		return &viewVI, nil
	case "en":
		return &viewEN, nil
	}
	return nil, roster.Errorf(roster.EINVALID, "unknown --lang %q; use vi or en", lang)
}

// PrintNow writes the police desk's view at t: each post, who is on duty and backup with their
// phones, the next duty where nobody is, and the Center hotline.
func PrintNow(w io.Writer, lt *ViewText, j *NowView, t time.Time) {
	fmt.Fprintf(w, "%s %s %s\n", lt.at, lt.weekdays[t.Weekday()], t.Format("02/01/2006 15:04"))
	for _, p := range j.Posts {
		phone := ""
		if p.Phone != "" {
			phone = " (" + p.Phone + ")"
		}
		fmt.Fprintf(w, "\n%s%s\n", p.PostName, phone)
		present := 0
		for _, d := range p.OnDuty {
			if d.Absent != "" {
				fmt.Fprintf(w, "  %-8s %s  (%s)  %s\n", roleWord(lt, d.Role), d.Name, shortTimes(lt, d), fmt.Sprintf(lt.absent, d.Absent, j.Hotline))
				continue
			}
			present++
			fmt.Fprintf(w, "  %-8s %s  %s  (%s)\n", roleWord(lt, d.Role), d.Name, d.Phone, shortTimes(lt, d))
		}
		if present > 0 {
			continue
		}
		fmt.Fprintf(w, "  %s\n", fmt.Sprintf(lt.nobody, j.Hotline))
		if len(p.Next) == 0 {
			fmt.Fprintf(w, "  %s: %s\n", lt.next, lt.noNext)
		}
		for _, n := range p.Next {
			if n.Absent != "" {
				fmt.Fprintf(w, "  %s: %s  %-8s %s  %s\n", lt.next, shortTimes(lt, n), roleWord(lt, n.Role), n.Name, fmt.Sprintf(lt.absent, n.Absent, j.Hotline))
				continue
			}
			fmt.Fprintf(w, "  %s: %s  %-8s %s  %s\n", lt.next, shortTimes(lt, n), roleWord(lt, n.Role), n.Name, n.Phone)
		}
	}
	fmt.Fprintf(w, "\n%s: %s\n", lt.hotline, j.Hotline)
}

func roleWord(lt *ViewText, role string) string {
	if role == string(roster.Backup) {
		return lt.backup
	}
	return lt.duty
}

func shortTimes(lt *ViewText, p Person) string {
	s, _ := time.Parse(time.RFC3339, p.Start)
	e, _ := time.Parse(time.RFC3339, p.End)
	return fmt.Sprintf("%s %s - %s", lt.weekdays[s.Weekday()], s.Format("02/01 15:04"), e.Format("02/01 15:04"))
}

// NextLine is an officer's next duty on one line, for a shell prompt: when, where, the role,
// whether they cannot serve then, and their partners with phones.
func NextLine(lt *ViewText, d *Duty) string {
	if d == nil {
		return lt.noNext
	}
	s, _ := time.Parse(time.RFC3339, d.Start)
	e, _ := time.Parse(time.RFC3339, d.End)
	line := fmt.Sprintf("%s %s-%s %s (%s)", lt.weekdays[s.Weekday()], s.Format("02/01 15:04"), e.Format("15:04"), d.PostName, roleWord(lt, d.Role))
	if d.Absent != "" {
		line += "; " + fmt.Sprintf(lt.absentMine, d.Absent)
	}
	for _, p := range d.With {
		line += fmt.Sprintf("; %s %s %s", roleWord(lt, p.Role), p.Name, p.Phone)
	}
	return line
}

// DutiesTable lists an officer's duties: day, times, role, post, address, mode, partners and the
// post's phone.
func DutiesTable(lt *ViewText, duties []Duty) *Table {
	t := &Table{Header: []string{"day", "start", "end", "role", "post", "address", "mode", "with", "post_phone"}, JSON: duties}
	for _, d := range duties {
		s, _ := time.Parse(time.RFC3339, d.Start)
		e, _ := time.Parse(time.RFC3339, d.End)
		var with []string
		for _, p := range d.With {
			with = append(with, fmt.Sprintf("%s %s %s", roleWord(lt, p.Role), p.Name, p.Phone))
		}
		t.Rows = append(t.Rows, []string{lt.weekdays[s.Weekday()], s.Format("02/01/2006 15:04"), e.Format("02/01 15:04"), roleWord(lt, d.Role),
			d.PostName, d.Address, lt.modes[d.Mode], strings.Join(with, "; "), d.Phone})
	}
	return t
}

// PrintMy writes an officer's duties from from to to (exclusive) as a table under their name, or
// says there are none.
func PrintMy(w io.Writer, lang msg.Lang, lt *ViewText, o *roster.Officer, duties []Duty, from, to time.Time) error {
	fmt.Fprintf(w, "%s %s (%s)\n", lt.mine, o.Name, o.ID)
	if len(duties) == 0 {
		fmt.Fprintf(w, lt.noMine+"\n", from.Format("02/01/2006"), to.Add(-time.Second).Format("02/01/2006"))
		return nil
	}
	return DutiesTable(lt, duties).Write(lang, w, "table")
}
