// Package daemon runs the plan's jobs (generate, deadline, deliver, remind) on their cron
// schedules against one database, and sends the notifications they queue. One goroutine runs
// one round at a time: the jobs owed at an instant, then the outbox. Every notification is
// claimed in the database before it is sent, so no two rounds, and no two processes, send it
// twice. One daemon per database, by an operating-system lock on a file beside it.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/robfig/cron/v3"

	"dutyroster/internal/app"
	"dutyroster/internal/notify"
	"dutyroster/roster"
	"dutyroster/store"
)

// JobNames are the daemon's jobs, in the order they run when several are due at once.
var JobNames = []string{"generate", "deliver", "deadline", "remind", "digest"}

// MaxAttempts is how many rounds a notification gets before it is marked failed.
const MaxAttempts = 5

// ReclaimAfter is how long a claimed notification may stay unmarked before another round takes
// it again: its sender died between the claim and the mark. It is longer than any send's hard
// deadline (roster.MaxNotifyTimeout), so a live sender is never overtaken. Within this window
// delivery is at-least-once: a message sent just before a crash, and not yet marked, is sent
// again when the claim expires.
const ReclaimAfter = 5 * time.Minute

// ShutdownBound is how long Run may take to return after its context ends: sends and jobs are
// cancelled at once; this bounds what remains (recording the run).
const ShutdownBound = 30 * time.Second

// errNoDaemonSection refuses to run without the plan's daemon section.
var errNoDaemonSection = roster.Errorf(roster.EINVALID, "the plan has no daemon section; add one (see the README, \"The daemon\") and import it")

// errLocked is returned by lockFile when another process holds the lock.
var errLocked = errors.New("locked")

// Options configure a daemon.
type Options struct {
	Log    *slog.Logger
	Getenv func(string) string
	// Now is the clock the resident daemon follows (RunOnce takes its instant).
	Now func() time.Time
	// Tick is how often the resident daemon beats its heartbeat and retries the outbox.
	Tick time.Duration
}

// Daemon is the one daemon of a database.
type Daemon struct {
	db   *store.DB
	o    Options
	log  *slog.Logger
	pid  int
	host string
	lock *os.File
}

// Open makes this process the daemon of db: it takes the lock beside the database (a second
// daemon is refused, naming the first), records itself for `daemon status`, and marks the
// runs that a crashed daemon left running as abandoned.
func Open(ctx context.Context, db *store.DB, o Options) (*Daemon, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Tick <= 0 {
		o.Tick = 30 * time.Second
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	host, _ := os.Hostname()
	d := &Daemon{db: db, o: o, log: o.Log, pid: os.Getpid(), host: host}
	if _, err := d.center(ctx); err != nil {
		return nil, err
	}
	lock, err := lockFile(db.Path + ".lock")
	if errors.Is(err, errLocked) {
		l, lerr := db.DaemonLock(ctx)
		if lerr != nil || l == nil {
			return nil, roster.Errorf(roster.ECONFLICT, "another daemon already runs on %s; stop it first", db.Path)
		}
		return nil, roster.Errorf(roster.ECONFLICT, "another daemon already runs on %s: pid %d on host %s since %s (last heartbeat %s); stop it first",
			db.Path, l.PID, l.Host, l.Since.Format(time.RFC3339), l.Heartbeat.Format(time.RFC3339))
	}
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", db.Path+".lock", err)
	}
	d.lock = lock
	if err := db.SetDaemonLock(ctx, d.pid, d.host); err != nil {
		d.Close()
		return nil, err
	}
	if n, err := db.AbandonRunningJobs(ctx); err != nil {
		d.Close()
		return nil, err
	} else if n > 0 {
		d.log.Warn("runs left running by a stopped daemon are marked abandoned", "runs", n)
	}
	return d, nil
}

// Close gives up the database: the lock row goes, then the lock itself.
func (d *Daemon) Close() error {
	if d.lock == nil {
		return nil
	}
	err := d.db.ReleaseDaemonLock(context.Background(), d.pid, d.host)
	d.lock.Close()
	d.lock = nil
	return err
}

