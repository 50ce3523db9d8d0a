package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/spf13/cobra"

	"dutyroster/roster"
	"dutyroster/roster/holiday"
	"dutyroster/scheduler"
	"dutyroster/store"
)

// jobNames are the daemon's jobs, in the order they run when several are due at once.
var jobNames = []string{"generate", "deliver", "deadline", "remind"}

// maxAttempts is how many dispatch rounds a notification gets before it is marked failed.
const maxAttempts = 5

// daemon runs the plan's jobs against one database. Every job is a function of the instant
// it is given, never of the clock, so tests and `--once --at` drive it.
type daemon struct {
	env       *Env
	db        *store.DB
	log       *slog.Logger
	pid       int
	host      string
	mu        sync.Mutex // one job at a time
	notifiers []notifier
}

// config reads the plan's daemon settings (the plan may be re-imported while the daemon runs).
func (d *daemon) config(ctx context.Context) (*roster.Plan, *roster.DaemonConfig, *time.Location, error) {
	plan, err := d.db.LoadPlan(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	if plan.Daemon == nil {
		return nil, nil, nil, roster.Errorf(roster.EINVALID, "the plan has no daemon section; add one (see the README, \"The daemon\") and import it")
	}
	loc, err := plan.Center.Location()
	if err != nil {
		return nil, nil, nil, err
	}
	return plan, plan.Daemon, loc, nil
}

func (d *daemon) setNotifiers(cfg *roster.DaemonConfig) {
	d.notifiers = nil
	for _, n := range cfg.Notify {
		d.notifiers = append(d.notifiers, newNotifier(n, d.log, d.env.Getenv))
	}
}

func jobSpec(cfg *roster.DaemonConfig, job string) string {
	switch job {
	case "generate":
		return cfg.Jobs.Generate.Cron
	case "deadline":
		return cfg.Jobs.Deadline.Cron
	case "deliver":
		return cfg.Jobs.Deliver.Cron
	}
	return cfg.Jobs.Remind.Cron
}

// lastDue returns the latest time at or before now that a spec fires, within the catch-up
// window: the run that is owed. Earlier missed runs fold into it.
func lastDue(spec string, now time.Time, window time.Duration, loc *time.Location) (time.Time, bool) {
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return time.Time{}, false
	}
	t := now.Add(-window).In(loc)
	var last time.Time
	for {
		n := sched.Next(t)
		if n.IsZero() || n.After(now) {
			break
		}
		last, t = n, n
	}
	return last, !last.IsZero()
}

// runDue runs every job owed at now (each once per scheduled time), then sends notifications.
func (d *daemon) runDue(ctx context.Context, now time.Time) error {
	plan, cfg, loc, err := d.config(ctx)
	if err != nil {
		return err
	}
	d.setNotifiers(cfg)
	for _, job := range jobNames {
		spec := jobSpec(cfg, job)
		if spec == "" {
			continue
		}
		due, ok := lastDue(spec, now, cfg.CatchUp, loc)
		if !ok {
			continue
		}
		if err := d.runJob(ctx, plan, job, due, now); err != nil {
			return err
		}
	}
	return d.dispatch(ctx)
}

// runJob runs one job for one due time unless that run already finished. The plan is read once
// per round by runDue.
func (d *daemon) runJob(ctx context.Context, plan *roster.Plan, job string, due, now time.Time) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	started, err := d.db.StartJobRun(ctx, job, due)
	if err != nil || !started {
		return err
	}
	log := d.log.With("job", job, "due", due.Format(time.RFC3339))
	detail, jobErr := d.do(ctx, plan, job, now)
	result := "ok"
	if jobErr != nil {
		result, detail = "error", jobErr.Error()
		log.Error("job failed", "error", jobErr)
	} else {
		log.Info("job done", "detail", detail)
	}
	// The run is recorded even when the context was cancelled (shutdown): use a fresh one.
	if err := d.db.FinishJobRun(context.WithoutCancel(ctx), job, due, result, detail); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return nil
}

