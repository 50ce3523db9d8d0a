package msg

import (
	"errors"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, c := range []struct {
		flag string
		env  func(string) string
		want Lang
		err  bool
	}{
		{"", env(), VI, false},
		{"en", env("DUTYROSTER_LANG", "vi"), EN, false},
		{"", env("DUTYROSTER_LANG", "en", "LANG", "vi_VN.UTF-8"), EN, false},
		{"", env("LANG", "vi_VN.UTF-8"), VI, false},
		{"", env("LANG", "en_US.UTF-8"), EN, false},
		{"", env("LC_ALL", "en_GB.UTF-8", "LANG", "vi_VN.UTF-8"), EN, false},
		{"", env("LC_MESSAGES", "vi_VN", "LANG", "en_US.UTF-8"), VI, false},
		{"", env("LANG", "C.UTF-8"), VI, false},
		{"", env("LANG", "fr_FR.UTF-8"), EN, false},
		{"VI", env(), VI, false},
		{"fr", env("LANG", "en_US.UTF-8"), EN, true}, // the error is said in the language the user would get
		{"", env("DUTYROSTER_LANG", "xx"), VI, true},
	} {
		got, err := Detect(c.flag, c.env, func() string { return "" })
		if got != c.want || (err != nil) != c.err {
			t.Errorf("Detect(%q): %v, %v; want %v (error %v)", c.flag, got, err, c.want, c.err)
		}
	}
}

type when string

func (w when) Localize(lang string) string { return string(w) + "@" + lang }

type wrapped struct{}

func (wrapped) Error() string { return "the plan has 2 problems" }
func (wrapped) MsgFormat() (string, []any) {
	return "%s has %d problems; nothing was imported", []any{"a.yaml", 2}
}

func TestSprintf(t *testing.T) {
	for _, c := range []struct {
		lang   Lang
		format string
		args   []any
		want   string
	}{
		// Numbers as dutyroster writes them: no grouping in years, versions or counts.
		{EN, "publish %s version %d", []any{"2026-12", 12345}, "publish 2026-12 version 12345"},
		{VI, "publish %s version %d", []any{"2026-12", 12345}, "công bố 2026-12 bản 12345"},
		// A decimal comma in Vietnamese only.
		{EN, "%.2f", []any{12.5}, "12.50"},
		{VI, "%.2f", []any{12.5}, "12,50"},
		// Localized values and nested messages in the reader's language.
		{VI, "%s to %s", []any{when("a"), when("b")}, "a@vi đến b@vi"},
		{VI, "Error: %s\n", []any{wrapped{}}, "Lỗi: a.yaml có 2 lỗi; chưa nạp gì\n"},
		{EN, "Error: %s\n", []any{wrapped{}}, "Error: a.yaml has 2 problems; nothing was imported\n"},
		// A message not in the catalogue reads in English in both.
		{VI, "no such message %d", []any{3}, "no such message 3"},
	} {
		if got := c.lang.Sprintf(c.format, c.args...); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.lang, c.format, got, c.want)
		}
	}
	var e error = &Error{Format: "unknown --lang %q; use vi or en", Args: []any{"fr"}}
	if !errors.As(e, new(*Error)) || VI.Sprintf("%s", e) != `--lang "fr" không hợp lệ; dùng vi hoặc en` {
		t.Errorf("msg.Error in Vietnamese: %q", VI.Sprintf("%s", e))
	}
}

func TestUntranslated(t *testing.T) {
	Record()
	VI.Sprintf("publish %s version %d", "x", 1)
	VI.Sprintf("%s -> %s", "a", "b")          // only verbs and signs: the same in both languages
	EN.Sprintf("a message nobody translated") // asked for in English: still needs its Vietnamese
	VI.T("không có ca trực nào")              // Vietnamese already
	got := Untranslated()
	if len(got) != 1 || got[0] != "a message nobody translated" {
		t.Errorf("untranslated: %q", got)
	}
}

// TestCatalogueVerbs: every translation keeps its message's verbs, in order or numbered.
func TestCatalogueVerbs(t *testing.T) {
	for en, vi := range vietnamese {
		a, b := verbs.FindAllString(en, -1), verbs.FindAllString(vi, -1)
		if len(a) != len(b) {
			t.Errorf("%q has %d verbs, its Vietnamese %q has %d", en, len(a), vi, len(b))
			continue
		}
		for i := range a {
			if verbs.ReplaceAllString(a[i], "x") != verbs.ReplaceAllString(b[i], "x") || a[i] != b[i] && b[i][1] != '[' {
				t.Errorf("%q: verb %d is %s, in Vietnamese %s", en, i+1, a[i], b[i])
			}
		}
	}
}

func TestDetectSystemLanguage(t *testing.T) {
	none := func(string) string { return "" }
	for sys, want := range map[string]Lang{"vi-VN": VI, "en-US": EN, "fr-FR": EN, "": VI} {
		if got, _ := Detect("", none, func() string { return sys }); got != want {
			t.Errorf("system %q: %v, want %v", sys, got, want)
		}
	}
	if got, _ := Detect("", func(k string) string { return map[string]string{"LANG": "vi_VN.UTF-8"}[k] }, func() string { return "en-US" }); got != VI {
		t.Errorf("the locale goes before the desktop: %v", got)
	}
}

// TestRenderIsSprintf: the bulk path gives what the library's printer gives, for every message
// of the catalogue in both languages.
func TestRenderIsSprintf(t *testing.T) {
	sample := map[byte]any{'d': 7, 's': "x", 'q': "x", 'v': "x", 'f': 1.5, 'U': 'x', 'X': 255, '%': nil}
	for en, vi := range vietnamese {
		if strings.Contains(vi, "${") {
			continue // not in the printer's catalogue: read only by T
		}
		var args []any
		for _, v := range verbs.FindAllString(en, -1) {
			if a := sample[v[len(v)-1]]; a != nil {
				args = append(args, a)
			}
		}
		for _, l := range []Lang{VI, EN} {
			if a, b := l.Sprintf(en, args...), l.Render(en, args...); a != b {
				t.Errorf("%s %q: Sprintf %q, Render %q", l, en, a, b)
			}
		}
	}
}
