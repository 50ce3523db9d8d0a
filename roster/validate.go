package roster

import (
	"net/mail"
	"strconv"
	"strings"
	"unicode"

	"github.com/teambition/rrule-go"
)

// ValidID reports whether s is a usable id: lowercase letters, digits and '-', not empty,
// starting with a letter or digit.
func ValidID(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", Errorf(EINVALID, "unknown role %q; use one of %s", s, joinStrings(Roles))
}

// ParsePostKind checks a post kind.
func ParsePostKind(s string) (PostKind, error) {
	for _, k := range PostKinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", Errorf(EINVALID, "unknown kind %q; use one of %s", s, joinStrings(PostKinds))
}

// CheckRRule parses an RFC 5545 recurrence rule as the plan gives it (without DTSTART).
func CheckRRule(s string) error {
	if strings.TrimSpace(s) == "" {
		return Errorf(EINVALID, "rrule is empty")
	}
	upper := strings.ToUpper(s)
	if strings.Contains(upper, "DTSTART") {
		return Errorf(EINVALID, "rrule %q must not contain DTSTART; use anchor for the start date", s)
	}
	if !strings.Contains(upper, "FREQ=") {
		return Errorf(EINVALID, "rrule %q has no FREQ (for example FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR)", s)
	}
	opt, err := rrule.StrToROption(s)
	if err != nil {
		return Errorf(EINVALID, "rrule %q cannot be parsed: %v", s, err)
	}
	// A rule picks days; the time of day is the shift's (or the window's) start. A rule that
	// repeats within a day would make millions of places, or places that end before they start.
	switch opt.Freq {
	case rrule.DAILY, rrule.WEEKLY, rrule.MONTHLY, rrule.YEARLY:
	default:
		return Errorf(EINVALID, "rrule %q repeats within a day; a rule picks days (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY) and start gives the time", s)
	}
	if len(opt.Byhour) > 0 || len(opt.Byminute) > 0 || len(opt.Bysecond) > 0 {
		return Errorf(EINVALID, "rrule %q sets BYHOUR, BYMINUTE or BYSECOND; a rule picks days and start gives the time", s)
	}
	if opt.Interval > 366 {
		return Errorf(EINVALID, "rrule %q: INTERVAL must be at most 366, not %d", s, opt.Interval)
	}
	if !opt.Until.IsZero() && (opt.Until.Year() < MinYear || opt.Until.Year() > MaxYear) {
		return Errorf(EINVALID, "rrule %q: UNTIL is outside the years %d to %d", s, MinYear, MaxYear)
	}
	return nil
}

// NormalizePhone trims a phone number; it must hold at least 3 digits and only digits, spaces,
// dots, dashes, parentheses and a leading +.
func NormalizePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	digits := 0
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == ' ' || c == '.' || c == '-' || c == '(' || c == ')':
		case c == '+' && i == 0:
		default:
			return "", Errorf(EINVALID, "phone %q holds %q; use digits, spaces, dots and dashes", s, c)
		}
	}
	if digits < 3 {
		return "", Errorf(EINVALID, "phone %q has too few digits", s)
	}
	return s, nil
}

// CheckEmail accepts a bare e-mail address (name@host), as every e-mail field takes it: no
// display name, no spaces, no control characters, one @ with text on both sides.
func CheckEmail(s string) error {
	if err := CheckText("e-mail "+strconv.Quote(s), s); err != nil {
		return err
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return Errorf(EINVALID, "email %q is not an e-mail address", s)
	}
	return nil
}

// ValidateOfficer checks one officer on its own (as `officer add` and `officer set` need);
// knownAreas, when not nil, lists the areas that exist.
func ValidateOfficer(o *Officer, knownAreas map[string]bool) error {
	var probs []any
	if !ValidID(o.ID) {
		probs = append(probs, T("id %q may hold only a-z, 0-9 and '-'", o.ID))
	}
	if strings.TrimSpace(o.Name) == "" {
		probs = append(probs, T("name is empty"))
	}
	if err := CheckText("name", o.Name); err != nil {
		probs = append(probs, err)
	}
	if o.Email != "" {
		if err := CheckEmail(o.Email); err != nil {
			probs = append(probs, err)
		}
	}
	if _, err := ParseRole(string(o.Role)); err != nil {
		probs = append(probs, err)
	}
	if _, err := NormalizePhone(o.Phone); err != nil {
		probs = append(probs, err)
	}
	if o.Share <= 0 {
		probs = append(probs, T("share must be more than 0, not %s", o.Share))
	} else if o.Share < MinShare || o.Share > MaxShare {
		probs = append(probs, T("share must be between %s and %s, not %s", MinShare, MaxShare, o.Share))
	}
	if o.MaxPerMonth < 0 {
		probs = append(probs, T("max_per_month must be at least 1, not %d", o.MaxPerMonth))
	} else if o.MaxPerMonth > MaxPerMonthLimit {
		probs = append(probs, T("max_per_month must be at most %d, not %d", MaxPerMonthLimit, o.MaxPerMonth))
	}
	for _, a := range o.Areas {
		if knownAreas != nil && !knownAreas[a] {
			probs = append(probs, T("unknown area %q", a))
		}
	}
	if len(probs) > 0 {
		return Errorf(EINVALID, "officer %s: %s", o.ID, Join("; ", probs...))
	}
	return nil
}

func joinStrings[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

// isControl reports a character that text must not carry: C0 and C1 controls, DEL, and the
// bidirectional overrides and isolates that make text display other than it reads.
func isControl(r rune) bool {
	return unicode.IsControl(r) || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x2028 || r == 0x2029
}

// CheckText refuses text with control characters (tab and newline included): every text field
// of the plan and of the command line is one line of plain text.
func CheckText(what, s string) error {
	for i, r := range s {
		if isControl(r) {
			return Errorf(EINVALID, "%s holds a control character (%U at byte %d); remove it", what, r, i)
		}
	}
	return nil
}

// StripControl drops control characters from text about to be printed or written, so that a
// value stored before they were refused cannot reach a terminal or a spreadsheet.
func StripControl(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}
