package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"dutyroster/roster"
)

// Verify judges a roster against the assignments of the neighbouring months' current versions
// (a week either side), inside the transaction that writes it, so that what it judges is what is there
// when the write commits. It returns the error that refuses the write.
type Verify func(r *roster.Roster, around []roster.Assignment) error

// Publish freezes a draft as the month's published version: the given version, or the newest
// draft when version is 0, after verify accepts it. A month publishes once; later changes are
// amendments.
func (db *DB) Publish(ctx context.Context, m roster.Month, version int, by string, actor Actor, verify Verify) (*roster.Roster, error) {
	var out *roster.Roster
	err := db.inTx(ctx, func(tx *Tx) error {
		vs, err := tx.versions(ctx, m)
		if err != nil {
			return err
		}
		if len(vs) == 0 {
			return roster.Errorf(roster.ENOTFOUND, "no roster for %s yet; make one with `dutyroster generate --month %s`", m, m)
		}
		if p := pickVersion(vs, 0, false); p != nil {
			return roster.Errorf(roster.ECONFLICT, "%s is already published (version %d); change it with swap, replace, assign or unassign", m, p.Version)
		}
		target := pickVersion(vs, version, true)
		if target == nil {
			return roster.Errorf(roster.ENOTFOUND, "%s has no version %d; it has versions 1 to %d", m, version, len(vs))
		}
		r, err := tx.loadRoster(ctx, target)
		if err != nil {
			return err
		}
		around, err := tx.around(ctx, m)
		if err != nil {
			return err
		}
		if err := verify(r, around); err != nil {
			return err
		}
		if by == "" {
			by = actor.User
		}
		digest, err := publishVersion(ctx, tx, target.ID, tx.now, by)
		if err != nil {
			return err
		}
		r.Status, r.PublishedAt, r.PublishedBy, r.Digest = roster.StatusPublished, tx.now, by, digest
		out = r
		return tx.audit(ctx, by, actor.Command, "publish %s version %d", m, target.Version)
	})
	return out, err
}

// SaveAmendment stores r as the next version of a month, based on version base, after verify
// accepts it (given the current version, not r). For a published month the new version is
// published at once; for a month with only drafts it is the next draft (an edit of the newest).
// It refuses when base is no longer the current version (somebody else changed the month
// meanwhile), so that no change is lost. The check and the write are one transaction: a change
// to a neighbouring month that commits first is seen by verify.
func (db *DB) SaveAmendment(ctx context.Context, r *NewRoster, base int, by string, actor Actor, verify Verify) (int, error) {
	var version int
	err := db.inTx(ctx, func(tx *Tx) error {
		vs, err := tx.versions(ctx, r.Month)
		if err != nil {
			return err
		}
		cur := pickVersion(vs, 0, true)
		if cur == nil {
			return roster.Errorf(roster.ENOTFOUND, "no roster for %s yet; make one with `dutyroster generate --month %s`", r.Month, r.Month)
		}
		if cur.Version != base {
			return roster.Errorf(roster.ECONFLICT, "%s changed meanwhile: version %d is now current, not %d; look at it and try again", r.Month, cur.Version, base)
		}
		cr, err := tx.loadRoster(ctx, cur)
		if err != nil {
			return err
		}
		around, err := tx.around(ctx, r.Month)
		if err != nil {
			return err
		}
		if err := verify(cr, around); err != nil {
			return err
		}
		if by == "" {
			by = actor.User
		}
		r.BasedOn = base
		version, err = tx.insertRoster(ctx, r, cur.Status, Actor{User: by, Command: actor.Command})
		if err != nil {
			return err
		}
		if err := tx.enqueue(ctx, r.Channels, r.Notify); err != nil {
			return err
		}
		for _, a := range r.Removed {
			if _, err := tx.ExecContext(ctx, `UPDATE notifications SET status = 'cancelled', last_error = ?
				WHERE kind = 'reminder' AND status = 'pending' AND json_extract(message, '$.officer_id') = ?
				AND json_extract(message, '$.post_id') = ? AND json_extract(message, '$.start') = ?`,
				fmt.Sprintf("the duty was taken away by version %d", version), a.OfficerID, a.PostID, a.Start.Format(time.RFC3339)); err != nil {
				return fmt.Errorf("cancel reminders: %w", err)
			}
		}
		if cur.Status == roster.StatusDraft {
			return tx.audit(ctx, by, actor.Command, "%s: draft version %d edits %d: %s", r.Month, version, base, r.Reason)
		}
		return tx.audit(ctx, by, actor.Command, "%s: version %d amends %d: %s", r.Month, version, base, r.Reason)
	})
	return version, err
}