// center reads the plan (it may be re-imported while the daemon runs) and checks that it has
// a daemon section.
func (d *Daemon) center(ctx context.Context) (*app.Center, error) {
	c, err := app.Load(ctx, d.db)
	if err != nil {
		return nil, err
	}
	if c.Plan.Daemon == nil {
		return nil, errNoDaemonSection
	}
	return c, nil
}

// JobSpec is the cron spec of a job in the settings ("" when it does not run).
func JobSpec(cfg *roster.DaemonConfig, job string) string {
	switch job {
	case "generate":
		return cfg.Jobs.Generate.Cron
	case "deadline":
		return cfg.Jobs.Deadline.Cron
	case "deliver":
		return cfg.Jobs.Deliver.Cron
	case "digest":
		return cfg.Jobs.Digest.Cron
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

// nextDue returns the earliest time after t that any job fires.
func nextDue(cfg *roster.DaemonConfig, t time.Time, loc *time.Location) (time.Time, bool) {
	var next time.Time
	for _, job := range JobNames {
		spec := JobSpec(cfg, job)
		if spec == "" {
			continue
		}
		sched, err := cron.ParseStandard(spec)
		if err != nil {
			continue
		}
		if n := sched.Next(t.In(loc)); !n.IsZero() && (next.IsZero() || n.Before(next)) {
			next = n
		}
	}
	return next, !next.IsZero()
}

// RunOnce runs one round at instant at: every job owed then (each once per scheduled time),
// then the outbox.
func (d *Daemon) RunOnce(ctx context.Context, at time.Time) error {
	c, err := d.center(ctx)
	if err != nil {
		return err
	}
	for _, job := range JobNames {
		spec := JobSpec(c.Plan.Daemon, job)
		if spec == "" {
			continue
		}
		due, ok := lastDue(spec, at, c.Plan.Daemon.CatchUp, c.Loc)
		if !ok {
			continue
		}
		if err := d.runJob(ctx, c, job, due, at); err != nil {
			return err
		}
	}
	return d.Dispatch(ctx, c)
}

// interruptedDetail is what a run cut short by shutdown records.
const interruptedDetail = "stopped by shutdown; it runs again at the next start"

// runJob runs one job for one due time unless that run already finished.
func (d *Daemon) runJob(ctx context.Context, c *app.Center, job string, due, now time.Time) error {
	started, err := d.db.StartJobRun(ctx, job, due)
	if err != nil && ctx.Err() != nil {
		// Shutdown came as the start was committed. The SQLite driver's exec can report the
		// cancellation even when its statement completed, which would leave the run "running":
		// finish it as interrupted if it was recorded at all.
		if err := d.db.FinishJobRun(context.WithoutCancel(ctx), job, due, "interrupted", interruptedDetail); err != nil {
			return err
		}
		return ctx.Err()
	}
	if err != nil || !started {
		return err
	}
	log := d.log.With("job", job, "due", due.Format(time.RFC3339))
	var detail string
	var jobErr error
	switch job {
	case "generate":
		detail, jobErr = app.GenerateAhead(ctx, c, now)
	case "deadline":
		detail, jobErr = app.DeadlineCheck(ctx, c, now)
	case "deliver":
		detail, jobErr = app.Deliver(ctx, c, now)
	case "digest":
		detail, jobErr = app.Digest(ctx, c, now)
	default:
		detail, jobErr = app.Remind(ctx, c, now)
	}
	result := "ok"
	switch {
	case jobErr != nil && ctx.Err() != nil:
		// Cut short by shutdown: nothing half-done was stored (every write is a transaction),
		// and a run that is not "ok" runs again at the next start.
		result, detail = "interrupted", interruptedDetail
		log.Warn("job interrupted by shutdown", "error", jobErr)
	case jobErr != nil:
		result, detail = "error", jobErr.Error()
		log.Error("job failed", "error", jobErr)
	default:
		log.Info("job done", "detail", detail)
	}
	// The run is recorded even when the context was cancelled (shutdown): use a fresh one.
	if err := d.db.FinishJobRun(context.WithoutCancel(ctx), job, due, result, detail); err != nil {
		return err
	}
	return ctx.Err()
}

// Dispatch sends the pending notifications through the plan's notifiers, each claimed before
// it is sent. A failure goes back to pending, to be retried in a later round, until
// MaxAttempts; then (or at once when retrying cannot help) it is marked failed with its
// error. A notification for a channel the plan no longer has is marked failed with that reason.
func (d *Daemon) Dispatch(ctx context.Context, c *app.Center) error {
	notifiers := map[string]notify.Notifier{}
	for _, n := range c.Plan.Daemon.Notify {
		notifiers[n.ChannelName()] = notify.New(n, d.log, d.o.Getenv)
	}
	// Each notification is tried at most once a round: a failed one waits for the next.
	var after int64
	for ctx.Err() == nil {
		n, err := d.db.ClaimNotification(ctx, after, ReclaimAfter)
		if err != nil || n == nil {
			return err
		}
		after = n.ID
		status, sendErr := "sent", error(nil)
		if nt, ok := notifiers[n.Channel]; !ok {
			status, sendErr = "failed", fmt.Errorf("no notifier called %q is in the plan any more", n.Channel)
			d.log.Error("notification failed", "id", n.ID, "kind", n.Message.Kind, "channel", n.Channel, "error", sendErr)
		} else if sendErr = nt.Send(ctx, n.Message); sendErr != nil {
			if notify.IsPermanent(sendErr) || n.Attempts+1 >= MaxAttempts {
				status = "failed"
				d.log.Error("notification failed", "id", n.ID, "kind", n.Message.Kind, "channel", n.Channel, "error", sendErr)
			} else {
				status = "pending"
				d.log.Warn("notification will be retried", "id", n.ID, "kind", n.Message.Kind, "channel", n.Channel, "error", sendErr)
			}
		}
		if err := d.db.MarkNotification(context.WithoutCancel(ctx), n, status, sendErr); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Run is the resident daemon: a round at start (catching up what was missed within
// daemon.catch_up), then one at each time a job fires, and the outbox retried every Tick. The
// heartbeat runs on its own goroutine, whatever a round is doing. When ctx ends, the running
// job and send are cancelled and Run returns within ShutdownBound.
func (d *Daemon) Run(ctx context.Context) error {
	d.log.Info("daemon started", "pid", d.pid, "host", d.host, "db", d.db.Path)
	beat := make(chan struct{})
	go func() {
		defer close(beat)
		t := time.NewTicker(d.o.Tick)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := d.db.Heartbeat(ctx, d.pid, d.host); err != nil && ctx.Err() == nil {
					d.log.Error("heartbeat", "error", err)
				}
			}
		}
	}()
	rounds := make(chan struct{})
	go func() {
		defer close(rounds)
		d.loop(ctx)
	}()
	<-ctx.Done()
	d.log.Info("stopping: cancelling the running job")
	select {
	case <-rounds:
	case <-time.After(ShutdownBound):
		d.log.Error("the running round did not stop in time; leaving it", "bound", ShutdownBound)
	}
	<-beat
	d.log.Info("daemon stopped")
	return nil
}

// loop runs the rounds, one at a time, until ctx ends.
func (d *Daemon) loop(ctx context.Context) {
	last := d.o.Now()
	d.round(ctx, last)
	for ctx.Err() == nil {
		wait := d.o.Tick
		if c, err := d.center(ctx); err == nil {
			if next, ok := nextDue(c.Plan.Daemon, last, c.Loc); ok {
				wait = min(wait, max(0, next.Sub(d.o.Now())))
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		last = d.o.Now()
		d.round(ctx, last)
	}
}

// round runs what is owed at now and logs what went wrong; the next round tries again.
func (d *Daemon) round(ctx context.Context, now time.Time) {
	if err := d.RunOnce(ctx, now); err != nil && ctx.Err() == nil {
		d.log.Error("round", "error", err)
	}
}
