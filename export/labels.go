package export

import (
	"fmt"
	"strings"
	"time"

	"dutyroster/roster"
	"dutyroster/roster/msg"
)

// labels are the fixed texts of the documents, in Vietnamese and English.
type labels struct {
	nation, motto, number, title, fullRecipient, to, draft, hotline, recipients string
	columns                                                                     []string
	calendarSheet, summarySheet, unfilledSheet, rosterSheet, changesSheet       string
	summaryColumns, unfilledColumns, calendarDay                                []string
	unfilled, nextDay, allDay, lunar, changes                                   string
	changesElsewhere, modeLine, address, summaryTitle, unfilledTitle            string
	edition, amendment                                                          string
	// docTypes name the document types the plan may choose, and subjects the subject line
	// that goes under a type (Decree 30: the type in capitals, then what it is about).
	docTypes, subjects map[string]string
	weekdays           [7]string
	roles              map[roster.Role]string
	modes              map[roster.Mode]string
}

// labelsIn takes the documents' fixed texts from the message catalogue, in the language.
func labelsIn(l msg.Lang) labels {
	t := func(xs ...string) []string {
		out := make([]string, len(xs))
		for i, x := range xs {
			out[i] = l.T(x)
		}
		return out
	}
	var weekdays [7]string
	copy(weekdays[:], t("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"))
	return labels{
		nation:        l.T("SOCIALIST REPUBLIC OF VIETNAM"),
		motto:         l.T("Independence - Freedom - Happiness"),
		number:        l.T("No.:       /%s"),
		title:         l.T("LEGAL AID DUTY ROSTER, %02d/%d"),
		fullRecipient: l.T("The Center's full roster"),
		to:            l.T("To: %s"),
		draft:         l.T("DRAFT"),
		hotline:       l.T("Center hotline: %s"),
		recipients:    l.T("Recipients:"),
		columns: t("No.", "Date", "Day", "Hours", "Place of duty", "Mode", "Person on duty", "Position", "Phone",
			"Support officer", "Phone"),
		rosterSheet: l.T("Roster"), calendarSheet: l.T("Calendar"), summarySheet: l.T("Summary"), unfilledSheet: l.T("Unfilled"),
		changesSheet:     l.T("Changes"),
		summaryColumns:   t("No.", "Name", "Position", "Phone", "Duties", "Backups", "Weekend", "Holiday", "Night", "Burden"),
		unfilledColumns:  t("No.", "Date", "Hours", "Place of duty", "Place", "Missing", "Reason"),
		calendarDay:      t("Date"),
		unfilled:         l.T("NOBODY ON DUTY"),
		nextDay:          l.T(" (next day)"),
		allDay:           l.T(" (24 h)"),
		lunar:            l.T("lunar %s"),
		changes:          l.T("Changes from the previous version:"),
		changesElsewhere: l.T("%d changes, listed on the sheet \"%s\"."),
		modeLine:         l.T("Mode of duty: %s"),
		address:          l.T("Address: %s"),
		summaryTitle:     l.T("DUTIES PER OFFICER, %02d/%d"),
		unfilledTitle:    l.T("UNFILLED PLACES, %02d/%d"),
		edition:          l.T("Version %d"),
		amendment:        l.T("Version %d. Amendment %d, replacing the version of %s"),
		docTypes:         map[string]string{roster.DocumentNotice: l.T("NOTICE"), roster.DocumentPlan: l.T("PLAN")},
		subjects: map[string]string{roster.DocumentNotice: l.T("Legal aid duty roster, %02d/%d"),
			roster.DocumentPlan: l.T("Legal aid duty, %02d/%d")},
		weekdays: weekdays,
		roles: map[roster.Role]string{roster.RoleLegalAidOfficer: l.T("Legal aid officer"), roster.RoleLawyer: l.T("Lawyer"),
			roster.RoleCollaborator: l.T("Collaborator"), roster.RoleSupport: l.T("Support staff")},
		modes: map[roster.Mode]string{roster.ModeInPerson: l.T("In person"), roster.ModePhone: l.T("By phone")},
	}
}

// The labels of the two languages, from the catalogue once.
var vi, en = labelsIn(msg.VI), labelsIn(msg.EN)

// titleText is the document's title: "LỊCH TRỰC TRỢ GIÚP PHÁP LÝ THÁNG 02/2026".
func (d *Document) titleText() string {
	return fmt.Sprintf(d.text().title, int(d.Roster.Month.Month), d.Roster.Month.Year)
}

// documentType is the document type the plan chose, in capitals ("" for a plain roster).
func (d *Document) documentType() string { return d.text().docTypes[d.Plan.Center.DocumentType] }

// subjectText is the subject line under a document type.
func (d *Document) subjectText() string {
	return fmt.Sprintf(d.text().subjects[d.Plan.Center.DocumentType], int(d.Roster.Month.Month), d.Roster.Month.Year)
}

// editionText says which version this is: "Bản số 3. Điều chỉnh lần 1, thay thế bản ngày 05/01/2026".
func (d *Document) editionText() string {
	t := d.text()
	e := d.Edition
	if e.Amendment > 0 {
		return fmt.Sprintf(t.amendment, d.Roster.Version, e.Amendment, e.Replaces.In(time.UTC).Format("02/01/2006"))
	}
	return fmt.Sprintf(t.edition, d.Roster.Version)
}

func (d *Document) text() *labels {
	if d.en() {
		return &en
	}
	return &vi
}

// PlaceDate is the Decree 30 place and date line: "Đồng Tháp, ngày 05 tháng 01 năm 2026".
// Days 01-09 and months 01-02 take a leading zero; other months do not (ngày 15 tháng 3).
func PlaceDate(place string, d roster.Date, english bool) string {
	if english {
		return fmt.Sprintf("%s, %d %s %d", place, d.Day, d.Month, d.Year)
	}
	month := fmt.Sprint(int(d.Month))
	if d.Month <= 2 {
		month = fmt.Sprintf("%02d", int(d.Month))
	}
	return fmt.Sprintf("%s, ngày %02d tháng %s năm %d", place, d.Day, month, d.Year)
}

// hours formats a slot's time: "07:30 - 11:30", "17:00 - 07:30 (hôm sau)", "07:00 - 07:00 (24 giờ)".
func (d *Document) hours(r *slotRow) string {
	t := d.text()
	s := r.start.Format("15:04") + " - " + r.end.Format("15:04")
	switch {
	case r.end.Sub(r.start).Hours() >= 24 && r.start.Format("15:04") == r.end.Format("15:04"):
		s += t.allDay
	case roster.DateOf(r.end) != roster.DateOf(r.start) && r.end.Format("15:04") != "00:00":
		s += t.nextDay
	}
	return s
}

func names(os []*roster.Officer) string {
	s := make([]string, len(os))
	for i, o := range os {
		s[i] = o.Name
	}
	return strings.Join(s, "\n")
}

func phones(os []*roster.Officer) string {
	s := make([]string, len(os))
	for i, o := range os {
		s[i] = o.Phone
	}
	return strings.Join(s, "\n")
}

func (d *Document) positions(os []*roster.Officer) string {
	s := make([]string, len(os))
	for i, o := range os {
		s[i] = d.text().roles[o.Role]
	}
	return strings.Join(s, "\n")
}

// upper capitalises Vietnamese text ("Sở Tư pháp" -> "SỞ TƯ PHÁP").
func upper(s string) string { return strings.ToUpper(s) }
