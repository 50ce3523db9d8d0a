package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"dutyroster/internal/app"
)

func TestOfficerListVietnameseOrder(t *testing.T) {
	c := newCLI(t)
	c.ok("init")
	c.ok("import", repoFile("testdata", "plans", "small.yaml"))
	// Names chosen so that byte order and Vietnamese order differ.
	for i, name := range []string{"Đỗ", "Bình", "Ánh", "Đặng", "Dương", "An"} {
		c.ok("officer", "add", "x-"+string(rune('a'+i)), "--name", name, "--role", "lawyer", "--phone", "0900 000 00"+string(rune('0'+i)))
	}
	var got []app.OfficerJSON
	if err := json.Unmarshal([]byte(c.ok("officer", "list", "--role", "lawyer", "--output", "json")), &got); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range got {
		if strings.HasPrefix(o.ID, "x-") {
			names = append(names, o.Name)
		}
	}
	if want := "An, Ánh, Bình, Dương, Đặng, Đỗ"; strings.Join(names, ", ") != want {
		t.Errorf("order %q, want %q", strings.Join(names, ", "), want)
	}
}

func TestOfficerListFormats(t *testing.T) {
	c := withSample(t)
	table := c.ok("officer", "list")
	lines := strings.Split(strings.TrimSpace(table), "\n")
	if len(lines) != 37 { // 36 active officers and the header
		t.Errorf("table has %d lines, want 37", len(lines))
	}
	if !strings.HasPrefix(lines[0], "ID ") || !strings.Contains(lines[0], "NAME") {
		t.Errorf("header %q", lines[0])
	}
	// Columns line up: NAME starts at the same rune offset on every line.
	col := strings.Index(lines[0], "NAME")
	for _, l := range lines[1:] {
		r := []rune(l)
		if r[col-1] != ' ' || r[col] == ' ' {
			t.Errorf("misaligned row %q", l)
		}
	}
	var js []app.OfficerJSON
	if err := json.Unmarshal([]byte(c.ok("officer", "list", "--all", "-o", "json")), &js); err != nil {
		t.Fatal(err)
	}
	if len(js) != 37 {
		t.Fatalf("json has %d officers", len(js))
	}
	var raw []map[string]any
	json.Unmarshal([]byte(c.ok("officer", "list", "--all", "-o", "json")), &raw)
	for _, key := range []string{"id", "name", "role", "phone", "email", "areas", "share", "max_per_month", "active", "unavailable"} {
		if _, ok := raw[0][key]; !ok {
			t.Errorf("json lacks key %q: %v", key, raw[0])
		}
	}
	for _, o := range js {
		if o.ID == "tgv-10" && (o.Share != 500 || len(o.Unavailable) != 1) {
			t.Errorf("tgv-10: %+v", o)
		}
		if o.ID == "ctv-05" && o.Active {
			t.Error("ctv-05 should be inactive")
		}
	}
	// Like every CSV of dutyroster, with the byte-order mark that makes Excel read UTF-8.
	out, bom := strings.CutPrefix(c.ok("officer", "list", "-o", "csv"), "\ufeff")
	if !bom {
		t.Error("the CSV has no byte-order mark")
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 37 || rows[0][0] != "id" || rows[0][1] != "name" {
		t.Errorf("csv: %d rows, header %v", len(rows), rows[0])
	}
	errOut := c.fail(2, "officer", "list", "--format", "xml")
	if errOut != "Error: unknown --format \"xml\"; use table, json or csv\n" {
		t.Errorf("stderr %q", errOut)
	}
	// The old -o/--output still works, with a note naming the new flag.
	if out, errOut, code := c.run("officer", "list", "-o", "json"); code != 0 || !strings.HasPrefix(out, "[") ||
		errOut != "note: --output is now --format (the old name still works)\n" {
		t.Errorf("old -o: exit %d, stderr %q", code, errOut)
	}
}

func TestOfficerAddSetDeactivate(t *testing.T) {
	c := withSample(t)
	c.ok("officer", "add", "ls-20", "--name", "Phó Đức Nghĩa", "--role", "lawyer", "--phone", "0982 301 999", "--areas", "khu-vuc-1,khu-vuc-2", "--share", "0.75")
	out := c.ok("officer", "show", "ls-20", "-o", "json")
	var o app.OfficerJSON
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatal(err)
	}
	if o.Name != "Phó Đức Nghĩa" || o.Share != 750 || len(o.Areas) != 2 || o.Source != "cli" {
		t.Errorf("added %+v", o)
	}
	before := c.snapshot()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"officer", "add", "ls-20", "--name", "X", "--role", "lawyer", "--phone", "0900"}, `Error: an officer with id "ls-20" already exists; change it with ` + "`dutyroster officer set ls-20`\n"},
		{[]string{"officer", "add", "ls-21", "--name", "X", "--role", "judge", "--phone", "0900"}, `Error: officer ls-21: unknown role "judge"; use one of legal_aid_officer, lawyer, collaborator, support` + "\n"},
		{[]string{"officer", "add", "ls-21", "--name", "X", "--role", "lawyer"}, "Error: officer add needs --phone\n"},
		{[]string{"officer", "add", "ls-21", "--name", "X", "--role", "lawyer", "--phone", "0900", "--areas", "khu-vuc-9"}, `Error: officer ls-21: unknown area "khu-vuc-9"` + "\n"},
		{[]string{"officer", "add", "LS 21", "--name", "X", "--role", "lawyer", "--phone", "0900"}, `Error: officer LS 21: id "LS 21" may hold only a-z, 0-9 and '-'` + "\n"},
		{[]string{"officer", "set", "nobody", "--phone", "0900"}, "Error: no officer has the id or name \"nobody\"; `dutyroster officer list` shows them\n"},
		{[]string{"officer", "set", "ls-20", "--share", "abc"}, `Error: --share: "abc" is not a number with at most three decimals` + "\n"},
		{[]string{"officer", "set", "ls-20"}, "Error: officer set needs at least one field to change, e.g. --phone\n"},
		{[]string{"officer", "show"}, "Error: dutyroster officer show takes 1 argument(s), got 0; usage: dutyroster officer show ID [flags]\n"},
		{[]string{"officer", "list", "--bogus"}, "Error: unknown flag: --bogus (see `dutyroster officer list --help`)\n"},
	} {
		if got := c.fail(2, tc.args...); got != tc.want {
			t.Errorf("%v:\n got %q\nwant %q", tc.args, got, tc.want)
		}
	}
	c.assertUnchanged(before)
	out = c.ok("officer", "set", "ls-20", "--phone", "0982 000 000", "--max-per-month", "6")
	if !strings.Contains(out, "0982 000 000") {
		t.Errorf("set said %q", out)
	}
	_, errOut, _ := c.run("officer", "set", "tgv-01", "--phone", "0912 000 000")
	if !strings.Contains(errOut, "comes from the plan file") {
		t.Errorf("no note about the plan file: %q", errOut)
	}
	c.ok("officer", "deactivate", "ls-20")
	if strings.Contains(c.ok("officer", "list"), "ls-20") {
		t.Error("deactivated officer still listed")
	}
	if !strings.Contains(c.ok("officer", "list", "--all"), "ls-20") {
		t.Error("deactivated officer missing from --all")
	}
	// A re-import leaves the command-line officer alone.
	c.ok("import", samplePlan)
	if o := c.ok("officer", "show", "ls-20", "-o", "json"); !strings.Contains(o, `"phone": "0982 000 000"`) {
		t.Errorf("re-import changed ls-20: %s", o)
	}
}

