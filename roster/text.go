package roster

import (
	"fmt"
	"strings"
	"time"
)

// Text is a message kept unformatted, so that it can be shown in the reader's language: String
// gives the English, MsgFormat the format (the key of the message catalogue) and its arguments.
type Text struct {
	Format string
	Args   []any
}

// T makes a Text.
func T(format string, args ...any) Text { return Text{Format: format, Args: args} }

// String is the English text.
func (t Text) String() string {
	if t.Format == "" {
		return ""
	}
	return fmt.Sprintf(t.Format, t.Args...)
}

// MsgFormat gives the message unformatted, for translation.
func (t Text) MsgFormat() (string, []any) { return t.Format, t.Args }

// Join makes one message of several, separated by sep (the format holds only verbs and the
// separator, so it reads the same in every language).
func Join(sep string, parts ...any) Text {
	return T(strings.TrimSuffix(strings.Repeat("%s"+sep, len(parts)), sep), parts...)
}

// WeekdaysVI are the Vietnamese names of the days, Sunday first (as time.Weekday counts).
var WeekdaysVI = [7]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// SlotLabel names one place for people: its day, times, post and role, in the Center's time.
type SlotLabel struct {
	Start, End time.Time // in the Center's time zone
	Post       string
	Role       DutyRole
	PostFirst  bool // "tand-kv3 Tue 15/12/2026 ..." rather than "Tue 15/12/2026 ... tand-kv3"
}

// String is the English label: "Tue 15/12/2026 07:30-11:30 tand-kv3 (duty)".
func (l SlotLabel) String() string { return l.Localize("en") }

// Localize writes the label in the language: "Thứ Ba 15/12/2026 07:30-11:30 tand-kv3 (trực)".
func (l SlotLabel) Localize(lang string) string {
	day, role := l.Start.Format("Mon"), string(l.Role)
	if lang == "vi" {
		day = WeekdaysVI[l.Start.Weekday()]
		role = map[DutyRole]string{Duty: "trực", Backup: "hỗ trợ"}[l.Role]
		if role == "" {
			role = string(l.Role)
		}
	}
	when := fmt.Sprintf("%s %s %s-%s", day, l.Start.Format("02/01/2006"), l.Start.Format("15:04"), l.End.Format("15:04"))
	if l.PostFirst {
		return fmt.Sprintf("%s %s (%s)", l.Post, when, role)
	}
	return fmt.Sprintf("%s %s (%s)", when, l.Post, role)
}

// Phrase is a text already written in each language (a stored label of a day or a slot).
type Phrase struct{ EN, VI string }

// String is the English.
func (p Phrase) String() string { return p.EN }

// Localize gives the phrase in the language.
func (p Phrase) Localize(lang string) string {
	if lang == "vi" && p.VI != "" {
		return p.VI
	}
	return p.EN
}
