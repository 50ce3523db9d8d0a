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
			return []store.Message{generatedMessage(c.noticeLang(), cfg.Coordinators, m, res.Capacity.Places, roster.MissingPlaces(res.Unfilled), deadline)}
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
		msg = deadlinePassedMessage(c.noticeLang(), cfg.Coordinators, m, deadline, c.Plan.Rules.NoticeWorkingDays)
	case left <= cfg.Jobs.Deadline.WithinWorkingDays:
		msg = deadlineNearMessage(c.noticeLang(), cfg.Coordinators, m, deadline, left)
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

// Deliver sends each month's newest published version that has not been delivered: the
// Center's file and the files of the posts whose duties changed since the version delivered
// before (every post the first time), with a manifest, into outbox/<month>/v<version>/. Each
// post's contacts get its file, saying what changed there; the coordinators get a summary. When
// several versions of a month wait, only the newest goes out and the older ones are recorded as
// superseded. The documents are dated by now, the instant the job runs for.
func Deliver(ctx context.Context, c *Center, now time.Time) (string, error) {
	cfg := c.daemonConfig()
	pending, err := c.DB.UndeliveredVersions(ctx)
	if err != nil {
		return "", err
	}
	newest := map[roster.Month]int{}
	var months []roster.Month
	for _, v := range pending {
		if _, ok := newest[v.Month]; !ok {
			months = append(months, v.Month)
		}
		newest[v.Month] = max(newest[v.Month], v.Version)
	}
	var done []string
	for _, v := range pending {
		if v.Version < newest[v.Month] {
			if err := c.DB.RecordSuperseded(ctx, v.Month, v.Version, newest[v.Month]); err != nil {
				return "", err
			}
			done = append(done, fmt.Sprintf("%s v%d superseded by v%d", v.Month, v.Version, newest[v.Month]))
		}
	}
	for _, m := range months {
		if ctx.Err() != nil {
			return strings.Join(done, "; "), ctx.Err()
		}
		line, err := deliverVersion(ctx, c, cfg, m, newest[m], now)
		if err != nil {
			return "", err
		}
		done = append(done, line)
	}
	if len(done) == 0 {
		return "nothing new to deliver", nil
	}
	return strings.Join(done, "; "), nil
}

