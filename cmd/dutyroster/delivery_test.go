package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"dutyroster/internal/app"
	"dutyroster/store"
)

// withContacts imports the sample with contacts for the provincial court, so that deliveries
// and digests have someone to send to.
func withContacts(t *testing.T) *cli {
	c := withSample(t)
	plan := strings.Replace(string(mustRead(t, samplePlan)), `    phone: "0273 3872 000"
    shifts:`, `    phone: "0273 3872 000"
    contacts: [{name: Thư ký Tòa án, email: thuky@toaan.dongthap.gov.vn, phone: "0273 3872 001"}]
    shifts:`, 1)
	path := filepath.Join(c.dir, "plan.yaml")
	os.WriteFile(path, []byte(plan), 0o644)
	c.ok("import", path)
	return c
}

// TestDeliveryNewestOnlyAndChangedPostsOnly: five published versions waiting deliver one, the
// others recorded as superseded; then an amendment that moves one duty at one post delivers that
// post's file (and the Center's), tells the post what changed, and tells exactly the two
// officers concerned, once, across daemon restarts.
func TestDeliveryNewestOnlyAndChangedPostsOnly(t *testing.T) {
	c := withContacts(t)
	ctx := context.Background()
	c.ok("generate", "--month", "2027-01")
	c.ok("publish", "--month", "2027-01", "--allow-unfilled")
	r := c.roster("--month", "2027-01")
	// Four amendments: versions 2 to 5.
	for i := 0; i < 4; i++ {
		a, b := swappable(t, c.roster("--month", "2027-01"), "2027-01-01", "2027-01-15")
		c.ok("swap", "--month", "2027-01", "--officer", a.OfficerID, "--date", a.Start[:10], "--with", b.OfficerID, "--with-date", b.Start[:10], "--reason", "Đổi ca")
	}
	c.once("2026-12-20 10:00")
	db := c.store()
	delivered, _ := db.Deliveries(ctx)
	if len(delivered) != 1 || delivered[0][1] != "5" {
		t.Fatalf("delivered: %v", delivered)
	}
	if entries, _ := os.ReadDir(filepath.Join(c.dir, "outbox", "2027-01")); len(entries) != 1 || entries[0].Name() != "v5" {
		t.Errorf("outbox: %v", entries)
	}
	posts, _ := db.Notifications(ctx, "post-roster")
	if len(posts) != 1 || posts[0].Message.PostID != "tand-tinh" || len(posts[0].Message.Attachments) != 1 ||
		!strings.HasSuffix(posts[0].Message.Attachments[0], "lich-truc-2027-01-tand-tinh.xlsx") {
		t.Fatalf("post messages: %+v", posts)
	}
	// One duty moves from one officer to another at one post.
	r = c.roster("--month", "2027-01")
	var moved = r.Assignments[0]
	for _, x := range r.Assignments {
		if x.PostID == "tand-tinh" && x.Start[:10] >= "2027-01-10" {
			moved = x
			break
		}
	}
	before, _ := db.Notifications(ctx, "changed")
	out := c.ok("replace", "--month", "2027-01", "--officer", moved.OfficerID, "--from", moved.Start[:10], "--reason", "Ốm", "--yes")
	for _, at := range []string{"2026-12-21 10:00", "2026-12-21 10:10", "2026-12-22 10:00"} {
		c.once(at) // a daemon run, a restart, another
	}
	delivered, _ = db.Deliveries(ctx)
	if len(delivered) != 2 || delivered[1][1] != "6" || strings.Count(delivered[1][2], `"file"`) != 2 {
		t.Fatalf("after the amendment: %v", delivered)
	}
	changed, _ := db.Notifications(ctx, "changed")
	changed = changed[len(before):]
	who := map[string]int{}
	for _, n := range changed {
		who[n.Message.OfficerID]++
		if n.Status != "sent" {
			t.Errorf("notice %+v not sent", n)
		}
	}
	if len(who) != 2 || who[moved.OfficerID] != 1 {
		t.Errorf("officers told: %v (replace said %q)", who, out)
	}
	posts, _ = db.Notifications(ctx, "post-roster")
	last := posts[len(posts)-1].Message
	if len(posts) != 2 || !strings.Contains(last.Body, "bản 6 thay bản 5") || !strings.Contains(last.Body, " thay ") {
		t.Errorf("the post's message: %+v", last)
	}
}

