package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"dutyroster/internal/app"
	"dutyroster/roster"
	"dutyroster/roster/msg"
	"dutyroster/store"
)

// TestMain lets a test start this test binary as a dutyroster process (for the daemon), and
// checks after all tests that every message they reached, in either language, has its
// Vietnamese in the catalogue.
func TestMain(m *testing.M) {
	if args := os.Getenv("DUTYROSTER_RUN"); args != "" {
		var argv []string
		if err := json.Unmarshal([]byte(args), &argv); err != nil {
			panic(err)
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, argv, defaultEnv())
		stop()
		os.Exit(code)
	}
	msg.Record()
	code := m.Run()
	if missing := msg.Untranslated(); len(missing) > 0 && !testing.Short() {
		fmt.Fprintf(os.Stderr, "FAIL: %d messages that the tests reached have no Vietnamese in roster/msg/vi.go:\n", len(missing))
		for _, f := range missing {
			fmt.Fprintf(os.Stderr, "  %q\n", f)
		}
		code = 1
	}
	os.Exit(code)
}

func (c *cli) store() *store.DB {
	c.t.Helper()
	db, err := store.Open(context.Background(), c.db)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { db.Close() })
	return db
}

// once runs `daemon --once --at` and returns the log.
func (c *cli) once(at string) string {
	c.t.Helper()
	_, errOut, code := c.run("daemon", "--once", "--at", at, "--log-format", "json")
	if code != 0 {
		c.t.Fatalf("daemon --once --at %s: exit %d\n%s", at, code, errOut)
	}
	return errOut
}

