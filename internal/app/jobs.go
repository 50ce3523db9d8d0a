package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"dutyroster/roster"
	"dutyroster/scheduler"
	"dutyroster/store"
)

// The daemon's jobs are use cases like the others: each is a function of an open Center and the
// instant it runs for, and is idempotent by its own records, so running it twice for the same
// instant does nothing more. Each returns a line for the daemon's record of the run.

// daemonActor names the daemon's job in the audit log.
func daemonActor(job string) store.Actor {
	return store.Actor{User: "daemon", Command: "dutyroster daemon " + job}
}

func (c *Center) daemonConfig() *roster.DaemonConfig {
	if c.Plan.Daemon != nil {
		return c.Plan.Daemon
	}
	d := roster.DefaultDaemon()
	return &d
}

// GenerateAhead makes the draft for the month months_ahead from now, when that month has no
// version yet (decided in the transaction that writes it).
func GenerateAhead(ctx context.Context, c *Center, now time.Time) (string, error) {
	cfg := c.daemonConfig()
	m := roster.MonthOf(c.Today(now))
	for i := 0; i < cfg.Jobs.Generate.MonthsAhead; i++ {
		m = m.Next()
	}
	deadline := c.Cal.NoticeDeadline(m, c.Plan.Rules.NoticeWorkingDays)
	g, err := Generate(ctx, c, GenerateRequest{Month: m, Seed: MonthSeed(m), IfNoVersion: true, Actor: daemonActor("generate"),
		Channels: cfg.Channels(), Notify: func(res *scheduler.Result) []store.Message {
			return []store.Message{generatedMessage(cfg.Coordinators, m, res.Capacity.Places, roster.MissingPlaces(res.Unfilled), deadline)}
		}})
	if err != nil {
		return "", err
	}
	if g.Skipped {
		versions, _, err := c.DB.MonthStatus(ctx, m)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s already has %d version(s)", m, versions), nil
	}
	return fmt.Sprintf("%s: draft version %d, %d unfilled places", m, g.Version, roster.MissingPlaces(g.Result.Unfilled)), nil
}

// DeadlineCheck warns the coordinators when an unpublished month's notice deadline is near or
// past.
func DeadlineCheck(ctx context.Context, c *Center, now time.Time) (string, error) {
	cfg := c.daemonConfig()
	m := roster.MonthOf(c.Today(now))
	for i := 0; i < max(cfg.Jobs.Deadline.MonthsAhead, 1); i++ {
		m = m.Next()
	}
	_, published, err := c.DB.MonthStatus(ctx, m)
	if err != nil || published {
		return fmt.Sprintf("%s is published", m), err
	}
	deadline := c.Cal.NoticeDeadline(m, c.Plan.Rules.NoticeWorkingDays)
	today := c.Today(now)
	left := 0
	for day := today; day.Before(deadline); day = day.AddDays(1) {
		if c.Cal.IsWorkingDay(day.AddDays(1)) {
			left++
		}
	}
	var msg store.Message
	switch {
	case today.After(deadline):
		msg = deadlinePassedMessage(cfg.Coordinators, m, deadline, c.Plan.Rules.NoticeWorkingDays)
	case left <= cfg.Jobs.Deadline.WithinWorkingDays:
		msg = deadlineNearMessage(cfg.Coordinators, m, deadline, left)
	default:
		return fmt.Sprintf("%s: deadline %s, %d working days left", m, deadline, left), nil
	}
	if err := c.DB.Enqueue(ctx, cfg.Channels(), []store.Message{msg}); err != nil {
		return "", err
	}
	return msg.Subject, nil
}

// Manifest describes what a delivery wrote.
type Manifest struct {
	Month     string         `json:"month"`
	Version   int            `json:"version"`
	Delivered string         `json:"delivered"`
	Digest    string         `json:"digest"` // the version's SHA-256 digest (dutyroster verify)
	Files     []ManifestFile `json:"files"`
}

// ManifestFile is one delivered file: for whom, which version, its SHA-256 and size.
type ManifestFile struct {
	File      string `json:"file"`
	Recipient string `json:"recipient"`
	PostID    string `json:"post_id,omitempty"`
	Version   int    `json:"version"`
	SHA256    string `json:"sha256"`
	Bytes     int    `json:"bytes"`
}