// around returns the assignments of the neighbouring months' current versions (published,
// else the newest draft) that start within a week of month m: what rest, overlap and
// consecutive days are judged against across the month's edges.
func (tx *Tx) around(ctx context.Context, m roster.Month) ([]roster.Assignment, error) {
	loc, err := tx.location(ctx)
	if err != nil {
		return nil, err
	}
	first, next := m.First().In(loc), m.Next().First().In(loc)
	before, err := tx.assignmentsBetween(ctx, first.AddDate(0, 0, -7), first, "", "", true)
	if err != nil {
		return nil, err
	}
	after, err := tx.assignmentsBetween(ctx, next, next.AddDate(0, 0, 7), "", "", true)
	if err != nil {
		return nil, err
	}
	return append(before, after...), nil
}

// CurrentInfo returns the current version of a month: the newest published, else (with drafts)
// the newest draft; nil when there is none.
func (tx *Tx) currentInfo(ctx context.Context, m roster.Month, drafts bool) (*RosterInfo, error) {
	vs, err := tx.versions(ctx, m)
	if err != nil {
		return nil, err
	}
	return pickVersion(vs, 0, drafts), nil
}

// currentIDs returns the ids of the current versions of the months from first to last.
func (tx *Tx) currentIDs(ctx context.Context, first, last roster.Month, drafts bool) ([]any, error) {
	var ids []any
	for m := first; m.String() <= last.String(); m = m.Next() {
		info, err := tx.currentInfo(ctx, m, drafts)
		if err != nil {
			return nil, err
		}
		if info != nil {
			ids = append(ids, info.ID)
		}
	}
	return ids, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// maxDuty bounds how long a place lasts, so that a search by start time finds the places
// running at an instant.
const maxDuty = 48 * time.Hour

// AssignmentsAt returns the assignments of current versions running at instant t (start <= t < end).
func (db *DB) AssignmentsAt(ctx context.Context, t time.Time, drafts bool) ([]roster.Assignment, error) {
	var out []roster.Assignment
	err := db.readTx(ctx, func(tx *Tx) error {
		loc, err := tx.location(ctx)
		if err != nil {
			return err
		}
		m := roster.MonthOf(roster.DateOf(t.In(loc)))
		ids, err := tx.currentIDs(ctx, m.Prev(), m, drafts)
		if err != nil || len(ids) == 0 {
			return err
		}
		args := append(ids, t.Add(-maxDuty).Unix(), t.Unix(), t.Unix())
		out, err = tx.assignmentsOf(ctx, `roster_id IN (`+placeholders(len(ids))+`) AND start_unix > ? AND start_unix <= ? AND end_unix > ?`, args...)
		return err
	})
	return out, err
}

// AssignmentsBetween returns the assignments of current versions starting in [from, to), of one
// officer, one post, or everyone (empty ids).
func (db *DB) AssignmentsBetween(ctx context.Context, from, to time.Time, officerID, postID string, drafts bool) ([]roster.Assignment, error) {
	var out []roster.Assignment
	err := db.readTx(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.assignmentsBetween(ctx, from, to, officerID, postID, drafts)
		return err
	})
	return out, err
}

func (tx *Tx) assignmentsBetween(ctx context.Context, from, to time.Time, officerID, postID string, drafts bool) ([]roster.Assignment, error) {
	loc, err := tx.location(ctx)
	if err != nil {
		return nil, err
	}
	first := roster.MonthOf(roster.DateOf(from.In(loc)))
	last := roster.MonthOf(roster.DateOf(to.In(loc)))
	ids, err := tx.currentIDs(ctx, first, last, drafts)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	where := `roster_id IN (` + placeholders(len(ids)) + `) AND start_unix >= ? AND start_unix < ?`
	args := append(ids, from.Unix(), to.Unix())
	if officerID != "" {
		where = `officer_id = ? AND ` + where
		args = append([]any{officerID}, args...)
	}
	if postID != "" {
		where += ` AND post_id = ?`
		args = append(args, postID)
	}
	return tx.assignmentsOf(ctx, where, args...)
}