func (d *daemon) do(ctx context.Context, plan *roster.Plan, job string, now time.Time) (string, error) {
	cfg := plan.Daemon
	loc, err := plan.Center.Location()
	if err != nil {
		return "", err
	}
	switch job {
	case "generate":
		return d.generate(ctx, plan, cfg, loc, now)
	case "deadline":
		return d.deadline(ctx, plan, cfg, loc, now)
	case "deliver":
		return d.deliver(ctx, plan, cfg, now)
	}
	return d.remind(ctx, plan, cfg, loc, now)
}

func coordinators(cfg *roster.DaemonConfig) []roster.Contact { return cfg.Coordinators }

func (d *daemon) actor(job string) store.Actor {
	return store.Actor{User: "daemon", Command: "dutyroster daemon " + job}
}

// generate makes the draft for the month months_ahead from now when the month has none.
func (d *daemon) generate(ctx context.Context, plan *roster.Plan, cfg *roster.DaemonConfig, loc *time.Location, now time.Time) (string, error) {
	m := roster.MonthOf(roster.DateOf(now.In(loc)))
	for i := 0; i < cfg.Jobs.Generate.MonthsAhead; i++ {
		m = m.Next()
	}
	versions, _, err := d.db.MonthStatus(ctx, m)
	if err != nil {
		return "", err
	}
	if versions > 0 {
		return fmt.Sprintf("%s already has %d version(s)", m, versions), nil
	}
	seed := monthSeed(m)
	p, _, err := problemFor(ctx, d.db, plan, m, seed)
	if err != nil {
		return "", err
	}
	res, err := scheduler.Solve(p)
	if err != nil {
		return "", err
	}
	missing := roster.MissingPlaces(res.Unfilled)
	deadline := holiday.New(plan.Holidays).NoticeDeadline(m, plan.Rules.NoticeWorkingDays)
	msg := store.Message{Kind: "generated", Month: m.String(), To: coordinators(cfg),
		Subject: fmt.Sprintf("Dự thảo lịch trực tháng %02d/%d đã được lập", int(m.Month), m.Year),
		Body: fmt.Sprintf("Dự thảo lịch trực tháng %02d/%d: %d chỗ, %d đã xếp, %d còn trống. Hạn ban hành: %s.\nXem: dutyroster roster show --month %s",
			int(m.Month), m.Year, res.Capacity.Places, res.Capacity.Places-missing, missing, deadline.In(loc).Format("02/01/2006"), m)}
	nr := &store.NewRoster{Month: m, Seed: seed, Assignments: res.Assignments, Unfilled: res.Unfilled, Officers: res.Participants,
		Rotation: map[string]store.RotationState{}, Notify: []store.Message{msg}, Channels: len(cfg.Notify)}
	for k, v := range res.Rotation {
		nr.Rotation[k] = store.RotationState{Next: v.Next, Owed: v.Owed}
	}
	version, err := d.db.SaveDraft(ctx, nr, d.actor("generate"))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s: draft version %d, %d unfilled places", m, version, missing), nil
}

