package daemon

import (
	"context"
	"time"

	"github.com/robfig/cron/v3"

	"dutyroster/internal/app"
	"dutyroster/store"
)

// JobStatus is one job in `daemon status`.
type JobStatus struct {
	Job      string `json:"job"`
	Cron     string `json:"cron"`
	LastDue  string `json:"last_due,omitempty"`
	Result   string `json:"result,omitempty"`
	Detail   string `json:"detail,omitempty"`
	Finished string `json:"finished,omitempty"`
	Next     string `json:"next,omitempty"`
}

// Report is what `daemon status` shows: the jobs, the daemon holding the database (nil when
// none runs) and the notifications by status.
type Report struct {
	Jobs          []JobStatus
	Daemon        *store.LockInfo
	Notifications map[string]int
}

// Status reads the jobs' last and next runs at now, who holds the database and what the outbox
// holds. A lock row whose process has died (its file lock is free) does not count as running.
func Status(ctx context.Context, c *app.Center, now time.Time) (*Report, error) {
	cfg := c.Plan.Daemon
	if cfg == nil {
		return nil, errNoDaemonSection
	}
	r := &Report{}
	local := now.In(c.Loc)
	for _, job := range JobNames {
		s := JobStatus{Job: job, Cron: JobSpec(cfg, job)}
		runs, err := c.DB.JobRuns(ctx, job)
		if err != nil {
			return nil, err
		}
		if len(runs) > 0 {
			last := runs[len(runs)-1]
			s.LastDue, s.Result, s.Detail = last.Due.In(c.Loc).Format(time.RFC3339), last.Result, last.Detail
			if !last.Finished.IsZero() {
				s.Finished = last.Finished.In(c.Loc).Format(time.RFC3339)
			}
		}
		if s.Cron != "" {
			if sched, err := cron.ParseStandard(s.Cron); err == nil {
				s.Next = sched.Next(local).Format(time.RFC3339)
			}
		}
		r.Jobs = append(r.Jobs, s)
	}
	lock, err := c.DB.DaemonLock(ctx)
	if err != nil {
		return nil, err
	}
	if lock != nil {
		// The row says who ran last; the file lock says whether it still runs. When the lock
		// is held, or cannot be opened here (a read-only folder), the row is trusted.
		if f, err := lockFile(c.DB.Path + ".lock"); err == nil {
			f.Close()
			lock = nil
		}
	}
	r.Daemon = lock
	if r.Notifications, err = c.DB.NotificationCounts(ctx); err != nil {
		return nil, err
	}
	return r, nil
}

// Table lists the jobs; its JSON is the whole report (jobs, the daemon holding the database,
// the notifications by status).
func (rep *Report) Table() *app.Table {
	out := map[string]any{"jobs": rep.Jobs, "notifications": rep.Notifications}
	if l := rep.Daemon; l != nil {
		out["daemon"] = map[string]any{"pid": l.PID, "host": l.Host, "since": l.Since.Format(time.RFC3339),
			"heartbeat": l.Heartbeat.Format(time.RFC3339)}
	}
	t := &app.Table{Header: []string{"job", "cron", "last_due", "result", "detail", "next"}, JSON: out}
	for _, s := range rep.Jobs {
		t.Rows = append(t.Rows, []string{s.Job, s.Cron, s.LastDue, s.Result, s.Detail, s.Next})
	}
	return t
}
