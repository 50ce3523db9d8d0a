package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"dutyroster/internal/app"
	"dutyroster/roster"
)

// TestImportBrokenPlans checks one broken plan file per kind of mistake: the exact messages with
// their lines, exit code 2 and a database left exactly as it was.
func TestImportBrokenPlans(t *testing.T) {
	cases := []struct {
		file string
		want []string // LINE: message, one per problem
	}{
		{"unknown-key", []string{
			`15: officer ls-01 has no "name", which is required`,
			`16: unknown key "nmae" in officer ls-01 (did you mean "name"?); known keys: id, name, role, phone, email, areas, share, max_per_month, active, unavailable`}},
		{"missing-phone", []string{`20: officer ht-01 has no "phone", which is required`}},
		{"missing-shifts", []string{
			`25: post tand-tinh has no "shifts", which is required`,
			`29: unknown key "shift" in post tand-tinh (did you mean "shifts"?); known keys: id, name, kind, area, address, phone, shifts, contacts`}},
		{"duplicate-officer-id", []string{`20: duplicate officer id "tgv-01" (first defined at line 9)`}},
		{"duplicate-post-id", []string{`30: duplicate post id "tand-tinh" (first defined at line 25)`}},
		{"unknown-area-officer", []string{`19: officer ls-01 names unknown area "khu-vuc-9"; areas are: khu-vuc-1`}},
		{"unknown-area-post", []string{`28: post tand-tinh names unknown area "khu-vuc-2"; areas are: khu-vuc-1`}},
		{"bad-role", []string{`22: officer ht-01: unknown role "supporter"; use one of legal_aid_officer, lawyer, collaborator, support`}},
		{"bad-kind", []string{`27: post tand-tinh: unknown kind "courthouse"; use one of court, investigation, detention, other`}},
		{"bad-mode", []string{`34: shift tand-tinh/sang: unknown mode "online"; use in_person or phone`}},
		{"bad-rrule", []string{`31: shift tand-tinh/sang: rrule "FREQ=WEEKY;BYDAY=MO" cannot be parsed: undefined frequency: WEEKY`}},
		{"bad-time", []string{`32: shift tand-tinh/sang start: "25:30" is not a time of the form HH:MM`}},
		{"bad-date", []string{`14: officer tgv-01 unavailability from: 2026-02-30 does not exist: February 2026 has 28 days`}},
		{"from-after-to", []string{`14: officer tgv-01 unavailability: from 2026-02-02 is after to 2026-01-06`}},
		{"need-zero", []string{`35: shift tand-tinh/sang: need must be at least 1, not 0`}},
		{"empty-roles", []string{`36: shift tand-tinh/sang: roles is empty; list who may take this duty`}},
		{"rotation-unknown-officer", []string{`38: shift tand-tinh/sang: order names unknown officer "ls-99"`}},
		{"rotation-ineligible-officer", []string{`38: shift tand-tinh/sang: order names ht-01 (support), who may not take this duty (roles: legal_aid_officer, lawyer)`}},
		{"unknown-timezone", []string{`6: unknown time zone "Asia/Hanoi"; use an IANA name such as Asia/Ho_Chi_Minh`}},
		{"unsupported-version", []string{`2: version 2 is not supported; this program reads version 1`}},
		{"bad-share", []string{`20: officer ls-01 share must be more than 0, not -1`}},
		{"non-utf8", []string{`21: the file is not valid UTF-8 (byte 0xE1); save it as UTF-8`}},
		{"empty", []string{`1: the file is empty; a plan needs at least version, center, officers and posts`}},
		{"only-comments", []string{`1: the file is empty; a plan needs at least version, center, officers and posts`}},
		{"yaml-syntax", []string{`16: YAML syntax error: mapping values are not allowed in this context`}},
		{"tab-indent", []string{`17: a tab is used for indentation; YAML needs spaces`}},
		{"not-a-mapping", []string{`1: a plan must be a mapping of keys (version, center, officers, posts, ...), not a list`}},
		{"daemon-bad-cron", []string{`41: generate cron: "0 8 32 * *" is not a cron spec (minute hour day month weekday, e.g. "0 8 10 * *"): end of range (32) above maximum (31): 32`}},
		{"daemon-impossible-cron", []string{
			`41: unknown notifier kind "pager"; use log, command, webhook or email`,
			`43: deliver cron: "0 8 30 2 *" never fires`}},
		{"huge-numbers", []string{
			`35: shift tand-tinh/sang: need must be at most 20, not 1000000000`,
			`36: shift tand-tinh/sang: backup must be at most 20, not 50`,
			`41: rules notice_working_days must be at most 40, not 2000000000`,
			`42: rules max_per_month must be at most 62, not 100000`,
			`43: rules min_rest_hours must be at most 72, not 1000`,
			`45: daemon catch_up must be at most 744h, not 2000000h`,
			`47: months_ahead must be between 0 and 12, not 2000000000`,
			`47: within_working_days must be between 0 and 40, not 100`,
			`48: remind before must be at most 168h, not 1000h`}},
		{"subdaily-rrule", []string{
			`14: officer tgv-01 unavailability: rrule "FREQ=SECONDLY" repeats within a day; a rule picks days (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY) and start gives the time`,
			`31: shift tand-tinh/sang: rrule "FREQ=HOURLY" repeats within a day; a rule picks days (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY) and start gives the time`}},
		{"extreme-dates", []string{
			`14: officer tgv-01 unavailability from: "0001-01-01" is outside the years 1900 to 2100 that dutyroster handles`,
			`14: officer tgv-01 unavailability to: "9999-12-31" is outside the years 1900 to 2100 that dutyroster handles`,
			`34: shift tand-tinh/sang anchor: "1000-01-01" is outside the years 1900 to 2100 that dutyroster handles`}},
		{"control-characters", []string{
			`16: officer ls-01 name holds a control character (U+001B at byte 14); remove it`,
			`24: officer ht-01 email holds a control character (U+000D at byte 5); remove it`}},
		{"bad-signer", []string{
			`9: center document_code "TB-TGPL" does not go with document_type plan: its code must start with KH- (as in KH-TGPL)`,
			`10: center signer authority "KT": use KT. (a deputy), TL. or TUQ. (by delegation), Q. (acting) or TM. (on behalf of a collective body)`}},
		{"signer-without-for", []string{`9: center signer: authority KT. needs for: whom the signer signs for (as in KT. Giám đốc)`}},
		{"several-problems", []string{
			`12: officer tgv-01: phone "call me" holds 'c'; use digits, spaces, dots and dashes`,
			`22: officer ht-01: unknown role "boss"; use one of legal_aid_officer, lawyer, collaborator, support`,
			`35: shift tand-tinh/sang: need must be at least 1, not -2`}},
	}
	c := withSample(t)
	before := c.snapshot()
	seen := map[string]bool{}
	english, vietnamese := catalogueWords()
	for _, k := range roster.PlanKeyNames() {
		vietnamese[strings.ToLower(k)] = true // the plan's keys read the same in both languages
	}
	for _, k := range []string{"court", "investigation", "detention", "other", "balanced", "rotation", "skip", "keep", "phone", "person"} {
		vietnamese[k] = true // and so do the values it takes
	}
	for _, tc := range cases {
		seen[tc.file+".yaml"] = true
		t.Run(tc.file, func(t *testing.T) {
			path := repoFile("testdata", "plans", "broken", tc.file+".yaml")
			out, errOut, code := c.run("import", path)
			if code != 2 {
				t.Errorf("exit code %d, want 2", code)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
			var want []string
			for _, w := range tc.want {
				want = append(want, path+":"+w)
			}
			noun := "problems"
			if len(tc.want) == 1 {
				noun = "problem"
			}
			want = append(want, "Error: "+path+" has "+strconv.Itoa(len(tc.want))+" "+noun+"; nothing was imported")
			if got := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("stderr:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			// The same in Vietnamese: each problem at the same place, said in Vietnamese.
			c.env = map[string]string{"DUTYROSTER_LANG": "vi"}
			_, viOut, code := c.run("import", path)
			c.env = nil
			vi := strings.Split(strings.TrimSuffix(viOut, "\n"), "\n")
			if code != 2 || len(vi) != len(want) || !strings.HasPrefix(vi[len(vi)-1], "Lỗi: "+path+" có ") {
				t.Errorf("in Vietnamese: exit %d\n%s", code, viOut)
			} else {
				for i, w := range want[:len(want)-1] {
					place := w[:len(path)+strings.Index(w[len(path)+1:], ":")+2]
					if !strings.HasPrefix(vi[i], place) || vi[i] == w {
						t.Errorf("in Vietnamese, problem %d is %q; the English is %q", i+1, vi[i], w)
					}
				}
				plan, _ := os.ReadFile(path)
				// The YAML and cron libraries' own words are quoted as they say them.
				quoting := tc.file == "yaml-syntax" || tc.file == "daemon-bad-cron"
				if w := englishWords(viOut, english, withWords(vietnamese, string(plan))); len(w) > 0 && !quoting {
					t.Errorf("in Vietnamese, English words %v in:\n%s", w, viOut)
				}
			}
			c.assertUnchanged(before)
		})
	}
	// Every broken file in the folder has a case.
	files, _ := filepath.Glob(repoFile("testdata", "plans", "broken", "*.yaml"))
	for _, f := range files {
		if !seen[filepath.Base(f)] {
			t.Errorf("%s has no test case", f)
		}
	}
	if len(cases) < 20 {
		t.Errorf("only %d broken plans", len(cases))
	}
}

func TestImportTwiceChangesNothing(t *testing.T) {
	c := withSample(t)
	before := c.snapshot()
	out := c.ok("import", samplePlan)
	if !strings.Contains(out, "no changes") {
		t.Errorf("second import said %q", out)
	}
	c.assertUnchanged(before)
	if len(before["officers"]) != 37 || len(before["posts"]) != 15 || len(before["areas"]) != 4 {
		t.Errorf("imported %d officers, %d posts, %d areas", len(before["officers"]), len(before["posts"]), len(before["areas"]))
	}
}

func TestImportEditedPlanUpdatesByID(t *testing.T) {
	c := withSample(t)
	data, err := os.ReadFile(samplePlan)
	if err != nil {
		t.Fatal(err)
	}
	edited := string(data)
	// tgv-02 changes phone; ls-10 leaves the file; a new officer arrives; post bdbp-tinh leaves.
	edited = strings.Replace(edited, `phone: "0913 221 045"`, `phone: "0913 000 111"`, 1)
	edited = strings.Replace(edited, "  - id: ls-10\n    name: Thái Bảo Long\n    role: lawyer\n    phone: \"0982 301 654\"\n",
		"  - id: ls-11\n    name: Phó Đức Nghĩa\n    role: lawyer\n    phone: \"0982 301 999\"\n", 1)
	edited = strings.Replace(edited, "order: [ls-01, ls-03, ls-06, ls-08, ls-10]", "order: [ls-01, ls-03, ls-06, ls-08, ls-11]", 1)
	i := strings.Index(edited, "  - id: bdbp-tinh")
	j := strings.Index(edited, "  - id: tru-so")
	edited = edited[:i] + edited[j:]
	path := filepath.Join(c.dir, "edited.yaml")
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	c.ok("leave", "add", "--officer", "tgv-02", "--from", "2026-12-01", "--to", "2026-12-03", "--reason", "Nghỉ ốm")
	before := c.snapshot()
	dry := c.ok("import", "--dry-run", path)
	for _, want := range []string{"would be updated officer tgv-02 (phone)", "would be added officer ls-11",
		"would be deactivated officer ls-10", "would be deactivated post bdbp-tinh", "would be updated post andt-tinh (shifts)", "dry run: nothing was written"} {
		if !strings.Contains(dry, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, dry)
		}
	}
	c.assertUnchanged(before)
	c.ok("import", path)
	var officers []app.OfficerJSON
	if err := json.Unmarshal([]byte(c.ok("officer", "list", "--all", "--output", "json")), &officers); err != nil {
		t.Fatal(err)
	}
	byID := map[string]app.OfficerJSON{}
	for _, o := range officers {
		byID[o.ID] = o
	}
	if byID["tgv-02"].Phone != "0913 000 111" || !byID["ls-11"].Active || byID["ls-10"].Active || len(byID) != 38 {
		t.Errorf("after import: tgv-02 %+v, ls-11 %+v, ls-10 %+v, %d officers", byID["tgv-02"], byID["ls-11"], byID["ls-10"], len(byID))
	}
	// The leave given on the command line survived.
	found := false
	for _, u := range byID["tgv-02"].Unavailable {
		found = found || (u.Source == "cli" && u.From == "2026-12-01" && u.Reason == "Nghỉ ốm")
	}
	if !found {
		t.Errorf("command-line leave lost: %+v", byID["tgv-02"].Unavailable)
	}
	// Importing the original again reactivates what came back.
	out := c.ok("import", samplePlan)
	for _, want := range []string{"reactivated officer ls-10", "reactivated post bdbp-tinh", "deactivated officer ls-11"} {
		if !strings.Contains(out, want) {
			t.Errorf("re-import lacks %q:\n%s", want, out)
		}
	}
}

func TestImportNormalisesToNFC(t *testing.T) {
	c := newCLI(t)
	c.ok("init")
	data, err := os.ReadFile(repoFile("testdata", "plans", "small.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// "Nguyễn" written with combining marks (NFD), as some Mac editors save it.
	nfd := strings.Replace(string(data), "Nguyễn Thị Hồng Nhung", "Nguye\u0302\u0303n Thi\u0323 Ho\u0302\u0300ng Nhung", 1)
	path := filepath.Join(c.dir, "nfd.yaml")
	os.WriteFile(path, []byte(nfd), 0o644)
	c.ok("import", path)
	out := c.ok("officer", "show", "tgv-01", "--output", "json")
	if !strings.Contains(out, `"name": "Nguyễn Thị Hồng Nhung"`) {
		t.Errorf("name not normalised to NFC: %s", out)
	}
	// The same file in NFC is then no change at all.
	if out := c.ok("import", repoFile("testdata", "plans", "small.yaml")); !strings.Contains(out, "no changes") {
		t.Errorf("NFC and NFD differ after import: %s", out)
	}
}
