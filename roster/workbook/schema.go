// Package workbook reads and writes the plan as an Excel workbook, the way a coordinator keeps it:
// one sheet per part of the plan (Trung tâm, Khu vực, Cán bộ, Nghỉ, Nơi trực, Ca trực, Người nhận
// lịch, Ngày lễ, Quy tắc, Tự động), headers matched by name in any column order. A workbook is
// turned into the same tree a YAML plan file gives and checked by the same parser, so it gets the
// same checks and messages, each placed at its sheet and cell ("Cán bộ!C7"). The package does no
// I/O: it works on bytes.
package workbook

import (
	"dutyroster/roster"
	"strings"
)

// kind is how a column's cells are read.
type kind int

const (
	kText     kind = iota
	kList          // several values in one cell: "khu-vuc-1, khu-vuc-2"
	kInt           // a whole number
	kNumber        // a decimal number ("0,5" or 0.5)
	kBool          // có / không
	kDate          // a date: a date cell, dd/mm/yyyy or yyyy-mm-dd
	kDateTime      // a date, or a date and time
	kTime          // HH:MM, or a time cell
	kPhone         // a phone number; one stored as a number lost its leading 0
	kEnum          // one of a few words (Vietnamese or the plan's own)
	kPattern       // a repeat pattern: RRULE, or Vietnamese days ("thứ Hai đến thứ Sáu")
)

// column is one column of a table sheet, or one row of a key-value sheet.
type column struct {
	key    string // the plan file's key; "signer.title" for a nested one
	vi, en string // headers
	kind   kind
	enum   *enum
	width  float64
	help   [2]string // vi, en: what the column means (a comment on its header)
}

// enum is a small vocabulary: each plan value with its Vietnamese and English words.
type enum struct {
	values []string
	vi, en []string
}

// value finds the plan value a cell means, by the plan value itself or either label.
func (e *enum) value(cell string) (string, bool) {
	n := fold(cell)
	for i, v := range e.values {
		if n == fold(v) || n == fold(e.vi[i]) || n == fold(e.en[i]) {
			return v, true
		}
	}
	return cell, false
}

// label is how a workbook in lang writes a plan value.
func (e *enum) label(v, lang string) string {
	for i, x := range e.values {
		if x == v {
			if lang == "en" {
				return e.en[i]
			}
			return e.vi[i]
		}
	}
	return v
}

func (e *enum) labels(lang string) []string {
	if lang == "en" {
		return e.en
	}
	return e.vi
}

var (
	roleEnum = &enum{values: []string{"legal_aid_officer", "lawyer", "collaborator", "support"},
		vi: []string{"Trợ giúp viên pháp lý", "Luật sư", "Cộng tác viên", "Người hỗ trợ"},
		en: []string{"legal_aid_officer", "lawyer", "collaborator", "support"}}
	kindEnum = &enum{values: []string{"court", "investigation", "detention", "other"},
		vi: []string{"Tòa án", "Cơ quan điều tra", "Nơi tạm giữ, tạm giam", "Khác"},
		en: []string{"court", "investigation", "detention", "other"}}
	modeEnum = &enum{values: []string{"in_person", "phone"},
		vi: []string{"Trực tiếp", "Qua điện thoại"}, en: []string{"in_person", "phone"}}
	strategyEnum = &enum{values: []string{"balanced", "rotation"},
		vi: []string{"Cân bằng", "Luân phiên"}, en: []string{"balanced", "rotation"}}
	holidaysEnum = &enum{values: []string{"skip", "keep"},
		vi: []string{"Nghỉ ngày lễ", "Trực cả ngày lễ"}, en: []string{"skip", "keep"}}
	boolEnum   = &enum{values: []string{"true", "false"}, vi: []string{"Có", "Không"}, en: []string{"yes", "no"}}
	actionEnum = &enum{values: []string{"add", "remove"},
		vi: []string{"Thêm ngày nghỉ lễ", "Bỏ ngày nghỉ lễ"}, en: []string{"add", "remove"}}
	docTypeEnum  = &enum{values: []string{"notice", "plan"}, vi: []string{"Thông báo", "Kế hoạch"}, en: []string{"notice", "plan"}}
	calendarEnum = &enum{values: []string{"vn", "none"}, vi: []string{"Lịch Việt Nam", "Không"}, en: []string{"vn", "none"}}
)