func TestLeaveAddListRemove(t *testing.T) {
	c := withSample(t)
	out := c.ok("leave", "add", "--officer", "tgv-05", "--from", "2026-12-10", "--to", "2026-12-12", "--reason", "Nghỉ ốm")
	if !strings.HasPrefix(out, "added leave #") {
		t.Fatalf("leave add said %q", out)
	}
	c.ok("leave", "add", "--officer", "tgv-05", "--from", "2026-12-15T13:30", "--to", "2026-12-15T17:00", "--reason", "Xét xử")
	var list []app.LeaveJSON
	if err := json.Unmarshal([]byte(c.ok("leave", "list", "--officer", "tgv-05", "-o", "json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].From != "2026-12-10" || list[0].To != "2026-12-12" || list[1].From != "2026-12-15T13:30" || list[0].Source != "cli" {
		t.Fatalf("leave list: %+v", list)
	}
	// Month filter keeps recurring windows and drops other months.
	var dec []app.LeaveJSON
	json.Unmarshal([]byte(c.ok("leave", "list", "--month", "2026-02", "-o", "json")), &dec)
	for _, l := range dec {
		if l.RRule == "" && !strings.HasPrefix(l.From, "2026-02") && !strings.HasPrefix(l.To, "2026-02") {
			t.Errorf("2026-02 lists %+v", l)
		}
	}
	before := c.snapshot()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"leave", "add", "--officer", "tgv-05", "--from", "2026-12-12", "--to", "2026-12-10"}, "Error: --from 2026-12-12 is after --to 2026-12-10\n"},
		{[]string{"leave", "add", "--officer", "tgv-05", "--from", "2026-02-30"}, `Error: --from: 2026-02-30 does not exist: February 2026 has 28 days` + "\n"},
		{[]string{"leave", "add", "--officer", "nobody", "--from", "2026-12-01"}, "Error: --officer: no officer has the id or name \"nobody\"; `dutyroster officer list` shows them\n"},
		{[]string{"leave", "add", "--from", "2026-12-01"}, "Error: leave add needs --officer\n"},
		{[]string{"leave", "remove", "99999"}, "Error: no leave with id 99999; `dutyroster leave list` shows them\n"},
		{[]string{"leave", "remove", "abc"}, "Error: \"abc\" is not a leave id; `dutyroster leave list` shows them\n"},
	} {
		if got := c.fail(2, tc.args...); got != tc.want {
			t.Errorf("%v:\n got %q\nwant %q", tc.args, got, tc.want)
		}
	}
	// Plan leave cannot be removed from the command line.
	var tgv01 []app.LeaveJSON
	json.Unmarshal([]byte(c.ok("leave", "list", "--officer", "tgv-01", "-o", "json")), &tgv01)
	if got := c.fail(2, "leave", "remove", itoa64(tgv01[0].ID)); !strings.Contains(got, "comes from the plan file") {
		t.Errorf("removing plan leave: %q", got)
	}
	c.assertUnchanged(before)
	// Leave survives a re-import, then goes with remove.
	c.ok("import", samplePlan)
	c.ok("leave", "remove", itoa64(list[0].ID))
	var after []app.LeaveJSON
	json.Unmarshal([]byte(c.ok("leave", "list", "--officer", "tgv-05", "-o", "json")), &after)
	if len(after) != 1 || after[0].ID != list[1].ID {
		t.Errorf("after remove: %+v", after)
	}
}

