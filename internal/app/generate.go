package app

import (
	"context"
	"errors"

	"dutyroster/roster"
	"dutyroster/scheduler"
	"dutyroster/store"
)

// MonthSeed is the default seed: the month itself, so each month differs but reruns agree.
func MonthSeed(m roster.Month) uint64 { return uint64(m.Year*100 + int(m.Month)) }

// ProblemFor gathers everything the scheduler needs for month m from the database.
func ProblemFor(ctx context.Context, c *Center, m roster.Month, seed uint64) (*scheduler.Problem, error) {
	gc, err := c.DB.LoadGenerationContext(ctx, m)
	if err != nil {
		return nil, err
	}
	return &scheduler.Problem{Plan: c.Plan, Month: m, Calendar: c.Cal, Seed: seed, Ledger: gc.Ledger,
		Before: gc.Before, Rotation: gc.Rotation}, nil
}

// GenerateRequest asks for a month's roster.
type GenerateRequest struct {
	Month  roster.Month
	Seed   uint64
	Effort int  // scales the improvement search; 0 means 1
	DryRun bool // build and report, store nothing
	// IfNoVersion stores the draft only when the month has no version yet, decided in the
	// transaction that writes it (the daemon's generate job).
	IfNoVersion bool
	Progress    func(phase string, done, total int)
	Actor       store.Actor
	// Notify makes the messages to queue with the draft, once for each of Channels.
	Notify   func(*scheduler.Result) []store.Message
	Channels []string
}

// Generated is what Generate did.
type Generated struct {
	Month   roster.Month
	Seed    uint64
	Version int  // the draft stored; 0 when nothing was stored
	Skipped bool // IfNoVersion, and the month had a version: nothing was built
	Result  *scheduler.Result
}

// Generate builds month's roster from the stored plan and stores it as a new draft version. A
// published month is refused: it changes by amendments.
func Generate(ctx context.Context, c *Center, req GenerateRequest) (*Generated, error) {
	out := &Generated{Month: req.Month, Seed: req.Seed}
	versions, published, err := c.DB.MonthStatus(ctx, req.Month)
	if err != nil {
		return nil, err
	}
	if req.IfNoVersion && versions > 0 {
		out.Skipped = true
		return out, nil
	}
	if published {
		return nil, roster.Errorf(roster.ECONFLICT, "%s is already published; change it with an amendment (swap, replace, assign, unassign), not generate", req.Month)
	}
	p, err := ProblemFor(ctx, c, req.Month, req.Seed)
	if err != nil {
		return nil, err
	}
	p.Effort = max(req.Effort, 1)
	p.Progress = req.Progress
	if out.Result, err = scheduler.Solve(ctx, p); err != nil {
		return nil, err
	}
	if out.Result.Interrupted {
		// Stopped (Ctrl-C, SIGTERM): the roster is valid but not finished; store nothing.
		return nil, roster.Errorf(roster.EINCOMPLETE, "generating %s was interrupted; nothing was stored", req.Month)
	}
	if req.DryRun {
		return out, nil
	}
	nr := &store.NewRoster{Month: req.Month, Seed: req.Seed, Assignments: out.Result.Assignments, Unfilled: out.Result.Unfilled,
		Rotation: out.Result.Rotation, Officers: out.Result.Participants, IfNoVersion: req.IfNoVersion, Channels: req.Channels,
		CoverageBound: out.Result.Bound, BurdenFloor: out.Result.BurdenFloor}
	if req.Notify != nil {
		nr.Notify = req.Notify(out.Result)
	}
	out.Version, err = c.DB.SaveDraft(ctx, nr, req.Actor)
	if errors.Is(err, store.ErrMonthHasVersion) {
		out.Skipped, out.Version = true, 0
		return out, nil
	}
	return out, err
}
