package daemon

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dutyroster/internal/app"
	"dutyroster/roster"
	"dutyroster/roster/sample"
	"dutyroster/store"
)

// newDB makes a database holding the Đồng Tháp sample with the daemon settings set by
// configure, and returns it open.
func newDB(t *testing.T, configure func(*roster.DaemonConfig)) *store.DB {
	t.Helper()
	ctx := context.Background()
	plan, err := roster.ParsePlan("dong-thap.yaml", sample.DongThap)
	if err != nil {
		t.Fatal(err)
	}
	if configure != nil {
		configure(plan.Daemon)
	}
	db, _, err := store.Create(ctx, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.ImportPlan(ctx, plan, false, store.Actor{User: "test"}); err != nil {
		t.Fatal(err)
	}
	return db
}

// reopen opens a second handle on the same database, as another process would.
func reopen(t *testing.T, db *store.DB) *store.DB {
	t.Helper()
	db2, err := store.Open(context.Background(), db.Path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db2.Close() })
	return db2
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

func message(i int) store.Message {
	return store.Message{Kind: "test", Subject: fmt.Sprintf("tin nhắn %04d", i), Body: "Nội dung",
		To: []roster.Contact{{Name: "Nguyễn Thị Hồng Nhung", Email: "nhung@example.vn", Phone: "0912 345 678"}}}
}

// counter is a webhook that counts what it receives by subject.
type counter struct {
	mu   sync.Mutex
	seen map[string]int
}

func newCounter(t *testing.T) (*counter, *httptest.Server) {
	c := &counter{seen: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m store.Message
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		c.mu.Lock()
		c.seen[m.Subject]++
		c.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	return c, srv
}

func (c *counter) counts() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for k, v := range c.seen {
		out[k] = v
	}
	return out
}

// TestResidentDaemonSendsEachMessageOnce runs a resident daemon whose four jobs fire every
// second, so that they meet in every round, while messages keep arriving and a second
// dispatcher on its own database handle (another process, as far as SQLite can tell) drains the
// same outbox: every message reaches the webhook exactly once.
func TestResidentDaemonSendsEachMessageOnce(t *testing.T) {
	count, srv := newCounter(t)
	db := newDB(t, func(d *roster.DaemonConfig) {
		d.Notify = []roster.Notifier{{Kind: "webhook", URL: srv.URL + "/hook", Timeout: 5 * time.Second, Retries: 0}}
		d.Jobs.Generate.Cron = "@every 1s"
		d.Jobs.Deadline.Cron = "@every 1s"
		d.Jobs.Deliver.Cron = "@every 1s"
		d.Jobs.Remind.Cron = "@every 1s"
	})
	ctx := context.Background()
	channels := []string{"webhook 127.0.0.1" + strings.TrimPrefix(srv.URL, "http://127.0.0.1") + "/hook"}
	const queued = 300
	for i := 0; i < queued; i++ {
		if err := db.Enqueue(ctx, channels, []store.Message{message(i)}); err != nil {
			t.Fatal(err)
		}
	}
	d, err := Open(ctx, db, Options{Log: quiet(), Getenv: os.Getenv, Tick: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- d.Run(runCtx) }()
	// A rival dispatcher, bypassing the lock, drains the same outbox all the while.
	rival := &Daemon{db: reopen(t, db), o: Options{Getenv: os.Getenv}, log: quiet()}
	rivalDone := make(chan struct{})
	go func() {
		defer close(rivalDone)
		for runCtx.Err() == nil {
			c, err := app.Load(runCtx, rival.db)
			if err == nil {
				err = rival.Dispatch(runCtx, c)
			}
			if err != nil && runCtx.Err() == nil {
				t.Errorf("rival dispatch: %v", err)
				return
			}
		}
	}()
	// More messages arrive while both run: for 4 s, and on a loaded machine (where the jobs run
	// fewer rounds a second) until the jobs have run 8 times, for up to a minute.
	total := queued
	least, most := time.Now().Add(4*time.Second), time.Now().Add(time.Minute)
	for now := time.Now(); now.Before(most); now = time.Now() {
		if now.After(least) {
			if runs, _ := db.JobRuns(ctx, ""); len(runs) >= 8 {
				break
			}
		}
		if err := db.Enqueue(ctx, channels, []store.Message{message(total)}); err != nil {
			t.Fatal(err)
		}
		total++
		time.Sleep(20 * time.Millisecond)
	}
	// Wait for the outbox to drain, then stop.
	for wait := time.Now().Add(20 * time.Second); time.Now().Before(wait); time.Sleep(50 * time.Millisecond) {
		if n, _ := db.NotificationCounts(ctx); n["pending"] == 0 && n["sending"] == 0 {
			break
		}
	}
	stop()
	<-rivalDone
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	seen := count.counts()
	for i := 0; i < total; i++ {
		if n := seen[message(i).Subject]; n != 1 {
			t.Errorf("%s was sent %d times", message(i).Subject, n)
		}
	}
	counts, _ := db.NotificationCounts(ctx)
	if counts["sent"] < total || counts["pending"]+counts["sending"]+counts["failed"] != 0 {
		t.Errorf("outbox: %v, %d queued", counts, total)
	}
	// The jobs ran in rounds of their own: each due second is recorded once per job.
	runs, _ := db.JobRuns(ctx, "")
	if len(runs) < 8 {
		t.Errorf("only %d job runs in a minute of jobs due every second", len(runs))
	}
	for _, r := range runs {
		// A run the stop cut short is "interrupted" (and would run again at the next start).
		if r.Result != "ok" && r.Result != "interrupted" {
			t.Errorf("run %s %s: %s %s", r.Job, r.Due, r.Result, r.Detail)
		}
	}
}

// TestCrashBetweenClaimAndSend claims a notification and never marks it, as a dispatcher that
// dies right after claiming: the message is not sent while the claim is young, is sent once
// after ReclaimAfter, and the dead claim can no longer mark it.
func TestCrashBetweenClaimAndSend(t *testing.T) {
	count, srv := newCounter(t)
	db := newDB(t, func(d *roster.DaemonConfig) {
		d.Notify = []roster.Notifier{{Kind: "webhook", Name: "chat", URL: srv.URL, Timeout: 5 * time.Second}}
	})
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	if err := db.Enqueue(ctx, []string{"chat"}, []store.Message{message(1)}); err != nil {
		t.Fatal(err)
	}
	crashed, err := db.ClaimNotification(ctx, 0, ReclaimAfter)
	if err != nil || crashed == nil {
		t.Fatalf("claim: %v %v", crashed, err)
	}
	d, err := Open(ctx, db, Options{Log: quiet(), Getenv: os.Getenv})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	c, err := app.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(ReclaimAfter - time.Minute)
	if err := d.Dispatch(ctx, c); err != nil {
		t.Fatal(err)
	}
	if n := count.counts()[message(1).Subject]; n != 0 {
		t.Fatalf("sent %d times while the claim was young", n)
	}
	now = now.Add(2 * time.Minute)
	for i := 0; i < 3; i++ {
		if err := d.Dispatch(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if n := count.counts()[message(1).Subject]; n != 1 {
		t.Fatalf("sent %d times after the claim expired, want once", n)
	}
	if err := db.MarkNotification(ctx, crashed, "sent", nil); !errors.Is(err, store.ErrClaimLost) {
		t.Errorf("the dead claim marked the notification: %v", err)
	}
	ns, _ := db.Notifications(ctx, "")
	if len(ns) != 1 || ns[0].Status != "sent" || ns[0].Attempts != 1 {
		t.Errorf("notification: %+v", ns)
	}
}

// TestFailedNotificationsAreRetriedAndRecorded sends to a webhook that is down: the
// notification stays pending with its error, is retried once a round, and after MaxAttempts is
// failed. A notification for a channel the plan no longer has fails at once, saying so.
func TestFailedNotificationsAreRetriedAndRecorded(t *testing.T) {
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) }))
	defer down.Close()
	db := newDB(t, func(d *roster.DaemonConfig) {
		d.Notify = []roster.Notifier{{Kind: "webhook", Name: "chat", URL: down.URL, Retries: 1, Backoff: time.Millisecond, Timeout: 5 * time.Second}}
	})
	ctx := context.Background()
	if err := db.Enqueue(ctx, []string{"chat", "sms"}, []store.Message{message(1)}); err != nil {
		t.Fatal(err)
	}
	d, err := Open(ctx, db, Options{Log: quiet(), Getenv: os.Getenv})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	c, _ := app.Load(ctx, db)
	for round := 1; round <= MaxAttempts; round++ {
		if err := d.Dispatch(ctx, c); err != nil {
			t.Fatal(err)
		}
		ns, _ := db.Notifications(ctx, "")
		want := "pending"
		if round == MaxAttempts {
			want = "failed"
		}
		if ns[0].Status != want || ns[0].Attempts != round || !strings.Contains(ns[0].LastError, "502") {
			t.Fatalf("round %d: %+v", round, ns[0])
		}
		if ns[1].Status != "failed" || ns[1].Attempts != 1 || ns[1].LastError != `no notifier called "sms" is in the plan any more` {
			t.Fatalf("round %d, unknown channel: %+v", round, ns[1])
		}
	}
}