// deadline warns the coordinators when an unpublished month's notice deadline is near or past.
func (d *daemon) deadline(ctx context.Context, plan *roster.Plan, cfg *roster.DaemonConfig, loc *time.Location, now time.Time) (string, error) {
	m := roster.MonthOf(roster.DateOf(now.In(loc)))
	for i := 0; i < max(cfg.Jobs.Deadline.MonthsAhead, 1); i++ {
		m = m.Next()
	}
	_, published, err := d.db.MonthStatus(ctx, m)
	if err != nil || published {
		return fmt.Sprintf("%s is published", m), err
	}
	cal := holiday.New(plan.Holidays)
	deadline := cal.NoticeDeadline(m, plan.Rules.NoticeWorkingDays)
	today := roster.DateOf(now.In(loc))
	left := 0
	for day := today; day.Before(deadline); day = day.AddDays(1) {
		if cal.IsWorkingDay(day.AddDays(1)) {
			left++
		}
	}
	var msg store.Message
	switch {
	case today.After(deadline):
		msg = store.Message{Kind: "deadline", Month: m.String(), To: coordinators(cfg),
			Subject: fmt.Sprintf("QUÁ HẠN: lịch trực tháng %02d/%d chưa được ban hành", int(m.Month), m.Year),
			Body: fmt.Sprintf("Hạn ban hành lịch trực tháng %02d/%d là %s (%d ngày làm việc trước ngày %s) đã qua. Ban hành ngay: dutyroster publish --month %s",
				int(m.Month), m.Year, deadline.In(loc).Format("02/01/2006"), plan.Rules.NoticeWorkingDays, m.First().In(loc).Format("02/01/2006"), m)}
	case left <= cfg.Jobs.Deadline.WithinWorkingDays:
		msg = store.Message{Kind: "deadline", Month: m.String(), To: coordinators(cfg),
			Subject: fmt.Sprintf("Còn %d ngày làm việc để ban hành lịch trực tháng %02d/%d", left, int(m.Month), m.Year),
			Body: fmt.Sprintf("Lịch trực tháng %02d/%d phải được ban hành chậm nhất ngày %s. Ban hành: dutyroster publish --month %s",
				int(m.Month), m.Year, deadline.In(loc).Format("02/01/2006"), m)}
	default:
		return fmt.Sprintf("%s: deadline %s, %d working days left", m, deadline, left), nil
	}
	if err := d.db.Enqueue(ctx, len(cfg.Notify), []store.Message{msg}); err != nil {
		return "", err
	}
	return msg.Subject, nil
}

// manifest describes what a delivery wrote.
type manifest struct {
	Month     string         `json:"month"`
	Version   int            `json:"version"`
	Delivered string         `json:"delivered"`
	Files     []manifestFile `json:"files"`
}

type manifestFile struct {
	File      string `json:"file"`
	Recipient string `json:"recipient"`
	PostID    string `json:"post_id,omitempty"`
	Version   int    `json:"version"`
	SHA256    string `json:"sha256"`
	Bytes     int    `json:"bytes"`
}

// outboxDir resolves the outbox: a relative path is taken from the database's folder.
func (d *daemon) outboxDir(cfg *roster.DaemonConfig) string {
	dir := cfg.Jobs.Deliver.Outbox
	if dir == "" {
		dir = "outbox"
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(filepath.Dir(d.db.Path), dir)
	}
	return dir
}

// deliver writes each published version not yet delivered: the per-post files, the Center's
// file and a manifest, into outbox/<month>/v<version>/, once per version.
func (d *daemon) deliver(ctx context.Context, plan *roster.Plan, cfg *roster.DaemonConfig, now time.Time) (string, error) {
	pending, err := d.db.UndeliveredVersions(ctx)
	if err != nil {
		return "", err
	}
	var done []string
	for _, v := range pending {
		if ctx.Err() != nil {
			return strings.Join(done, "; "), ctx.Err()
		}
		r, err := d.db.Roster(ctx, v.Month, v.Version)
		if err != nil {
			return "", err
		}
		folder := filepath.Join(d.outboxDir(cfg), v.Month.String(), fmt.Sprintf("v%d", v.Version))
		lang := cfg.Jobs.Deliver.Lang
		if lang == "" {
			lang = "vi"
		}
		// The documents are dated by the daemon's instant, not the clock.
		envAt := *d.env
		envAt.Now = func() time.Time { return now }
		files, err := buildExport(ctx, &envAt, d.db, plan, r, exportOptions{format: "xlsx", splitBy: "post", lang: lang, out: folder})
		if err != nil {
			return "", err
		}
		man := manifest{Month: v.Month.String(), Version: v.Version, Delivered: now.UTC().Format(time.RFC3339)}
		for _, f := range files {
			if err := writeFileAtomic(f.path, f.data, 0o644); err != nil {
				return "", err
			}
			sum := sha256.Sum256(f.data)
			mf := manifestFile{File: filepath.Base(f.path), Recipient: plan.Center.Name, PostID: f.postID, Version: v.Version,
				SHA256: hex.EncodeToString(sum[:]), Bytes: len(f.data)}
			if p := plan.Post(f.postID); p != nil {
				mf.Recipient = p.Name
			}
			man.Files = append(man.Files, mf)
		}
		body, err := json.MarshalIndent(man, "", "  ")
		if err != nil {
			return "", err
		}
		if err := writeFileAtomic(filepath.Join(folder, "manifest.json"), append(body, '\n'), 0o644); err != nil {
			return "", err
		}
		msg := store.Message{Kind: "delivered", Month: v.Month.String(), To: coordinators(cfg),
			Subject: fmt.Sprintf("Lịch trực tháng %02d/%d (bản %d) đã sẵn sàng để gửi", int(v.Month.Month), v.Month.Year, v.Version),
			Body:    fmt.Sprintf("%d tệp trong %s (manifest.json ghi mã SHA-256 của từng tệp).", len(files), folder)}
		if err := d.db.RecordDelivery(ctx, v.Month, v.Version, folder, body, len(cfg.Notify), []store.Message{msg}); err != nil {
			return "", err
		}
		done = append(done, fmt.Sprintf("%s v%d: %d files", v.Month, v.Version, len(files)))
	}
	if len(done) == 0 {
		return "nothing new to deliver", nil
	}
	return strings.Join(done, "; "), nil
}

