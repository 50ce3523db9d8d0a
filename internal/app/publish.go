package app

import (
	"context"
	"time"

	"dutyroster/roster"
	"dutyroster/roster/check"
	"dutyroster/store"
)

// PublishRequest asks to freeze a draft.
type PublishRequest struct {
	Month         roster.Month
	Version       int    // the draft; 0: the newest
	By            string // who publishes; "": the actor's user
	AllowUnfilled bool
	Actor         store.Actor
}

// Published is what Publish did.
type Published struct {
	Roster   *roster.Roster
	Deadline roster.Date // the notice deadline of the month
	Today    roster.Date // the Center's date at the instant of publishing
	Late     bool        // published after the deadline
}

// Publish freezes a draft (the newest, or req.Version) as the month's published roster. It
// refuses a roster that breaks a hard rule, judged with the neighbouring months as they are
// when the publication commits, or (without AllowUnfilled) one with unfilled places.
func Publish(ctx context.Context, c *Center, now time.Time, req PublishRequest) (*Published, error) {
	m := req.Month
	if err := roster.CheckText("--author", req.By); err != nil {
		return nil, roster.Errorf(roster.EINVALID, "%v", err)
	}
	r, err := c.DB.Publish(ctx, m, req.Version, req.By, req.Actor, func(r *roster.Roster, around []roster.Assignment) error {
		if vs := check.Roster(check.Input{Plan: c.Plan, Assignments: r.Assignments, Context: around}); len(vs) > 0 {
			return roster.Errorf(roster.EINVALID, "refused: version %d of %s breaks %d hard rule(s): %s; nothing was published", r.Version, m, len(vs), ViolationText(vs))
		}
		if n := roster.MissingPlaces(r.Unfilled); n > 0 && !req.AllowUnfilled {
			return roster.Errorf(roster.EINVALID, "refused: version %d of %s has %d unfilled place(s), the first: %s; fill them with `dutyroster assign` after publishing with --allow-unfilled, or generate again",
				r.Version, m, n, r.Unfilled[0].Why())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	deadline := c.Cal.NoticeDeadline(m, c.Plan.Rules.NoticeWorkingDays)
	today := c.Today(now)
	return &Published{Roster: r, Deadline: deadline, Today: today, Late: today.After(deadline)}, nil
}

// ViolationText joins violations for a refusal: "[rule] message; [rule] message".
func ViolationText(vs []check.Violation) roster.Text {
	parts := make([]any, len(vs))
	for i, v := range vs {
		parts[i] = roster.T("[%s] %s", string(v.Rule), v)
	}
	return roster.Join("; ", parts...)
}
