// Package msg is dutyroster's one message catalogue: every text a person reads, in Vietnamese
// and English. A message is its English format string, which is also its key; the Vietnamese
// catalogue (vi.go) gives the translation. Formatting goes through golang.org/x/text/message,
// the Go project's library for translated messages (catalogue lookup with language matching and
// argument reordering such as %[2]s), with one change: numbers print as dutyroster prints them
// everywhere (no thousands grouping inside ids, years and versions; a decimal comma in
// Vietnamese), not with the library's locale grouping.
package msg

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Lang is a language people read: VI or EN.
type Lang string

// The two languages.
const (
	VI Lang = "vi"
	EN Lang = "en"
)

var (
	cat     = catalog.NewBuilder(catalog.Fallback(language.English))
	printer = map[Lang]*message.Printer{}
)

func init() {
	for en, vi := range vietnamese {
		if strings.Contains(vi, "${") {
			continue // "${" is the catalogue's variable syntax; such help texts are only read by T
		}
		if err := cat.SetString(language.Vietnamese, en, vi); err != nil {
			panic(fmt.Sprintf("msg: the Vietnamese of %q: %v", en, err))
		}
	}
	printer[VI] = message.NewPrinter(language.Vietnamese, message.Catalog(cat))
	printer[EN] = message.NewPrinter(language.English, message.Catalog(cat))
}

// Parse reads a language name: vi or en (case aside, "vi-VN", "en_US.UTF-8" too).
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	switch {
	case s == "vi" || strings.HasPrefix(s, "vi_") || strings.HasPrefix(s, "vi-"):
		return VI, true
	case s == "en" || strings.HasPrefix(s, "en_") || strings.HasPrefix(s, "en-"):
		return EN, true
	}
	return "", false
}

// Detect chooses the language: the --lang flag, else DUTYROSTER_LANG, else the locale (LC_ALL,
// LC_MESSAGES, LANG; else system, the desktop's language where the caller can ask for it, as on
// Windows), else Vietnamese. A locale in
// another language (C, POSIX, fr_FR) reads as English, which its user more likely reads than
// Vietnamese; an unknown --lang or DUTYROSTER_LANG is an error.
func Detect(flag string, getenv func(string) string, system func() string) (Lang, error) {
	if flag != "" {
		if l, ok := Parse(flag); ok {
			return l, nil
		}
		l, _ := Detect("", getenv, system) // the error is said in the language the user would otherwise get
		return l, &Error{Format: "unknown --lang %q; use vi or en", Args: []any{flag}}
	}
	if v := getenv("DUTYROSTER_LANG"); v != "" {
		if l, ok := Parse(v); ok {
			return l, nil
		}
		return VI, &Error{Format: "unknown DUTYROSTER_LANG %q; use vi or en", Args: []any{v}}
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			if l, ok := Parse(v); ok {
				return l, nil
			}
			if v == "C" || v == "POSIX" || v == "C.UTF-8" {
				continue // no language chosen: the system default, not the user's
			}
			return EN, nil
		}
	}
	if v := system(); v != "" {
		if l, ok := Parse(v); ok {
			return l, nil
		}
		return EN, nil
	}
	return VI, nil
}

// Sprintf formats a message in the language.
func (l Lang) Sprintf(format string, args ...any) string {
	note(format)
	p := printer[l]
	if p == nil {
		p = printer[VI]
	}
	return p.Sprintf(format, l.plain(args, l.Sprintf)...)
}

// Render formats a message in the language as Sprintf does, without the library's printer:
// for text made in bulk (the reasons of tens of thousands of empty places), where the printer's
// per-message lookup costs about fifteen times fmt's formatting. The catalogue's messages use no
// plural or select forms, so the result is the same (a test compares the two on every message).
func (l Lang) Render(format string, args ...any) string {
	note(format)
	f := format
	if l == VI {
		if vi, ok := vietnamese[format]; ok {
			f = vi
		}
	}
	return fmt.Sprintf(f, l.plain(args, l.Render)...)
}

// Fprintf writes a message in the language.
func (l Lang) Fprintf(w io.Writer, format string, args ...any) {
	io.WriteString(w, l.Sprintf(format, args...))
}

// T translates a fixed text (no formatting; a % in it is kept).
func (l Lang) T(text string) string {
	if text == "" {
		return ""
	}
	note(text)
	if l == VI {
		if vi, ok := vietnamese[text]; ok {
			return vi
		}
	}
	return text
}

// Error is an error kept unformatted, said in the reader's language.
type Error struct {
	Format string
	Args   []any
}

func (e *Error) Error() string { return fmt.Sprintf(e.Format, e.Args...) }

// MsgFormat gives the message unformatted.
func (e *Error) MsgFormat() (string, []any) { return e.Format, e.Args }

// Formatted is a value that carries its message unformatted (an error, say), so that it is
// shown in the reader's language wherever it appears.
type Formatted interface {
	MsgFormat() (format string, args []any)
}

// Localized is a value written differently in each language: a date, a decimal.
type Localized interface {
	Localize(lang string) string
}

// number prints as fmt does, with a decimal comma in Vietnamese.
type number struct {
	v     any
	comma bool
}

func (n number) Format(f fmt.State, verb rune) {
	s := fmt.Sprintf(fmt.FormatString(f, verb), n.v)
	if n.comma {
		s = strings.Replace(s, ".", ",", 1)
	}
	io.WriteString(f, s)
}

// plain prepares arguments: numbers as dutyroster writes them, values written per language in
// this one, nested messages formatted by nested (Sprintf or Render, as the caller).
func (l Lang) plain(args []any, nested func(string, ...any) string) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
			out[i] = number{v: v}
		case float32, float64:
			out[i] = number{v: v, comma: l == VI}
		case Localized:
			out[i] = v.Localize(string(l))
		case Formatted:
			f, fa := v.MsgFormat()
			if f == "" {
				out[i] = a
				continue
			}
			out[i] = nested(f, fa...)
		default:
			out[i] = a
		}
	}
	return out
}

// Recording which messages were asked for, so that a test can show that each has both languages.
var (
	seenMu sync.Mutex
	seen   map[string]bool
)

// Record starts noting every message asked for (tests).
func Record() {
	seenMu.Lock()
	seen = map[string]bool{}
	seenMu.Unlock()
}

func note(format string) {
	seenMu.Lock()
	if seen != nil {
		seen[format] = true
	}
	seenMu.Unlock()
}

// Untranslated lists the messages asked for since Record that have no Vietnamese, sorted.
func Untranslated() []string {
	seenMu.Lock()
	defer seenMu.Unlock()
	var out []string
	for f := range seen {
		if _, ok := vietnamese[f]; !ok && !neutral(f) && !isVietnamese(f) {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

// isVietnamese tells a text that is Vietnamese already (a label of a view's own bilingual table).
func isVietnamese(s string) bool {
	for _, r := range s {
		if strings.ContainsRune("ăâđêôơưĂÂĐÊÔƠƯ", r) || r >= 0x1EA0 && r <= 0x1EF9 {
			return true
		}
	}
	return false
}

// neutral tells a message that reads the same in both languages: no letters but its verbs.
func neutral(f string) bool {
	for _, r := range verbs.ReplaceAllString(f, "") {
		if unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

var verbs = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// Catalogue returns a copy of the catalogue: English message to Vietnamese.
func Catalogue() map[string]string {
	out := make(map[string]string, len(vietnamese))
	for k, v := range vietnamese {
		out[k] = v
	}
	return out
}