// remind tells each officer of a duty starting within `before`, once per duty.
func (d *daemon) remind(ctx context.Context, plan *roster.Plan, cfg *roster.DaemonConfig, loc *time.Location, now time.Time) (string, error) {
	before := cfg.Jobs.Remind.Before
	if before <= 0 {
		before = 18 * time.Hour
	}
	soon, err := d.db.AssignmentsBetween(ctx, now.Add(time.Second), now.Add(before).Add(time.Second), "", "", false)
	if err != nil {
		return "", err
	}
	versions := map[roster.Month]int{}
	officers := officerIndex(plan)
	var rs []store.Reminder
	for _, a := range soon {
		o := officers[a.OfficerID]
		if o == nil {
			continue
		}
		m := roster.MonthOf(roster.DateOf(a.Start.In(loc)))
		if _, ok := versions[m]; !ok {
			vs, err := d.db.Versions(ctx, m)
			if err != nil {
				return "", err
			}
			for _, v := range vs {
				if v.Status == roster.StatusPublished {
					versions[m] = v.Version
				}
			}
		}
		post := a.PostID
		address := ""
		if p := plan.Post(a.PostID); p != nil {
			post, address = p.Name, p.Address
		}
		role := "trực"
		if a.Role == roster.Backup {
			role = "hỗ trợ trực"
		}
		start := a.Start.In(loc)
		rs = append(rs, store.Reminder{Assignment: a, Month: m, Version: versions[m], Message: store.Message{Kind: "reminder", Month: m.String(),
			OfficerID: o.ID, PostID: a.PostID, Start: a.Start.Format(time.RFC3339), To: []roster.Contact{{Name: o.Name, Email: o.Email, Phone: o.Phone}},
			Subject: fmt.Sprintf("Nhắc lịch %s: %s %s", role, start.Format("15:04 02/01/2006"), post),
			Body: fmt.Sprintf("%s có lịch %s tại %s (%s) từ %s đến %s. Đường dây nóng của Trung tâm: %s", o.Name, role, post, address,
				start.Format("15:04 02/01/2006"), a.End.In(loc).Format("15:04 02/01/2006"), plan.Center.Hotline)}})
	}
	n, err := d.db.RecordReminders(ctx, rs, len(cfg.Notify))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d reminders for duties until %s", n, now.Add(before).In(loc).Format("02/01 15:04")), nil
}

// dispatch sends the pending notifications; a failure stays pending (and is retried on the next
// round) until maxAttempts rounds, then it is marked failed, with its error, and logged.
func (d *daemon) dispatch(ctx context.Context) error {
	pending, err := d.db.PendingNotifications(ctx, 1000)
	if err != nil {
		return err
	}
	for _, n := range pending {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if n.Channel >= len(d.notifiers) {
			if err := d.db.MarkNotification(ctx, n.ID, "failed", fmt.Errorf("notifier %d is no longer in the plan", n.Channel)); err != nil {
				return err
			}
			continue
		}
		sendErr := d.notifiers[n.Channel].Send(ctx, n.Message)
		status := "sent"
		switch {
		case sendErr == nil:
		case isPermanent(sendErr) || n.Attempts+1 >= maxAttempts:
			status = "failed"
			d.log.Error("notification failed", "id", n.ID, "kind", n.Message.Kind, "subject", n.Message.Subject, "error", sendErr)
		default:
			status = "pending"
			d.log.Warn("notification will be retried", "id", n.ID, "kind", n.Message.Kind, "error", sendErr)
		}
		if err := d.db.MarkNotification(context.WithoutCancel(ctx), n.ID, status, sendErr); err != nil {
			return err
		}
	}
	return nil
}

