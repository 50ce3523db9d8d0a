package export

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"dutyroster/roster"
)

// officerCalendar is one officer's calendar of the sample, with one duty cancelled: the
// officer's own duties only, the whole version beside them.
func officerCalendar(t *testing.T, officer string) (*Document, []byte) {
	t.Helper()
	d := sampleDoc(t)
	all := d.Roster.Assignments
	var mine []roster.Assignment
	for _, a := range all {
		if a.OfficerID == officer {
			mine = append(mine, a)
		}
	}
	r := *d.Roster
	r.Assignments, r.Unfilled = mine, nil
	d.Roster, d.All, d.Full = &r, all, false
	// A duty of an earlier version, at a slot another officer now holds.
	for _, a := range all {
		if a.OfficerID != officer && a.Role == roster.Duty {
			gone := a
			gone.OfficerID = officer
			d.Cancelled = []roster.Assignment{gone}
			break
		}
	}
	var buf bytes.Buffer
	if err := NewICSEncoder(&buf).Encode(d); err != nil {
		t.Fatal(err)
	}
	return d, buf.Bytes()
}

// TestICSLines checks the file line by line against RFC 5545 section 3.1: every line ends in
// CRLF, no line is longer than 75 octets, a folded line goes on with one space, and folding
// never splits a character.
func TestICSLines(t *testing.T) {
	_, data := officerCalendar(t, "tgv-02")
	if !bytes.HasSuffix(data, []byte("END:VCALENDAR\r\n")) {
		t.Error("the calendar does not end with END:VCALENDAR CRLF")
	}
	lines := bytes.Split(data, []byte("\r\n"))
	if len(lines[len(lines)-1]) != 0 {
		t.Error("text after the last CRLF")
	}
	folded := 0
	for i, line := range lines[:len(lines)-1] {
		if bytes.ContainsAny(line, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if len(line) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
		if !utf8.Valid(line) {
			t.Errorf("line %d splits a character: %q", i+1, line)
		}
		if len(line) > 0 && line[0] == ' ' {
			folded++
		} else if !bytes.Contains(line, []byte(":")) {
			t.Errorf("line %d is neither a property nor a continuation: %q", i+1, line)
		}
	}
	if folded == 0 {
		t.Error("no folded lines: the long Vietnamese descriptions should fold")
	}
}

// TestICSPartnersAndCancelled: an officer's own calendar names who else is on duty in each slot
// with their phone, and a cancelled duty names nobody new.
func TestICSPartnersAndCancelled(t *testing.T) {
	d, data := officerCalendar(t, "ls-06")
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	partners, cancelled := 0, 0
	for _, ev := range cal.Events() {
		desc := ev.GetProperty(ics.ComponentPropertyDescription).Value
		desc = strings.ReplaceAll(desc, `\n`, "\n")
		status := ev.GetProperty(ics.ComponentPropertyStatus).Value
		if status == "CANCELLED" {
			cancelled++
			if strings.Contains(desc, "Người hỗ trợ trực:") || strings.Count(desc, "Người trực:") > 1 {
				t.Errorf("a cancelled event names others: %q", desc)
			}
			continue
		}
		start, _ := ev.GetStartAt()
		for _, a := range d.All {
			if a.OfficerID == "ls-06" || !a.Start.Equal(start) {
				continue
			}
			mine := false
			for _, m := range d.Roster.Assignments {
				if m.PostID == a.PostID && m.ShiftID == a.ShiftID && m.Start.Equal(a.Start) {
					mine = true
				}
			}
			if !mine {
				continue
			}
			o := d.officer(a.OfficerID)
			if !strings.Contains(desc, o.Name+", "+o.Phone) {
				t.Errorf("event at %s does not name partner %s: %q", start, o.Name, desc)
			}
			partners++
		}
	}
	if partners == 0 || cancelled != 1 {
		t.Errorf("%d partners named, %d cancelled events; the sample gives ls-06 partners and one cancelled duty", partners, cancelled)
	}
}

// TestICSReadByPythonIcalendar has an independent reader (Debian's python3-icalendar) parse the
// file and list its events.
func TestICSReadByPythonIcalendar(t *testing.T) {
	// Debian's python3 carries Debian's modules; a python3 of one's own earlier on PATH may not.
	python := "/usr/bin/python3"
	if _, err := os.Stat(python); err != nil {
		python = needTool(t, "python3", "python3-icalendar")
	}
	if err := exec.Command(python, "-c", "import icalendar").Run(); err != nil {
		missingTool(t, "python3-icalendar")
	}
	_, data := officerCalendar(t, "ls-06")
	path := filepath.Join(t.TempDir(), "cal.ics")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for ev in cal.walk('VEVENT'):
    print(ev['UID'], ev['STATUS'], ev['DTSTART'].dt.isoformat(), str(ev['SUMMARY']))
`
	out, err := exec.Command(python, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python3-icalendar: %v\n%s", err, out)
	}
	got := strings.Split(strings.TrimSpace(string(out)), "\n")
	want := bytes.Count(data, []byte("BEGIN:VEVENT"))
	if len(got) != want || !strings.Contains(string(out), "CANCELLED") || !strings.Contains(string(out), "Trực TGPL: ") {
		t.Errorf("python3-icalendar read %d events of %d:\n%s", len(got), want, out)
	}
}

// needTool finds a program the test needs, or skips; with DUTYROSTER_REQUIRE_TOOLS set (CI)
// a missing program fails the test instead.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		missingTool(t, pkg)
	}
	return path
}

func missingTool(t *testing.T, pkg string) {
	t.Helper()
	msg := "needs Debian's " + pkg + " (apt-get install " + pkg + ")"
	if os.Getenv("DUTYROSTER_REQUIRE_TOOLS") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}