// OutboxDir resolves the deliver job's outbox: a relative path is taken from the database's folder.
func OutboxDir(c *Center) string {
	dir := c.daemonConfig().Jobs.Deliver.Outbox
	if dir == "" {
		dir = "outbox"
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(filepath.Dir(c.DB.Path), dir)
	}
	return dir
}

// Deliver writes each published version not yet delivered: the per-post files, the Center's
// file and a manifest, into outbox/<month>/v<version>/, once per version. The documents are
// dated by now, the instant the job runs for.
func Deliver(ctx context.Context, c *Center, now time.Time) (string, error) {
	cfg := c.daemonConfig()
	pending, err := c.DB.UndeliveredVersions(ctx)
	if err != nil {
		return "", err
	}
	lang := cfg.Jobs.Deliver.Lang
	if lang == "" {
		lang = "vi"
	}
	var done []string
	for _, v := range pending {
		if ctx.Err() != nil {
			return strings.Join(done, "; "), ctx.Err()
		}
		r, err := c.DB.Roster(ctx, v.Month, v.Version)
		if err != nil {
			return "", err
		}
		folder := filepath.Join(OutboxDir(c), v.Month.String(), fmt.Sprintf("v%d", v.Version))
		files, err := BuildExport(ctx, c, r, ExportRequest{Format: "xlsx", SplitBy: "post", Lang: lang, Out: folder, At: now})
		if err != nil {
			return "", err
		}
		man := Manifest{Month: v.Month.String(), Version: v.Version, Delivered: now.UTC().Format(time.RFC3339), Digest: r.Digest}
		for _, f := range files {
			sum := sha256.Sum256(f.Data)
			mf := ManifestFile{File: filepath.Base(f.Path), Recipient: c.Plan.Center.Name, PostID: f.PostID, Version: v.Version,
				SHA256: hex.EncodeToString(sum[:]), Bytes: len(f.Data)}
			if p := c.Plan.Post(f.PostID); p != nil {
				mf.Recipient = p.Name
			}
			man.Files = append(man.Files, mf)
		}
		body, err := json.MarshalIndent(man, "", "  ")
		if err != nil {
			return "", err
		}
		// The set and its manifest appear in the outbox together, or not at all.
		set := append(files, OutputFile{Path: filepath.Join(folder, "manifest.json"), Data: append(body, '\n')})
		if err := WriteFiles(set); err != nil {
			return "", err
		}
		msg := deliveredMessage(cfg.Coordinators, v.Month, v.Version, len(files), folder)
		if err := c.DB.RecordDelivery(ctx, v.Month, v.Version, folder, body, cfg.Channels(), []store.Message{msg}); err != nil {
			return "", err
		}
		done = append(done, fmt.Sprintf("%s v%d: %d files", v.Month, v.Version, len(files)))
	}
	if len(done) == 0 {
		return "nothing new to deliver", nil
	}
	return strings.Join(done, "; "), nil
}

// Remind tells each officer of a published duty starting within the remind job's lead, once
// per duty.
func Remind(ctx context.Context, c *Center, now time.Time) (string, error) {
	cfg := c.daemonConfig()
	before := cfg.Jobs.Remind.Before
	if before <= 0 {
		before = 18 * time.Hour
	}
	soon, err := c.DB.AssignmentsBetween(ctx, now.Add(time.Second), now.Add(before).Add(time.Second), "", "", false)
	if err != nil {
		return "", err
	}
	versions := map[roster.Month]int{}
	var rs []store.Reminder
	for _, a := range soon {
		o := c.Officer(a.OfficerID)
		if o == nil {
			continue
		}
		m := roster.MonthOf(roster.DateOf(a.Start.In(c.Loc)))
		if _, ok := versions[m]; !ok {
			vs, err := c.DB.Versions(ctx, m)
			if err != nil {
				return "", err
			}
			for _, v := range vs {
				if v.Status == roster.StatusPublished {
					versions[m] = v.Version
				}
			}
		}
		rs = append(rs, store.Reminder{Assignment: a, Month: m, Version: versions[m], Message: reminderMessage(c, o, a, m)})
	}
	n, err := c.DB.RecordReminders(ctx, rs, cfg.Channels())
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d reminders for duties until %s", n, now.Add(before).In(c.Loc).Format("02/01 15:04")), nil
}