// TestQuarterOfLateChanges plays a quarter in which leave keeps arriving after publishing:
// most is fixed by a replacement, some is not, officers are deactivated, and the daemon runs
// between. At every instant looked at, now names nobody as able to serve who is on leave or
// inactive; every amendment tells each officer it touched exactly once.
func TestQuarterOfLateChanges(t *testing.T) {
	c := withContacts(t)
	ctx := context.Background()
	months := []string{"2027-01", "2027-02", "2027-03"}
	for _, m := range months {
		c.ok("generate", "--month", m)
		c.ok("publish", "--month", m, "--allow-unfilled")
	}
	rng := rand.New(rand.NewPCG(5, 9))
	leaveDays := map[string]map[string]bool{} // officer -> days
	inactive := map[string]bool{}
	wantNotices := map[string]int{}
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	c.now = time.Date(2026, 12, 20, 9, 0, 0, 0, loc)
	for step := 0; step < 14; step++ {
		m := months[rng.IntN(len(months))]
		r := c.roster("--month", m)
		a := r.Assignments[rng.IntN(len(r.Assignments))]
		day := a.Start[:10]
		if inactive[a.OfficerID] {
			continue
		}
		if rng.IntN(8) == 0 {
			c.ok("officer", "deactivate", a.OfficerID)
			inactive[a.OfficerID] = true
		} else {
			c.ok("leave", "add", "--officer", a.OfficerID, "--from", day, "--reason", "Ốm")
			if leaveDays[a.OfficerID] == nil {
				leaveDays[a.OfficerID] = map[string]bool{}
			}
			leaveDays[a.OfficerID][day] = true
		}
		if rng.IntN(3) > 0 && !inactive[a.OfficerID] {
			v := c.roster("--month", m).Version
			if _, _, code := c.run("replace", "--month", m, "--officer", a.OfficerID, "--from", day, "--reason", "Ốm", "--yes"); code == 0 {
				var diff []app.ChangeJSON
				json.Unmarshal([]byte(c.ok("roster", "diff", "--month", m, "--from", fmt.Sprint(v), "--to", fmt.Sprint(v+1), "-o", "json")), &diff)
				touched := map[string]bool{}
				for _, d := range diff {
					touched[d.FromOfficer], touched[d.ToOfficer] = true, true
				}
				delete(touched, "")
				for o := range touched {
					wantNotices[o]++
				}
			}
		}
		c.once(c.now.Add(time.Duration(step) * time.Hour).Format("2006-01-02 15:04"))
		// Look at a few instants of the quarter.
		for k := 0; k < 6; k++ {
			at := time.Date(2027, time.Month(1+rng.IntN(3)), 1+rng.IntN(28), rng.IntN(24), 0, 0, 0, loc)
			j := c.nowAt("--at", at.Format("2006-01-02 15:04"))
			for _, p := range j.Posts {
				for _, d := range p.OnDuty {
					if d.Absent != "" {
						continue
					}
					if inactive[d.OfficerID] || leaveDays[d.OfficerID][at.Format("2006-01-02")] {
						t.Fatalf("step %d: now at %s names %s at %s as on duty, who is on leave or inactive", step, at, d.OfficerID, p.PostID)
					}
				}
			}
		}
	}
	db := c.store()
	notices, _ := db.Notifications(ctx, "changed")
	got := map[string]int{}
	for _, n := range notices {
		got[n.Message.OfficerID]++
	}
	if !reflect.DeepEqual(got, wantNotices) {
		t.Errorf("notices per officer %v, want %v", got, wantNotices)
	}
	if len(wantNotices) == 0 {
		t.Error("no amendment was made: the test proves nothing")
	}
}

// TestReminderOfRemovedDutyIsCancelled: a reminder still waiting in the outbox for a duty an
// amendment takes away is cancelled, never sent.
func TestReminderOfRemovedDutyIsCancelled(t *testing.T) {
	c := published(t)
	ctx := context.Background()
	a := c.roster("--month", "2026-12").Assignments[0]
	db := c.store()
	if err := db.Enqueue(ctx, []string{"log"}, []store.Message{{Kind: "reminder", OfficerID: a.OfficerID, PostID: a.PostID,
		Start: a.Start, Subject: "Nhắc lịch trực"}}); err != nil {
		t.Fatal(err)
	}
	c.ok("unassign", "--month", "2026-12", "--post", a.PostID, "--date", a.Start[:10], "--officer", a.OfficerID, "--reason", "Hoãn phiên")
	ns, _ := db.Notifications(ctx, "reminder")
	if len(ns) != 1 || ns[0].Status != "cancelled" || !strings.Contains(ns[0].LastError, "taken away by version 2") {
		t.Errorf("reminder: %+v", ns)
	}
}

// TestDigest: the digest job sends the court's contacts who is on duty today and tonight with
// phones, and the coordinators the open conflicts.
func TestDigest(t *testing.T) {
	c := withContacts(t)
	plan := strings.Replace(string(mustRead(t, filepath.Join(c.dir, "plan.yaml"))), `    remind: {cron: "*/15 * * * *", before: 18h}`,
		`    remind: {cron: "*/15 * * * *", before: 18h}
    digest: {cron: "0 7 * * *"}`, 1)
	os.WriteFile(filepath.Join(c.dir, "plan.yaml"), []byte(plan), 0o644)
	c.ok("import", filepath.Join(c.dir, "plan.yaml"))
	c.ok("generate", "--month", "2027-01")
	c.ok("publish", "--month", "2027-01", "--allow-unfilled")
	r := c.roster("--month", "2027-01")
	var a = r.Assignments[0]
	for _, x := range r.Assignments {
		if x.PostID == "tand-tinh" && x.Start[:10] == "2027-01-05" {
			a = x
		}
	}
	c.ok("leave", "add", "--officer", a.OfficerID, "--from", "2027-01-05", "--reason", "Ốm")
	c.once("2027-01-05 07:00")
	ns, _ := c.store().Notifications(context.Background(), "digest")
	if len(ns) != 1 || ns[0].Message.PostID != "tand-tinh" || !strings.Contains(ns[0].Message.Body, "không trực được: unavailable: Ốm") {
		t.Errorf("digest: %+v", ns)
	}
	cs, _ := c.store().Notifications(context.Background(), "conflicts")
	if len(cs) != 1 || !strings.Contains(cs[0].Message.Body, "dutyroster replace --month 2027-01 --officer "+a.OfficerID) {
		t.Errorf("conflicts message: %+v", cs)
	}
}