// hangingSMTP accepts connections and never says a word.
func hangingSMTP(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { conn.Close() })
		}
	}()
	return ln.Addr().String()
}

// TestHangingNotifiersAreCutOff gives each kind of notifier a peer that never finishes: a
// command whose child sleeps holding its output, a webhook that never answers, an SMTP server
// that accepts and says nothing. Each send ends at its timeout, the message stays pending for a
// later round, and the round goes on to the next message.
func TestHangingNotifiersAreCutOff(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // then the server notices the client leaving
		select {
		case <-r.Context().Done():
		case <-time.After(40 * time.Second):
		}
	}))
	defer slow.Close()
	smtp := hangingSMTP(t)
	db := newDB(t, func(d *roster.DaemonConfig) {
		d.Notify = []roster.Notifier{
			{Kind: "command", Command: []string{"/bin/sh", "-c", "sleep 40"}, Timeout: time.Second},
			{Kind: "webhook", URL: slow.URL, Timeout: time.Second},
			{Kind: "email", SMTP: smtp, From: "tgpl@example.vn", Timeout: time.Second},
		}
	})
	ctx := context.Background()
	c, _ := app.Load(ctx, db)
	if err := db.Enqueue(ctx, c.Plan.Daemon.Channels(), []store.Message{message(1)}); err != nil {
		t.Fatal(err)
	}
	d, err := Open(ctx, db, Options{Log: quiet(), Getenv: os.Getenv})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	start := time.Now()
	if err := d.Dispatch(ctx, c); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("three sends with a 1 s timeout took %s", took)
	}
	ns, _ := db.Notifications(ctx, "")
	for _, n := range ns {
		if n.Status != "pending" || n.Attempts != 1 || !strings.Contains(n.LastError, "did not finish within 1s") {
			t.Errorf("%s: %s after %d attempts: %s", n.Channel, n.Status, n.Attempts, n.LastError)
		}
	}
}