func TestPostListAndShow(t *testing.T) {
	c := withSample(t)
	var posts []app.PostJSON
	if err := json.Unmarshal([]byte(c.ok("post", "list", "-o", "json")), &posts); err != nil {
		t.Fatal(err)
	}
	if len(posts) != 15 {
		t.Fatalf("%d posts", len(posts))
	}
	// Vietnamese order: "Bộ Chỉ huy" before "Buồng" (ô < u), "Chi nhánh" before "Cơ quan" (h < ơ).
	idx := map[string]int{}
	for i, p := range posts {
		idx[p.ID] = i
	}
	if !(idx["bdbp-tinh"] < idx["btg-sa-dec"] && idx["chi-nhanh-hong-ngu"] < idx["andt-tinh"]) {
		t.Errorf("post order: %v", idx)
	}
	out := c.ok("post", "show", "csdt-tinh", "-o", "json")
	var p app.PostJSON
	json.Unmarshal([]byte(out), &p)
	if len(p.Shifts) != 1 || p.Shifts[0].Start != "07:00" || p.Shifts[0].End != "07:00" || p.Shifts[0].Backup != 1 || p.Shifts[0].Mode != "phone" {
		t.Errorf("csdt-tinh: %+v", p)
	}
	if got := c.fail(2, "post", "show", "nowhere"); got != "Error: no post with id \"nowhere\"; `dutyroster post list` shows them\n" {
		t.Errorf("stderr %q", got)
	}
	csvOut := c.ok("post", "list", "-o", "csv")
	rows, err := csv.NewReader(strings.NewReader(csvOut)).ReadAll()
	if err != nil || len(rows) != 16 {
		t.Errorf("csv: %v, %d rows", err, len(rows))
	}
	// A post's shifts as CSV are only the CSV: the heading the table prints above them would
	// break a spreadsheet's import.
	rows, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(c.ok("post", "show", "csdt-tinh", "--format", "csv"), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 2 || rows[0][0] != "shift" || rows[1][5] != "phone" {
		t.Errorf("post show csv: %v, %q", err, rows)
	}
}

func TestVersionAndCompletion(t *testing.T) {
	c := newCLI(t)
	if out := c.ok("version"); !strings.HasPrefix(out, "dutyroster ") {
		t.Errorf("version: %q", out)
	}
	out := c.ok("completion", "bash")
	if !strings.Contains(out, "__start_dutyroster") {
		t.Errorf("completion bash does not look like a bash script: %.200s", out)
	}
	if got := c.fail(2, "frobnicate"); !strings.HasPrefix(got, `Error: unknown command "frobnicate" for "dutyroster"`) {
		t.Errorf("unknown command: %q", got)
	}
}

func itoa64(n int64) string { return strings.TrimSpace(jsonNumber(n)) }

func jsonNumber(n int64) string { b, _ := json.Marshal(n); return string(b) }