// table is a sheet of rows, each an item of a list of the plan.
type table struct {
	vi, en string
	// parent names the table whose rows own this one's (shifts belong to posts): the first
	// column then holds the owner's id, and the rows go under the owner's key child.
	parent string
	child  string
	cols   []column
}

// keyValue is a sheet of rows "item | value" (the Center, the rules).
type keyValue struct {
	vi, en string
	rows   []column
}

var (
	centerSheet = keyValue{vi: "Trung tâm", en: "Center", rows: []column{
		{key: "name", vi: "Tên trung tâm", en: "Name", help: [2]string{"Tên cơ quan ban hành, in hoa trên văn bản", "The issuing body, printed in capitals"}},
		{key: "parent", vi: "Cơ quan chủ quản", en: "Parent body", help: [2]string{"Dòng đầu của văn bản, ví dụ Sở Tư pháp tỉnh Đồng Tháp", "The first header line, e.g. the provincial Department of Justice"}},
		{key: "place", vi: "Địa danh", en: "Place", help: [2]string{"Trong dòng \"Đồng Tháp, ngày ... tháng ... năm ...\"", "In the place-and-date line"}},
		{key: "hotline", vi: "Đường dây nóng", en: "Hotline", kind: kPhone, help: [2]string{"In trên mọi lịch trực", "Printed on every roster"}},
		{key: "timezone", vi: "Múi giờ", en: "Time zone", help: [2]string{"Mặc định Asia/Ho_Chi_Minh", "Default Asia/Ho_Chi_Minh"}},
		{key: "document_type", vi: "Loại văn bản", en: "Document type", kind: kEnum, enum: docTypeEnum, help: [2]string{"Để trống: LỊCH TRỰC; Thông báo (TB) hoặc Kế hoạch (KH)", "Empty: LỊCH TRỰC; notice (TB) or plan (KH)"}},
		{key: "document_code", vi: "Ký hiệu văn bản", en: "Document code", help: [2]string{"Ví dụ TB-TGPL: \"Số: 12/TB-TGPL\"", "E.g. TB-TGPL: \"Số: 12/TB-TGPL\""}},
		{key: "signer.title", vi: "Chức danh người ký", en: "Signer's title"},
		{key: "signer.name", vi: "Người ký", en: "Signer's name"},
		{key: "signer.authority", vi: "Thẩm quyền ký", en: "Signing authority", help: [2]string{"Để trống nếu người đứng đầu ký; KT., TL., TUQ., Q. hoặc TM.", "Empty when the head signs; KT., TL., TUQ., Q. or TM."}},
		{key: "signer.for", vi: "Ký thay cho", en: "Signs for", help: [2]string{"Với KT./TL./TUQ./TM.: ví dụ Giám đốc", "With KT./TL./TUQ./TM.: e.g. Giám đốc"}},
		{key: "recipients", vi: "Nơi nhận", en: "Recipient", kind: kList, help: [2]string{"Mỗi nơi nhận một dòng", "One recipient per row"}},
	}}
	rulesSheet = keyValue{vi: "Quy tắc", en: "Rules", rows: []column{
		{key: "min_rest_hours", vi: "Số giờ nghỉ tối thiểu giữa hai ca", en: "Minimum rest hours", kind: kInt},
		{key: "max_per_month", vi: "Số ca tối đa mỗi tháng", en: "Maximum duties a month", kind: kInt},
		{key: "max_consecutive_days", vi: "Số ngày trực liên tiếp tối đa", en: "Maximum consecutive days", kind: kInt},
		{key: "burden.weekday", vi: "Hệ số ca ngày thường", en: "Weight of a weekday duty", kind: kNumber},
		{key: "burden.weekend", vi: "Hệ số ca cuối tuần", en: "Weight of a weekend duty", kind: kNumber},
		{key: "burden.holiday", vi: "Hệ số ca ngày lễ", en: "Weight of a holiday duty", kind: kNumber},
		{key: "burden.night", vi: "Hệ số thêm cho ca đêm", en: "Extra weight of a night duty", kind: kNumber},
		{key: "notice_working_days", vi: "Số ngày làm việc báo trước", en: "Working days of notice", kind: kInt},
		{key: "holidays.calendar", vi: "Lịch ngày lễ", en: "Holiday calendar", kind: kEnum, enum: calendarEnum},
	}}

	areasTable = table{vi: "Khu vực", en: "Areas", cols: []column{
		{key: "id", vi: "Mã", en: "Id", width: 16, help: [2]string{"Chữ thường a-z, số và dấu '-', không đổi", "Lowercase a-z, digits and '-', never changed"}},
		{key: "name", vi: "Tên khu vực", en: "Name", width: 36},
	}}
	officersTable = table{vi: "Cán bộ", en: "Officers", cols: []column{
		{key: "id", vi: "Mã", en: "Id", width: 12, help: [2]string{"Chữ thường a-z, số và dấu '-', không đổi", "Lowercase a-z, digits and '-', never changed"}},
		{key: "name", vi: "Họ và tên", en: "Full name", width: 28},
		{key: "role", vi: "Vai trò", en: "Role", kind: kEnum, enum: roleEnum, width: 22},
		{key: "phone", vi: "Điện thoại", en: "Phone", kind: kPhone, width: 16, help: [2]string{"Tòa án, công an gọi số này", "Courts and police call this number"}},
		{key: "email", vi: "Email", en: "Email", width: 26},
		{key: "areas", vi: "Khu vực", en: "Areas", kind: kList, width: 18, help: [2]string{"Để trống: mọi khu vực; nhiều khu vực cách nhau bằng dấu phẩy", "Empty: every area; several separated by commas"}},
		{key: "share", vi: "Tỷ lệ", en: "Share", kind: kNumber, width: 8, help: [2]string{"1 = đủ phần, 0,5 = nửa phần", "1 = a full share, 0.5 = half"}},
		{key: "max_per_month", vi: "Tối đa mỗi tháng", en: "Max a month", kind: kInt, width: 10},
		{key: "active", vi: "Đang làm việc", en: "Active", kind: kBool, enum: boolEnum, width: 10, help: [2]string{"Không: giữ lịch sử nhưng không xếp ca mới", "No: keeps history, takes no new duty"}},
	}}
	leaveTable = table{vi: "Nghỉ", en: "Leave", parent: "officers", child: "unavailable", cols: []column{
		{key: "officer", vi: "Cán bộ", en: "Officer", width: 24, help: [2]string{"Mã hoặc họ tên của cán bộ", "The officer's id or full name"}},
		{key: "from", vi: "Từ", en: "From", kind: kDateTime, width: 17, help: [2]string{"Ngày (dd/mm/yyyy) hoặc ngày và giờ", "A date (dd/mm/yyyy), or a date and time"}},
		{key: "to", vi: "Đến", en: "To", kind: kDateTime, width: 17},
		{key: "rrule", vi: "Lặp lại", en: "Repeats", kind: kPattern, width: 22, help: [2]string{"Nghỉ lặp lại: ví dụ \"thứ Năm\" với giờ bắt đầu và kết thúc", "Recurring: e.g. \"TH\" days with start and end"}},
		{key: "start", vi: "Giờ bắt đầu", en: "Start", kind: kTime, width: 10},
		{key: "end", vi: "Giờ kết thúc", en: "End", kind: kTime, width: 10},
		{key: "reason", vi: "Lý do", en: "Reason", width: 28},
	}}
	postsTable = table{vi: "Nơi trực", en: "Posts", cols: []column{
		{key: "id", vi: "Mã", en: "Id", width: 14},
		{key: "name", vi: "Tên nơi trực", en: "Name", width: 40},
		{key: "kind", vi: "Loại", en: "Kind", kind: kEnum, enum: kindEnum, width: 20},
		{key: "area", vi: "Khu vực", en: "Area", width: 14},
		{key: "address", vi: "Địa chỉ", en: "Address", width: 36},
		{key: "phone", vi: "Điện thoại", en: "Phone", kind: kPhone, width: 16},
	}}
	shiftsTable = table{vi: "Ca trực", en: "Shifts", parent: "posts", child: "shifts", cols: []column{
		{key: "post", vi: "Nơi trực", en: "Post", width: 14, help: [2]string{"Mã nơi trực (trang Nơi trực)", "The post's id (sheet Posts)"}},
		{key: "id", vi: "Mã ca", en: "Id", width: 10},
		{key: "label", vi: "Tên ca", en: "Label", width: 14},
		{key: "rrule", vi: "Lặp lại", en: "Repeats", kind: kPattern, width: 26, help: [2]string{"hằng ngày; thứ Hai đến thứ Sáu; thứ Bảy, Chủ nhật; hoặc RRULE", "daily; Monday to Friday; Saturday, Sunday; or an RRULE"}},
		{key: "anchor", vi: "Ngày bắt đầu lặp", en: "Anchor", kind: kDate, width: 14},
		{key: "start", vi: "Giờ bắt đầu", en: "Start", kind: kTime, width: 10},
		{key: "end", vi: "Giờ kết thúc", en: "End", kind: kTime, width: 10, help: [2]string{"Trước hoặc bằng giờ bắt đầu: kết thúc ngày hôm sau", "At or before start: ends the next day"}},
		{key: "mode", vi: "Hình thức", en: "Mode", kind: kEnum, enum: modeEnum, width: 16},
		{key: "need", vi: "Số người trực", en: "Need", kind: kInt, width: 8},
		{key: "roles", vi: "Vai trò được trực", en: "Roles", kind: kList, width: 30},
		{key: "backup", vi: "Số người hỗ trợ", en: "Backup", kind: kInt, width: 8},
		{key: "backup_roles", vi: "Vai trò hỗ trợ", en: "Backup roles", kind: kList, width: 30},
		{key: "holidays", vi: "Ngày lễ", en: "Holidays", kind: kEnum, enum: holidaysEnum, width: 16},
		{key: "strategy", vi: "Cách xếp", en: "Strategy", kind: kEnum, enum: strategyEnum, width: 12},
		{key: "order", vi: "Thứ tự luân phiên", en: "Rotation order", kind: kList, width: 30},
	}}
	contactsTable = table{vi: "Người nhận lịch", en: "Contacts", parent: "posts", child: "contacts", cols: []column{
		{key: "post", vi: "Nơi trực", en: "Post", width: 14},
		{key: "name", vi: "Họ và tên", en: "Name", width: 28},
		{key: "email", vi: "Email", en: "Email", width: 30},
		{key: "phone", vi: "Điện thoại", en: "Phone", kind: kPhone, width: 16},
	}}
	holidaysTable = table{vi: "Ngày lễ", en: "Holidays", cols: []column{
		{key: "action", vi: "Thêm hay bỏ", en: "Add or remove", kind: kEnum, enum: actionEnum, width: 20},
		{key: "date", vi: "Ngày", en: "Date", kind: kDate, width: 14},
		{key: "name", vi: "Tên ngày lễ", en: "Name", width: 36},
	}}
	daemonSheet = struct{ vi, en string }{vi: "Tự động", en: "Daemon"}
)

// fold reduces a header or word to compare it loosely (see roster.Fold).
func fold(s string) string { return roster.Fold(s) }

// matches reports whether a header names the column (its Vietnamese or English header, or the
// plan file's key).
func (c *column) matches(header string) bool {
	h := fold(header)
	return h != "" && (h == fold(c.vi) || h == fold(c.en) || h == fold(strings.ReplaceAll(c.key, "_", " ")) || h == fold(c.key))
}