// TestShutdownIsBounded stops a resident daemon while a notifier hangs for a minute: Run
// returns at once, well within ShutdownBound, and the message is left pending.
func TestShutdownIsBounded(t *testing.T) {
	db := newDB(t, func(d *roster.DaemonConfig) {
		d.Notify = []roster.Notifier{{Kind: "command", Command: []string{"/bin/sh", "-c", "sleep 60"}, Timeout: 2 * time.Minute}}
	})
	ctx := context.Background()
	c, _ := app.Load(ctx, db)
	if err := db.Enqueue(ctx, c.Plan.Daemon.Channels(), []store.Message{message(1)}); err != nil {
		t.Fatal(err)
	}
	d, err := Open(ctx, db, Options{Log: quiet(), Getenv: os.Getenv, Tick: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- d.Run(runCtx) }()
	for wait := time.Now().Add(10 * time.Second); time.Now().Before(wait); time.Sleep(10 * time.Millisecond) {
		if n, _ := db.NotificationCounts(ctx); n["sending"] == 1 {
			break
		}
	}
	start := time.Now()
	stop()
	select {
	case <-done:
	case <-time.After(ShutdownBound):
		t.Fatal("Run did not return within the shutdown bound")
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("shutdown took %s", took)
	}
	ns, _ := db.Notifications(ctx, "")
	if ns[0].Status != "pending" {
		t.Errorf("after shutdown: %+v", ns[0])
	}
}

// TestSecretsStayOut sends to a webhook whose address carries a user, a password and a token,
// and which fails: neither the log nor the stored error holds them. A command gets PATH, the
// message and the variables the plan names, not the daemon's environment.
func TestSecretsStayOut(t *testing.T) {
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) }))
	defer down.Close()
	secretURL := strings.Replace(down.URL, "http://", "http://admin:P4ssw0rd@", 1) + "/hook?token=T0KEN"
	envFile := filepath.Join(t.TempDir(), "env.txt")
	db := newDB(t, func(d *roster.DaemonConfig) {
		d.Notify = []roster.Notifier{
			{Kind: "webhook", URL: secretURL, Timeout: 5 * time.Second},
			{Kind: "command", Command: []string{"/bin/sh", "-c", `env > "$1"`, "sh", envFile}, Env: []string{"SMS_GATEWAY_KEY"}, Timeout: 5 * time.Second},
		}
	})
	ctx := context.Background()
	c, _ := app.Load(ctx, db)
	if err := db.Enqueue(ctx, c.Plan.Daemon.Channels(), []store.Message{message(1)}); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"PATH": os.Getenv("PATH"), "DUTYROSTER_SMTP_PASSWORD": "hunter2", "HOME": "/root", "SMS_GATEWAY_KEY": "k-123"}
	var logs bytes.Buffer
	d, err := Open(ctx, db, Options{Log: slog.New(slog.NewJSONHandler(&logs, nil)), Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.Dispatch(ctx, c); err != nil {
		t.Fatal(err)
	}
	ns, _ := db.Notifications(ctx, "")
	for _, secret := range []string{"P4ssw0rd", "T0KEN", "admin"} {
		if strings.Contains(logs.String(), secret) || strings.Contains(ns[0].LastError, secret) || strings.Contains(ns[0].Channel, secret) {
			t.Errorf("%q leaked:\nlog: %s\nerror: %s\nchannel: %s", secret, logs.String(), ns[0].LastError, ns[0].Channel)
		}
	}
	if !strings.Contains(ns[0].LastError, "answered 500") {
		t.Errorf("webhook error: %q", ns[0].LastError)
	}
	got, err := os.ReadFile(envFile)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(got))
	for sc.Scan() {
		if k, _, ok := strings.Cut(sc.Text(), "="); ok {
			vars[k] = true
		}
	}
	if vars["DUTYROSTER_SMTP_PASSWORD"] || vars["HOME"] || !vars["PATH"] || !vars["SMS_GATEWAY_KEY"] || !vars["DUTYROSTER_SUBJECT"] {
		t.Errorf("the command's environment: %v", vars)
	}
}