// deliverVersion writes and records the delivery of one version.
func deliverVersion(ctx context.Context, c *Center, cfg *roster.DaemonConfig, m roster.Month, version int, now time.Time) (string, error) {
	r, err := c.DB.Roster(ctx, m, version)
	if err != nil {
		return "", err
	}
	lang := cfg.Jobs.Deliver.Lang
	if lang == "" {
		lang = "vi"
	}
	folder := filepath.Join(OutboxDir(c), m.String(), fmt.Sprintf("v%d", version))
	files, err := BuildExport(ctx, c, r, ExportRequest{Format: "xlsx", SplitBy: "post", Lang: lang, Out: folder, At: now})
	if err != nil {
		return "", err
	}
	// Posts whose duties changed since the version delivered before; all the first time.
	var changes []roster.Change
	changed := map[string]bool{}
	prev, err := c.DB.LastDelivered(ctx, m)
	if err != nil {
		return "", err
	}
	if prev > 0 {
		old, err := c.DB.Roster(ctx, m, prev)
		if err != nil {
			return "", err
		}
		changes = roster.Diff(old.Assignments, r.Assignments)
		for _, ch := range changes {
			changed[ch.PostID] = true
		}
		kept := files[:0]
		for _, f := range files {
			if f.PostID == "" || changed[f.PostID] {
				kept = append(kept, f)
			}
		}
		files = kept
	}
	man := Manifest{Month: m.String(), Version: version, Delivered: now.UTC().Format(time.RFC3339), Digest: r.Digest}
	for _, f := range files {
		sum := sha256.Sum256(f.Data)
		mf := ManifestFile{File: filepath.Base(f.Path), Recipient: c.Plan.Center.Name, PostID: f.PostID, Version: version,
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
	msgs := []store.Message{deliveredMessage(c.noticeLang(), cfg.Coordinators, m, version, len(files), folder)}
	for _, f := range files {
		if p := c.Plan.Post(f.PostID); p != nil && len(p.Contacts) > 0 {
			msgs = append(msgs, postRosterMessage(c, p, r, prev, changes, f.Path))
		}
	}
	if err := c.DB.RecordDelivery(ctx, m, version, folder, body, cfg.Channels(), msgs); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s v%d: %d files", m, version, len(files)), nil
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

// Digest sends each active post with contacts who is on duty there from now until 07:00
// tomorrow, with phones (saying when someone named cannot serve), and the coordinators the
// published duties that break a rule, until they are amended.
func Digest(ctx context.Context, c *Center, now time.Time) (string, error) {
	cfg := c.daemonConfig()
	l := c.noticeLang()
	local := now.In(c.Loc)
	until := time.Date(local.Year(), local.Month(), local.Day()+1, 7, 0, 0, 0, c.Loc)
	absent := c.absenceAt(ctx)
	var msgs []store.Message
	for _, p := range c.Plan.Posts {
		if !p.Active || len(p.Contacts) == 0 {
			continue
		}
		as, err := c.DB.AssignmentsBetween(ctx, now.Add(-maxDutyView), until, "", p.ID, false)
		if err != nil {
			return "", err
		}
		var body strings.Builder
		l.Fprintf(&body, "%s: on duty from %s to %s.", p.Name, local.Format("15:04 02/01"), until.Format("15:04 02/01"))
		n := 0
		for _, a := range as {
			if !a.End.After(now) {
				continue
			}
			n++
			role := l.T("On duty")
			if a.Role == roster.Backup {
				role = l.T("On backup duty")
			}
			pr := c.person(a)
			fmt.Fprintf(&body, "\n%s %s-%s: %s %s", role, a.Start.In(c.Loc).Format("15:04 02/01"), a.End.In(c.Loc).Format("15:04 02/01"), pr.Name, pr.Phone)
			if why, err := absent(a.OfficerID, a.Start); err != nil {
				return "", err
			} else if why != "" {
				l.Fprintf(&body, " (cannot serve: %s; call the hotline)", why)
			}
		}
		if n == 0 {
			body.WriteString(l.T("\nNobody on duty: call the hotline."))
		}
		l.Fprintf(&body, "\nCenter hotline: %s", c.Plan.Center.Hotline)
		msgs = append(msgs, store.Message{Kind: "digest", PostID: p.ID, To: p.Contacts,
			Subject: l.Sprintf("Legal aid duty on %s - %s", local.Format("02/01/2006"), p.Name), Body: body.String()})
	}
	conflicts, err := Conflicts(ctx, c, now, nil)
	if err != nil {
		return "", err
	}
	if len(conflicts) > 0 && len(cfg.Coordinators) > 0 {
		var body strings.Builder
		l.Fprintf(&body, "%d published duties break a rule and need an amendment:", len(conflicts))
		for _, k := range conflicts {
			what := k.OfficerID
			if k.Place != nil {
				what = SlotText(k.Place.PostID, k.Place.Start.In(c.Loc), k.Place.End.In(c.Loc), k.Place.Role).Localize(string(l)) + " " + k.OfficerID
			}
			l.Fprintf(&body, "\n- %s: %s\n  %s", what, k.Text, k.FixText)
		}
		msgs = append(msgs, store.Message{Kind: "conflicts", To: cfg.Coordinators,
			Subject: l.Sprintf("%d published duties need an amendment", len(conflicts)), Body: body.String()})
	}
	if err := c.DB.Enqueue(ctx, cfg.Channels(), msgs); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d messages (%d conflicts)", len(msgs), len(conflicts)), nil
}
