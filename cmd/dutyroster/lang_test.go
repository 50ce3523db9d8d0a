package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/xuri/excelize/v2"

	"dutyroster/roster/msg"
)

// commandPaths lists every command of the program, as the words that run it.
func commandPaths() [][]string {
	var out [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		out = append(out, path)
		for _, sub := range c.Commands() {
			if !sub.Hidden {
				walk(sub, append(append([]string(nil), path...), sub.Name()))
			}
		}
	}
	root := newRootCmd(defaultEnv())
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	walk(root, nil)
	return out
}

// TestHelpInBothLanguages reads every command's --help in Vietnamese and in English: each text
// must have its Vietnamese (the catalogue check in TestMain fails otherwise), the Vietnamese help
// must hold no English sentence, and the English help no Vietnamese beyond names and examples.
func TestHelpInBothLanguages(t *testing.T) {
	english, vietnamese := catalogueWords()
	for _, path := range commandPaths() {
		for _, w := range path {
			vietnamese[w] = true // command names read the same in both languages
		}
	}
	for _, path := range commandPaths() {
		for _, lang := range []string{"vi", "en"} {
			c := newCLI(t)
			c.env = map[string]string{"DUTYROSTER_LANG": lang}
			out := c.ok(append(path, "--help")...)
			switch lang {
			case "vi":
				if !strings.Contains(out, "Cách dùng:") {
					t.Errorf("%v --help in Vietnamese has no \"Cách dùng:\":\n%s", path, out)
				}
				if w := englishWords(out, english, vietnamese); len(w) > 0 {
					t.Errorf("%v --help in Vietnamese holds English: %v", path, w)
				}
			case "en":
				if !strings.Contains(out, "Usage:") || strings.Contains(out, "Cách dùng:") {
					t.Errorf("%v --help in English:\n%s", path, out)
				}
			}
		}
	}
}

// catalogueWords are the words of the catalogue's English messages, and those of its
// Vietnamese (which hold flag names, ids and file names that read the same in both).
func catalogueWords() (english, vietnamese map[string]bool) {
	english, vietnamese = map[string]bool{}, map[string]bool{}
	for en, vi := range msg.Catalogue() {
		for _, w := range words(en) {
			english[w] = true
		}
		for _, w := range words(vi) {
			vietnamese[w] = true
		}
	}
	return english, vietnamese
}

var wordRE = regexp.MustCompile(`[\p{L}\p{M}]+`)

func words(s string) []string {
	var out []string
	for _, w := range wordRE.FindAllString(strings.ToLower(s), -1) {
		if len(w) >= 3 {
			out = append(out, w)
		}
	}
	return out
}

