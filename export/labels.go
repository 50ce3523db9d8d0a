package export

import (
	"fmt"
	"strings"
	"time"

	"dutyroster/roster"
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

var vi = labels{
	nation:        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	motto:         "Độc lập - Tự do - Hạnh phúc",
	number:        "Số:       /%s",
	title:         "LỊCH TRỰC TRỢ GIÚP PHÁP LÝ THÁNG %02d/%d",
	fullRecipient: "Bản tổng hợp của Trung tâm",
	to:            "Kính gửi: %s",
	draft:         "DỰ THẢO",
	hotline:       "Đường dây nóng của Trung tâm: %s",
	recipients:    "Nơi nhận:",
	columns: []string{"STT", "Ngày", "Thứ", "Giờ trực", "Nơi trực", "Hình thức", "Người trực", "Chức danh", "Điện thoại",
		"Người hỗ trợ trực", "Điện thoại"},
	rosterSheet: "Lịch trực", calendarSheet: "Lịch theo ngày", summarySheet: "Tổng hợp", unfilledSheet: "Chưa phân công",
	changesSheet:     "Điều chỉnh",
	summaryColumns:   []string{"STT", "Họ và tên", "Chức danh", "Điện thoại", "Số ca trực", "Số ca hỗ trợ", "Cuối tuần", "Ngày lễ", "Ban đêm", "Mức tải"},
	unfilledColumns:  []string{"STT", "Ngày", "Giờ trực", "Nơi trực", "Vị trí", "Còn thiếu", "Lý do"},
	calendarDay:      []string{"Ngày"},
	unfilled:         "CHƯA CÓ NGƯỜI TRỰC",
	nextDay:          " (hôm sau)",
	allDay:           " (24 giờ)",
	lunar:            "ÂL %s",
	changes:          "Điều chỉnh so với bản trước:",
	changesElsewhere: "%d thay đổi, liệt kê ở trang tính \"%s\".",
	modeLine:         "Hình thức trực: %s",
	address:          "Địa chỉ: %s",
	summaryTitle:     "TỔNG HỢP SỐ CA TRỰC THÁNG %02d/%d",
	unfilledTitle:    "CÁC CA CHƯA CÓ NGƯỜI TRỰC THÁNG %02d/%d",
	edition:          "Bản số %d",
	amendment:        "Bản số %d. Điều chỉnh lần %d, thay thế bản ngày %s",
	docTypes:         map[string]string{roster.DocumentNotice: "THÔNG BÁO", roster.DocumentPlan: "KẾ HOẠCH"},
	subjects: map[string]string{roster.DocumentNotice: "Lịch trực trợ giúp pháp lý tháng %02d/%d",
		roster.DocumentPlan: "Trực trợ giúp pháp lý tháng %02d/%d"},
	weekdays: [7]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"},
	roles: map[roster.Role]string{roster.RoleLegalAidOfficer: "Trợ giúp viên pháp lý", roster.RoleLawyer: "Luật sư",
		roster.RoleCollaborator: "Cộng tác viên", roster.RoleSupport: "Người hỗ trợ"},
	modes: map[roster.Mode]string{roster.ModeInPerson: "Trực tiếp", roster.ModePhone: "Qua điện thoại"},
}

var en = labels{
	nation:        "SOCIALIST REPUBLIC OF VIETNAM",
	motto:         "Independence - Freedom - Happiness",
	number:        "No.:       /%s",
	title:         "LEGAL AID DUTY ROSTER, %02d/%d",
	fullRecipient: "The Center's full roster",
	to:            "To: %s",
	draft:         "DRAFT",
	hotline:       "Center hotline: %s",
	recipients:    "Recipients:",
	columns: []string{"No.", "Date", "Day", "Hours", "Place of duty", "Mode", "On duty", "Position", "Phone",
		"Support officer", "Phone"},
	rosterSheet: "Roster", calendarSheet: "Calendar", summarySheet: "Summary", unfilledSheet: "Unfilled", changesSheet: "Changes",
	summaryColumns:   []string{"No.", "Name", "Position", "Phone", "Duties", "Backups", "Weekend", "Holiday", "Night", "Burden"},
	unfilledColumns:  []string{"No.", "Date", "Hours", "Place of duty", "Place", "Missing", "Reason"},
	calendarDay:      []string{"Date"},
	unfilled:         "NOBODY ON DUTY",
	nextDay:          " (next day)",
	allDay:           " (24 h)",
	lunar:            "lunar %s",
	changes:          "Changes from the previous version:",
	changesElsewhere: "%d changes, listed on the sheet \"%s\".",
	modeLine:         "Mode of duty: %s",
	address:          "Address: %s",
	summaryTitle:     "DUTIES PER OFFICER, %02d/%d",
	unfilledTitle:    "UNFILLED PLACES, %02d/%d",
	edition:          "Version %d",
	amendment:        "Version %d. Amendment %d, replacing the version of %s",
	docTypes:         map[string]string{roster.DocumentNotice: "NOTICE", roster.DocumentPlan: "PLAN"},
	subjects: map[string]string{roster.DocumentNotice: "Legal aid duty roster, %02d/%d",
		roster.DocumentPlan: "Legal aid duty, %02d/%d"},
	weekdays: [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	roles: map[roster.Role]string{roster.RoleLegalAidOfficer: "Legal aid officer", roster.RoleLawyer: "Lawyer",
		roster.RoleCollaborator: "Collaborator", roster.RoleSupport: "Support officer"},
	modes: map[roster.Mode]string{roster.ModeInPerson: "In person", roster.ModePhone: "By phone"},
}

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