func TestDaemonQuarter(t *testing.T) {
	c := withSample(t)
	db := c.store()
	ctx := context.Background()
	versions := func(m string) []store.RosterInfo {
		mm, _ := roster.ParseMonth(m)
		vs, err := db.Versions(ctx, mm)
		if err != nil {
			t.Fatal(err)
		}
		return vs
	}
	// The 10th at 08:00: January's draft, once, however often the daemon runs that day.
	c.once("2026-12-10 08:00")
	c.once("2026-12-10 08:05")
	c.once("2026-12-10 17:00")
	if vs := versions("2027-01"); len(vs) != 1 || vs[0].CreatedBy != "daemon" || vs[0].Status != "draft" {
		t.Fatalf("January: %+v", vs)
	}
	runs, _ := db.JobRuns(ctx, "generate")
	if len(runs) != 1 || runs[0].Result != "ok" {
		t.Errorf("generate runs: %+v", runs)
	}
	// Published, then delivered once per version with a manifest of the files.
	c.now = time.Date(2026, 12, 11, 2, 0, 0, 0, time.UTC)
	c.ok("publish", "--month", "2027-01")
	c.once("2026-12-11 10:00")
	c.once("2026-12-11 10:10")
	c.once("2026-12-11 10:20")
	r := c.roster("--month", "2027-01")
	a, b := swappable(t, r, "2027-01-01", "2027-01-21")
	c.ok("swap", "--month", "2027-01", "--officer", a.OfficerID, "--date", a.Start[:10], "--with", b.OfficerID, "--with-date", b.Start[:10], "--reason", "Đổi ca")
	c.once("2026-12-12 10:00")
	c.once("2026-12-12 10:10")
	deliveries, _ := db.Deliveries(ctx)
	if len(deliveries) != 2 || deliveries[0][1] != "1" || deliveries[1][1] != "2" {
		t.Fatalf("deliveries: %v", deliveries)
	}
	for _, v := range []string{"v1", "v2"} {
		folder := filepath.Join(c.dir, "outbox", "2027-01", v)
		data, err := os.ReadFile(filepath.Join(folder, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		var man app.Manifest
		if err := json.Unmarshal(data, &man); err != nil {
			t.Fatal(err)
		}
		// Version 1 goes to every post; the swap at tand-tinh sends version 2 to that post only
		// (and the Center's full file).
		want := map[string]int{"v1": 16, "v2": 2}[v]
		if len(man.Files) != want || man.Month != "2027-01" || man.Version != int(v[1]-'0') {
			t.Errorf("%s manifest: %d files, %+v", v, len(man.Files), man)
		}
		for _, f := range man.Files {
			content, err := os.ReadFile(filepath.Join(folder, f.File))
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(content)
			if hex.EncodeToString(sum[:]) != f.SHA256 || f.Bytes != len(content) || f.Recipient == "" {
				t.Errorf("%s/%s: manifest %+v does not match the file", v, f.File, f)
			}
		}
		if man.Files[0].Recipient != "Trung tâm Trợ giúp pháp lý Nhà nước tỉnh Đồng Tháp" || man.Files[1].PostID != "tand-tinh" ||
			man.Files[1].Recipient != "Tòa án nhân dân tỉnh Đồng Tháp" {
			t.Errorf("%s recipients: %+v %+v", v, man.Files[0], man.Files[1])
		}
	}
	// Reminders: once per duty, however often the daemon runs.
	for _, at := range []string{"2026-12-31 14:00", "2026-12-31 14:15", "2026-12-31 20:00", "2027-01-01 06:00", "2027-01-01 06:45"} {
		c.once(at)
	}
	rem, _ := db.Notifications(ctx, "reminder")
	seen := map[string]bool{}
	for _, n := range rem {
		key := n.Message.OfficerID + n.Message.PostID + n.Message.Start
		if seen[key] {
			t.Errorf("reminded twice: %+v", n.Message)
		}
		seen[key] = true
		if n.Status != "sent" || len(n.Message.To) != 1 || n.Message.To[0].Phone == "" {
			t.Errorf("reminder %+v", n)
		}
	}
	// Duties starting from 31/12 14:00 to 02/01 00:45 (18 h after the last run).
	want := 0
	r2 := c.roster("--month", "2027-01")
	for _, x := range r2.Assignments {
		if x.Start < "2027-01-02T00:45" {
			want++
		}
	}
	if len(seen) != want || want == 0 {
		t.Errorf("%d duties reminded, want %d", len(seen), want)
	}
	// A gap: the daemon is down from 1 to 11 January; on restart it catches up the 10th's run.
	c.once("2027-01-11 09:00")
	if vs := versions("2027-02"); len(vs) != 1 {
		t.Errorf("February after the gap: %+v", vs)
	}
	runs, _ = db.JobRuns(ctx, "generate")
	if last := runs[len(runs)-1]; !last.Due.Equal(time.Date(2027, 1, 10, 1, 0, 0, 0, time.UTC)) {
		t.Errorf("caught-up run due %s", last.Due)
	}
	// The deadline for February (25 January) is three working days away on the 20th.
	c.once("2027-01-20 08:00")
	dl, _ := db.Notifications(ctx, "deadline")
	if len(dl) == 0 || !strings.Contains(dl[len(dl)-1].Message.Subject, "Còn 3 ngày làm việc để ban hành lịch trực tháng 02/2027") {
		t.Errorf("deadline notifications: %+v", dl)
	}
	// A gap longer than the catch-up window is not caught up: 10 February is more than 48 h
	// before the 13th, so March waits for the next month's run.
	c.once("2027-02-13 09:00")
	if vs := versions("2027-03"); len(vs) != 0 {
		t.Errorf("March generated outside the window: %+v", vs)
	}
	c.once("2027-02-10 08:00") // a daemon running on the day does generate it
	c.once("2027-02-10 08:30")
	for _, m := range []string{"2027-01", "2027-02", "2027-03"} {
		generated := 0
		for _, v := range versions(m) {
			if v.Kind == "generated" {
				generated++
			}
		}
		if generated != 1 {
			t.Errorf("%s generated %d times", m, generated)
		}
	}
	counts, _ := db.NotificationCounts(ctx)
	if counts["pending"] != 0 || counts["failed"] != 0 || counts["sent"] == 0 {
		t.Errorf("notifications: %v", counts)
	}
	status := c.ok("daemon", "status")
	if !strings.Contains(status, "daemon: not running") || !strings.Contains(status, "generate  0 8 10 * *") {
		t.Errorf("status:\n%s", status)
	}
}

// TestDaemonProcessAndCLI runs the daemon as a process and writes from the command line at
// the same time: no write fails, a second daemon is refused, SIGTERM stops the first cleanly.
func TestDaemonProcessAndCLI(t *testing.T) {
	c := withSample(t)
	args, _ := json.Marshal([]string{"daemon", "--db", c.db, "--tick", "20ms", "--log-format", "json"})
	cmd := exec.Command(os.Args[0], "-test.run=XXX")
	cmd.Env = append(os.Environ(), "DUTYROSTER_RUN="+string(args))
	var logs strings.Builder
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	db := c.store()
	deadline := time.Now().Add(10 * time.Second)
	for {
		l, err := db.DaemonLock(context.Background())
		if err == nil && l != nil && l.PID == cmd.Process.Pid {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the daemon did not start:\n%s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	// A second daemon on the same database is refused, naming the first.
	_, errOut, code := c.run("daemon", "--once")
	host, _ := os.Hostname()
	if code != 2 || !strings.Contains(errOut, fmt.Sprintf("another daemon already runs on %s: pid %d on host %s since ", c.db, cmd.Process.Pid, host)) {
		t.Errorf("second daemon: exit %d, %q", code, errOut)
	}
	// Writes while the daemon beats its heartbeat and sends notifications every 20 ms.
	for i := 0; i < 25; i++ {
		c.ok("leave", "add", "--officer", "tgv-05", "--from", "2027-03-10", "--reason", "Ốm")
		c.ok("officer", "set", "ls-10", "--phone", fmt.Sprintf("0982 301 %03d", i))
		if i%8 == 0 {
			c.ok("generate", "--month", "2027-04")
		}
		c.ok("import", samplePlan)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the daemon did not stop cleanly: %v\n%s", err, logs.String())
	}
	if !strings.Contains(logs.String(), "daemon stopped") {
		t.Errorf("no stop in the log:\n%s", logs.String())
	}
	if l, _ := db.DaemonLock(context.Background()); l != nil {
		t.Errorf("the lock is still held: %+v", l)
	}
}

// startDaemon starts `dutyroster daemon` on c's database as a process and waits until it holds
// the database.
func startDaemon(t *testing.T, c *cli) *exec.Cmd {
	t.Helper()
	args, _ := json.Marshal([]string{"daemon", "--db", c.db, "--tick", "20ms", "--log-format", "json"})
	cmd := exec.Command(os.Args[0], "-test.run=XXX")
	cmd.Env = append(os.Environ(), "DUTYROSTER_RUN="+string(args))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	db := c.store()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if l, err := db.DaemonLock(context.Background()); err == nil && l != nil && l.PID == cmd.Process.Pid {
			return cmd
		}
		if time.Now().After(deadline) {
			t.Fatal("the daemon did not start")
		}
	}
}

// TestDaemonRestartRightAfterKill kills the daemon with SIGKILL: the operating system frees its
// lock, so a new daemon starts at once (systemd's restart does not wait), five times in a row;
// `daemon status` does not report the dead one as running.
func TestDaemonRestartRightAfterKill(t *testing.T) {
	c := withSample(t)
	for i := 0; i < 5; i++ {
		cmd := startDaemon(t, c)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		if status := c.ok("daemon", "status"); !strings.Contains(status, "daemon: not running") {
			t.Errorf("status after kill -9:\n%s", status)
		}
		c.ok("daemon", "--once", "--at", "2026-12-01 09:00")
	}
}

// TestDaemonGenerateRace runs the daemon's generate job and `generate` for the same month at
// the same time, 20 times: the daemon makes a draft only for a month with no version, so it
// never adds a second draft beside the command line's.
func TestDaemonGenerateRace(t *testing.T) {
	for i := 0; i < 20; i++ {
		c := withSample(t)
		var wg sync.WaitGroup
		codes := make([]int, 2)
		errs := make([]string, 2)
		for k, args := range [][]string{{"daemon", "--once", "--at", "2026-12-10 08:00"}, {"generate", "--month", "2027-01"}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[k], codes[k] = c.run(args...)
			}()
		}
		wg.Wait()
		if codes[0] != 0 || codes[1] != 0 {
			t.Fatalf("trial %d: exit codes %v: %q", i, codes, errs)
		}
		vs, err := c.store().Versions(context.Background(), roster.Month{Year: 2027, Month: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			if v.CreatedBy == "daemon" && v.Version != 1 {
				t.Fatalf("trial %d: the daemon added draft %d beside the command line's: %+v", i, v.Version, vs)
			}
		}
	}
}

// TestNotificationsInThePlansLanguage: with daemon.jobs.deliver.lang en, the daemon's messages
// come from the catalogue in English; the default is Vietnamese.
func TestNotificationsInThePlansLanguage(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		c := newCLI(t)
		c.ok("init")
		data, err := os.ReadFile(samplePlan)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Replace(string(data), "deliver: {cron: \"*/10 * * * *\", outbox: outbox}", "deliver: {cron: \"*/10 * * * *\", outbox: outbox, lang: "+lang+"}", 1)
		plan := filepath.Join(c.dir, "plan.yaml")
		if err := os.WriteFile(plan, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		c.ok("import", plan)
		c.once("2026-12-10 08:00")
		gen, _ := c.store().Notifications(context.Background(), "generated")
		want := map[string]string{"vi": "Dự thảo lịch trực tháng 01/2027 đã được lập", "en": "Draft duty roster for 01/2027 generated"}[lang]
		if len(gen) != 1 || gen[0].Message.Subject != want {
			t.Errorf("%s: generated notifications %+v, want the subject %q", lang, gen, want)
		}
	}
}