// --- commands ---

type daemonOptions struct {
	once      bool
	at        string
	logFormat string
	tick      time.Duration
}

func newDaemonCmd(env *Env) *cobra.Command {
	var o daemonOptions
	cmd := &cobra.Command{
		Use:   "daemon [--once [--at \"2026-03-10 08:00\"]] [--log-format text|json]",
		Short: "Run the plan's jobs on schedule: generate, deadline, deliver, remind",
		Long: `daemon runs the jobs of the plan's daemon section with their cron specs in the Center's time zone.
Every run is recorded: a restart never generates, delivers or reminds twice, and runs missed while it
was down are caught up at start (within daemon.catch_up). One daemon per database. SIGINT or SIGTERM
lets the running job finish. --once runs what is due at --at (default: now) and exits.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDaemon(cmd.Context(), env, o)
		},
	}
	cmd.Flags().BoolVar(&o.once, "once", false, "run what is due and exit")
	cmd.Flags().StringVar(&o.at, "at", "", "with --once: the instant to run at, local to the Center")
	cmd.Flags().StringVar(&o.logFormat, "log-format", "", "text or json (default: text on a terminal, json otherwise)")
	cmd.Flags().DurationVar(&o.tick, "tick", 30*time.Second, "how often the resident daemon beats its heartbeat and sends notifications")
	cmd.Flags().MarkHidden("tick")
	cmd.AddCommand(newDaemonStatusCmd(env))
	return cmd
}

func newLogger(env *Env, format string) (*slog.Logger, error) {
	switch format {
	case "":
		if env.IsTerminal {
			format = "text"
		} else {
			format = "json"
		}
	case "text", "json":
	default:
		return nil, roster.Errorf(roster.EINVALID, "unknown --log-format %q; use text or json", format)
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(env.Stderr, nil)), nil
	}
	return slog.New(slog.NewJSONHandler(env.Stderr, nil)), nil
}

func runDaemon(ctx context.Context, env *Env, o daemonOptions) error {
	log, err := newLogger(env, o.logFormat)
	if err != nil {
		return err
	}
	if o.at != "" && !o.once {
		return roster.Errorf(roster.EINVALID, "--at goes with --once")
	}
	db, err := env.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	host, _ := os.Hostname()
	d := &daemon{env: env, db: db, log: log, pid: os.Getpid(), host: host}
	_, cfg, loc, err := d.config(ctx)
	if err != nil {
		return err
	}
	at := env.Now()
	if o.at != "" {
		if at, err = parseAt(o.at, loc); err != nil {
			return err
		}
	}
	if err := db.AcquireDaemonLock(ctx, d.pid, d.host, 3*o.tick+time.Minute); err != nil {
		return err
	}
	defer db.ReleaseDaemonLock(context.WithoutCancel(ctx), d.pid, d.host)
	if o.once {
		log.Info("daemon once", "at", at.Format(time.RFC3339))
		return d.runDue(ctx, at)
	}
	log.Info("daemon started", "pid", d.pid, "host", host, "db", db.Path)
	// Catch up on what was missed, then follow the schedule.
	if err := d.runDue(ctx, env.Now()); err != nil && ctx.Err() == nil {
		log.Error("catch-up", "error", err)
	}
	c := cron.New(cron.WithLocation(loc))
	for _, job := range jobNames {
		spec := jobSpec(cfg, job)
		if spec == "" {
			continue
		}
		job := job
		if _, err := c.AddFunc(spec, func() {
			if err := d.runDue(ctx, env.Now()); err != nil && ctx.Err() == nil {
				log.Error("run", "job", job, "error", err)
			}
		}); err != nil {
			return roster.Errorf(roster.EINVALID, "daemon %s cron %q: %v", job, spec, err)
		}
	}
	c.Start()
	ticker := time.NewTicker(o.tick)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			log.Info("stopping: waiting for the running job")
			<-c.Stop().Done()
			log.Info("daemon stopped")
			return nil
		case <-ticker.C:
			if err := db.Heartbeat(ctx, d.pid, d.host); err != nil && ctx.Err() == nil {
				log.Error("heartbeat", "error", err)
			}
			d.mu.Lock()
			err := d.dispatch(ctx)
			d.mu.Unlock()
			if err != nil && ctx.Err() == nil {
				log.Error("dispatch", "error", err)
			}
		}
	}
}

// jobStatusJSON is one job in `daemon status --output json`.
type jobStatusJSON struct {
	Job      string `json:"job"`
	Cron     string `json:"cron"`
	LastDue  string `json:"last_due,omitempty"`
	Result   string `json:"result,omitempty"`
	Detail   string `json:"detail,omitempty"`
	Finished string `json:"finished,omitempty"`
	Next     string `json:"next,omitempty"`
}

func newDaemonStatusCmd(env *Env) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Last and next run of each job, who holds the database, notifications owed",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(output); err != nil {
				return err
			}
			ctx := cmd.Context()
			db, err := env.openDB(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			d := &daemon{env: env, db: db}
			_, cfg, loc, err := d.config(ctx)
			if err != nil {
				return err
			}
			now := env.Now().In(loc)
			var rows []jobStatusJSON
			for _, job := range jobNames {
				s := jobStatusJSON{Job: job, Cron: jobSpec(cfg, job)}
				runs, err := db.JobRuns(ctx, job)
				if err != nil {
					return err
				}
				if len(runs) > 0 {
					last := runs[len(runs)-1]
					s.LastDue, s.Result, s.Detail = last.Due.In(loc).Format(time.RFC3339), last.Result, last.Detail
					if !last.Finished.IsZero() {
						s.Finished = last.Finished.In(loc).Format(time.RFC3339)
					}
				}
				if s.Cron != "" {
					if sched, err := cron.ParseStandard(s.Cron); err == nil {
						s.Next = sched.Next(now).Format(time.RFC3339)
					}
				}
				rows = append(rows, s)
			}
			lock, err := db.DaemonLock(ctx)
			if err != nil {
				return err
			}
			counts, err := db.NotificationCounts(ctx)
			if err != nil {
				return err
			}
			if output == "json" {
				out := map[string]any{"jobs": rows, "notifications": counts}
				if lock != nil {
					out["daemon"] = map[string]any{"pid": lock.PID, "host": lock.Host, "since": lock.Since.Format(time.RFC3339),
						"heartbeat": lock.Heartbeat.Format(time.RFC3339)}
				}
				return writeJSON(env.Stdout, out)
			}
			l := listing{header: []string{"job", "cron", "last_due", "result", "detail", "next"}}
			for _, s := range rows {
				l.rows = append(l.rows, []string{s.Job, s.Cron, s.LastDue, s.Result, s.Detail, s.Next})
			}
			if output == "csv" {
				return l.write(env.Stdout, "csv")
			}
			if lock != nil {
				fmt.Fprintf(env.Stdout, "daemon: pid %d on %s since %s, last heartbeat %s\n", lock.PID, lock.Host,
					lock.Since.In(loc).Format(time.RFC3339), lock.Heartbeat.In(loc).Format(time.RFC3339))
			} else {
				fmt.Fprintln(env.Stdout, "daemon: not running")
			}
			keys := make([]string, 0, len(counts))
			for k := range counts {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var parts []string
			for _, k := range keys {
				parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
			}
			if len(parts) == 0 {
				parts = []string{"none"}
			}
			fmt.Fprintf(env.Stdout, "notifications: %s\n\n", strings.Join(parts, ", "))
			return l.write(env.Stdout, "table")
		},
	}
	outputFlag(cmd, &output)
	return cmd
}
