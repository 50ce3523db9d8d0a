package roster

import (
	"fmt"
	"strings"

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
	return "", fmt.Errorf("unknown role %q; use one of %s", s, joinStrings(Roles))
}

// ParsePostKind checks a post kind.
func ParsePostKind(s string) (PostKind, error) {
	for _, k := range PostKinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown kind %q; use one of %s", s, joinStrings(PostKinds))
}

// CheckRRule parses an RFC 5545 recurrence rule as the plan gives it (without DTSTART).
func CheckRRule(s string) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("rrule is empty")
	}
	upper := strings.ToUpper(s)
	if strings.Contains(upper, "DTSTART") {
		return fmt.Errorf("rrule %q must not contain DTSTART; use anchor for the start date", s)
	}
	if !strings.Contains(upper, "FREQ=") {
		return fmt.Errorf("rrule %q has no FREQ (for example FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR)", s)
	}
	if _, err := rrule.StrToROption(s); err != nil {
		return fmt.Errorf("rrule %q cannot be parsed: %v", s, err)
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
			return "", fmt.Errorf("phone %q holds %q; use digits, spaces, dots and dashes", s, c)
		}
	}
	if digits < 3 {
		return "", fmt.Errorf("phone %q has too few digits", s)
	}
	return s, nil
}

// ValidateOfficer checks one officer on its own (as `officer add` and `officer set` need);
// knownAreas, when not nil, lists the areas that exist.
func ValidateOfficer(o *Officer, knownAreas map[string]bool) error {
	var probs []string
	if !ValidID(o.ID) {
		probs = append(probs, fmt.Sprintf("id %q may hold only a-z, 0-9 and '-'", o.ID))
	}
	if strings.TrimSpace(o.Name) == "" {
		probs = append(probs, "name is empty")
	}
	if _, err := ParseRole(string(o.Role)); err != nil {
		probs = append(probs, err.Error())
	}
	if _, err := NormalizePhone(o.Phone); err != nil {
		probs = append(probs, err.Error())
	}
	if o.Share <= 0 {
		probs = append(probs, fmt.Sprintf("share must be more than 0, not %s", o.Share))
	}
	if o.MaxPerMonth < 0 {
		probs = append(probs, fmt.Sprintf("max_per_month must be at least 1, not %d", o.MaxPerMonth))
	}
	for _, a := range o.Areas {
		if knownAreas != nil && !knownAreas[a] {
			probs = append(probs, fmt.Sprintf("unknown area %q", a))
		}
	}
	if len(probs) > 0 {
		return Errorf(EINVALID, "officer %s: %s", o.ID, strings.Join(probs, "; "))
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