// TestWebhookRedirectStaysOnHost redirects the webhook to another server: the message is not
// handed to it.
func TestWebhookRedirectStaysOnHost(t *testing.T) {
	var stolen atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { stolen.Add(1) }))
	defer other.Close()
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/collect", http.StatusTemporaryRedirect)
	}))
	defer hook.Close()
	db := newDB(t, func(d *roster.DaemonConfig) {
		d.Notify = []roster.Notifier{{Kind: "webhook", URL: hook.URL, Timeout: 5 * time.Second}}
	})
	ctx := context.Background()
	c, _ := app.Load(ctx, db)
	if err := db.Enqueue(ctx, c.Plan.Daemon.Channels(), []store.Message{message(1)}); err != nil {
		t.Fatal(err)
	}
	d, err := Open(ctx, db, Options{Log: quiet(), Getenv: os.Getenv})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.Dispatch(ctx, c); err != nil {
		t.Fatal(err)
	}
	ns, _ := db.Notifications(ctx, "")
	if stolen.Load() != 0 || ns[0].Status == "sent" || !strings.Contains(ns[0].LastError, "another host") {
		t.Errorf("redirect: %d requests reached the other host; %+v", stolen.Load(), ns[0])
	}
}

// TestSecondDaemonRefusedAndAbandonedRunsMarked: a second daemon on the same database is
// refused naming the first; once the first closes, a new one starts at once and marks the run
// the first left running as abandoned, and runs it again.
func TestSecondDaemonRefusedAndAbandonedRunsMarked(t *testing.T) {
	db := newDB(t, nil)
	ctx := context.Background()
	first, err := Open(ctx, db, Options{Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, reopen(t, db), Options{Log: quiet()}); err == nil || roster.ErrorCode(err) != roster.ECONFLICT ||
		!strings.Contains(err.Error(), fmt.Sprintf("another daemon already runs on %s: pid %d", db.Path, os.Getpid())) {
		t.Fatalf("second daemon: %v", err)
	}
	due := time.Date(2026, 12, 10, 1, 0, 0, 0, time.UTC)
	if ok, err := db.StartJobRun(ctx, "generate", due); !ok || err != nil {
		t.Fatal(ok, err)
	}
	first.lock.Close() // dies without closing: the OS releases the lock, the row stays
	second, err := Open(ctx, reopen(t, db), Options{Log: quiet()})
	if err != nil {
		t.Fatalf("restart after a crash: %v", err)
	}
	defer second.Close()
	runs, _ := db.JobRuns(ctx, "generate")
	if len(runs) != 1 || runs[0].Result != "abandoned" {
		t.Fatalf("runs: %+v", runs)
	}
	if err := second.RunOnce(ctx, time.Date(2026, 12, 10, 8, 5, 0, 0, time.FixedZone("ICT", 7*3600))); err != nil {
		t.Fatal(err)
	}
	runs, _ = db.JobRuns(ctx, "generate")
	if len(runs) != 1 || runs[0].Result != "ok" {
		t.Fatalf("the abandoned run was not run again: %+v", runs)
	}
}

// TestInterruptJobRunOnlyEndsRunning: a run cut short by shutdown is recorded as interrupted.
// The database refused that result until migration 0014, so such a run stayed "running" after
// a clean stop (TestResidentDaemonSendsEachMessageOnce failed so about once in five runs on a
// loaded machine). A start whose commit shutdown cut short may or may not be recorded (the
// SQLite driver can report the cancellation even when the commit went through): FinishJobRun
// ends such a run and leaves a finished one as it was.
func TestFinishJobRunOnlyEndsRunning(t *testing.T) {
	db := newDB(t, nil)
	ctx := context.Background()
	running := time.Date(2026, 12, 10, 1, 0, 0, 0, time.UTC)
	done := running.Add(time.Hour)
	for _, due := range []time.Time{running, done} {
		if ok, err := db.StartJobRun(ctx, "remind", due); !ok || err != nil {
			t.Fatal(ok, err)
		}
	}
	if err := db.FinishJobRun(ctx, "remind", done, "ok", "3 sent"); err != nil {
		t.Fatal(err)
	}
	for _, due := range []time.Time{running, done, done.Add(time.Hour)} {
		if err := db.FinishJobRun(ctx, "remind", due, "interrupted", interruptedDetail); err != nil {
			t.Fatal(err)
		}
	}
	runs, _ := db.JobRuns(ctx, "remind")
	if len(runs) != 2 || runs[0].Result != "interrupted" || runs[0].Detail != interruptedDetail || runs[1].Result != "ok" || runs[1].Detail != "3 sent" {
		t.Fatalf("runs: %+v", runs)
	}
}