// englishWords finds the words of a Vietnamese text that only the English messages use: an
// English sentence that leaked. A word in a flag, an id, a path, a code span or a quotation is
// not reading matter and is left out.
func englishWords(text string, english, vietnamese map[string]bool) []string {
	skip := regexp.MustCompile(`\b[A-Z][A-Z_]+\b|` + "`[^`]*`|--?[a-z][a-z-]*|[\\w./\\\\-]*[./\\\\_0-9][\\w./\\\\-]*|\"[^\"]*\"|\\$[A-Z_]+|<[^>]*>|https?://\\S+")
	text = skip.ReplaceAllString(text, " ")
	seen := map[string]bool{}
	var out []string
	for _, w := range words(text) {
		if english[w] && !vietnamese[w] && !allowedWord[w] && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// allowedWord are English words a Vietnamese text may hold: names of things the user types.
var allowedWord = map[string]bool{"dutyroster": true, "yaml": true, "xlsx": true, "csv": true, "json": true, "ics": true, "pdf": true,
	"sqlite": true, "libreoffice": true, "excel": true, "ical": true, "webcal": true, "rrule": true, "cron": true, "seed": true,
	"daemon": true, "bash": true, "zsh": true, "fish": true, "powershell": true, "table": true, "text": true, "vi": true, "en": true}

// hasVietnamese tells whether a text holds a letter only Vietnamese uses.
func hasVietnamese(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// TestCoordinatorMonth runs a coordinator's whole month (import, generate, stats, publish, swap,
// replace, leave and conflicts, assign and unassign, export, history, diff, audit, the views) as
// a Vietnamese coordinator would, with LANG=vi_VN.UTF-8 and nothing else set, and fails on any
// English word in what a person reads; then the same month in English, which must hold no
// Vietnamese outside the plan's own data.
func TestCoordinatorMonth(t *testing.T) {
	english, vietnamese := catalogueWords()
	plan, err := os.ReadFile(samplePlan)
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]bool{}
	for _, w := range words(string(plan) + " Đổi ca, Ốm, Bận, Hết bận, Trần Văn Bình, ai đó") { // and what the coordinator types
		data[w] = true // names, posts, addresses, reasons: the Center's own words
		vietnamese[w] = true
	}
	for _, path := range commandPaths() {
		for _, w := range path {
			vietnamese[w] = true
		}
	}
	for _, lang := range []string{"vi", "en"} {
		c := newCLI(t)
		c.env = map[string]string{"DUTYROSTER_LANG": "", "LANG": "vi_VN.UTF-8"}
		if lang == "en" {
			c.env = map[string]string{"DUTYROSTER_LANG": "", "LANG": "en_US.UTF-8"}
		}
		var said strings.Builder
		step := func(want int, args ...string) string {
			t.Helper()
			out, errOut, code := c.run(args...)
			if code != want {
				t.Fatalf("%s: %v: exit %d, want %d\n%s%s", lang, args, code, want, out, errOut)
			}
			said.WriteString(out + errOut)
			return out
		}
		dir := t.TempDir()
		step(0, "init")
		step(0, "import", samplePlan, "--dry-run")
		step(0, "import", samplePlan)
		step(0, "generate", "--month", "2026-12", "--seed", "7")
		step(0, "stats", "--month", "2026-12")
		step(0, "roster", "show", "--month", "2026-12")
		step(0, "deadline", "--month", "2026-12")
		step(0, "publish", "--month", "2026-12", "--author", "Trần Văn Bình")
		r := c.roster("--month", "2026-12")
		a, b := swappable(t, r, "2026-12-07", "2026-12-21")
		step(0, "swap", "--month", "2026-12", "--officer", a.OfficerID, "--date", a.Start[:10], "--with", b.OfficerID, "--with-date", b.Start[:10], "--reason", "Đổi ca", "--dry-run")
		step(0, "swap", "--month", "2026-12", "--officer", a.OfficerID, "--date", a.Start[:10], "--with", b.OfficerID, "--with-date", b.Start[:10], "--reason", "Đổi ca")
		step(0, "leave", "add", "--officer", a.OfficerID, "--from", b.Start[:10], "--reason", "Ốm")
		step(3, "conflicts")
		step(0, "replace", "--month", "2026-12", "--officer", a.OfficerID, "--from", b.Start[:10], "--reason", "Ốm")
		step(0, "replace", "--month", "2026-12", "--officer", a.OfficerID, "--from", b.Start[:10], "--reason", "Ốm", "--yes")
		step(0, "unassign", "--month", "2026-12", "--post", a.PostID, "--shift", a.ShiftID, "--date", a.Start[:10], "--officer", b.OfficerID, "--reason", "Bận")
		step(0, "assign", "--month", "2026-12", "--post", a.PostID, "--shift", a.ShiftID, "--date", a.Start[:10], "--officer", b.OfficerID, "--reason", "Hết bận")
		step(0, "export", "--month", "2026-12", "--format", "xlsx", "--split-by", "post", "--out", dir)
		step(0, "roster", "history", "--month", "2026-12")
		step(0, "roster", "diff", "--month", "2026-12", "--old", "1", "--new", "2")
		step(0, "audit")
		step(0, "my", "--officer", b.OfficerID, "--from", "2026-12-01")
		step(0, "now", "--at", "2026-12-10 09:00")
		step(0, "officer", "list")
		step(2, "generate", "--month", "2026-12")                   // refused: published
		step(2, "swap", "--month", "2026-12", "--officer", "ai đó") // refused: a flag missing
		text := said.String()
		switch lang {
		case "vi":
			if w := englishWords(text, english, vietnamese); len(w) > 0 {
				t.Errorf("the Vietnamese month holds English words %v in:\n%s", w, text)
			}
		case "en":
			var found []string
			for _, w := range words(text) {
				if hasVietnamese(w) && !data[w] && !allowedVietnamese[w] {
					found = append(found, w)
				}
			}
			if len(found) > 0 {
				t.Errorf("the English month holds Vietnamese words %v in:\n%s", found, text)
			}
		}
	}
}

// allowedVietnamese are Vietnamese words an English text may hold: the official names the
// documents carry whatever the language.
var allowedVietnamese = map[string]bool{}

// withWords adds the words of a text (data the user wrote) to a set of words.
func withWords(set map[string]bool, text string) map[string]bool {
	out := make(map[string]bool, len(set))
	for w := range set {
		out[w] = true
	}
	for _, w := range words(text) {
		out[w] = true
	}
	return out
}

// TestUnfilledReasonInTheDocumentLanguage: why a place is empty is kept unformatted with the
// roster, so the Vietnamese document and a Vietnamese reader get it in Vietnamese, the English
// document in English, after the roster was stored and read back.
func TestUnfilledReasonInTheDocumentLanguage(t *testing.T) {
	c := published(t)
	r := c.roster("--month", "2026-12")
	a, _ := swappable(t, r, "2026-12-07", "2026-12-21")
	c.ok("unassign", "--month", "2026-12", "--post", a.PostID, "--shift", a.ShiftID, "--date", a.Start[:10], "--officer", a.OfficerID, "--reason", "Tòa hoãn phiên")
	cells := func(lang string) string {
		path := filepath.Join(c.dir, "lich-"+lang+".xlsx")
		c.ok("export", "--month", "2026-12", "--format", "xlsx", "--lang", lang, "--out", path)
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var all strings.Builder
		for _, sheet := range f.GetSheetList() {
			rows, _ := f.GetRows(sheet)
			for _, row := range rows {
				all.WriteString(strings.Join(row, " | ") + "\n")
			}
		}
		return all.String()
	}
	if vi := cells("vi"); !strings.Contains(vi, a.OfficerID+" được rút ra theo bản điều chỉnh (Tòa hoãn phiên); chưa có người thay") || strings.Contains(vi, "taken out") {
		t.Errorf("the Vietnamese document's reason:\n%s", vi)
	}
	if en := cells("en"); !strings.Contains(en, a.OfficerID+" was taken out by amendment (Tòa hoãn phiên); nobody is assigned") {
		t.Errorf("the English document's reason:\n%s", en)
	}
	c.env = map[string]string{"DUTYROSTER_LANG": "vi"}
	if show := c.ok("roster", "show", "--month", "2026-12"); !strings.Contains(show, "còn trống: ") || !strings.Contains(show, "được rút ra theo bản điều chỉnh") {
		t.Errorf("roster show in Vietnamese:\n%.3000s", show)
	}
}
