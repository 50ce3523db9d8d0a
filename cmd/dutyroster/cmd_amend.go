package main

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/roster"
)

// --- publish ---

type publishOptions struct {
	month, by     string
	version       int
	allowUnfilled bool
}

func newPublishCmd(env *Env) *cobra.Command {
	var o publishOptions
	cmd := &cobra.Command{
		Use:   "publish --month YYYY-MM [--version N] [--author NAME] [--allow-unfilled]",
		Short: "Freeze a draft as the month's published roster",
		Long: `publish freezes a draft (the newest, or --version) as the month's published roster, which is never
changed in place afterwards: changes are amendments (swap, replace, assign, unassign), each a new version.
It refuses a roster that breaks a hard rule, or (without --allow-unfilled) has unfilled places, and
warns when it is later than the notice deadline.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "month"); err != nil {
				return err
			}
			return runPublish(cmd.Context(), env, cmd, o)
		},
	}
	cmd.Flags().StringVar(&o.month, "month", "", "the month (required)")
	cmd.Flags().IntVar(&o.version, "version", 0, "the draft to publish (default: the newest)")
	cmd.Flags().StringVar(&o.by, "by", "", "old name of --author")
	cmd.Flags().MarkHidden("by")
	cmd.Flags().BoolVar(&o.allowUnfilled, "allow-unfilled", false, "publish although places are unfilled")
	return cmd
}

func runPublish(ctx context.Context, env *Env, cmd *cobra.Command, o publishOptions) error {
	m, err := roster.ParseMonth(o.month)
	if err != nil {
		return err
	}
	c, err := env.openCenter(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	p, err := app.Publish(ctx, c, env.Now(), app.PublishRequest{Month: m, Version: o.version, By: env.authorOr(o.by), AllowUnfilled: o.allowUnfilled,
		Actor: env.actor(cmd)})
	if err != nil {
		return err
	}
	r := p.Roster
	env.printf(env.Stdout, "published %s version %d by %s: %d assignments, %d unfilled places\n", m, r.Version, r.PublishedBy,
		len(r.Assignments), roster.MissingPlaces(r.Unfilled))
	if p.Late {
		env.printf(env.Stderr, "warning: published on %s, after the notice deadline %s (%d working days before %s); send it to the courts and police at once\n",
			p.Today, p.Deadline, c.Plan.Rules.NoticeWorkingDays, m.First())
	}
	return nil
}

// --- amendments ---

type amendOptions struct {
	month, by, reason string
	dryRun            bool
}

func (o *amendOptions) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.month, "month", "", "the month (required): a published month, or one with a draft to edit")
	cmd.Flags().StringVar(&o.by, "by", "", "old name of --author")
	cmd.Flags().MarkHidden("by")
	cmd.Flags().StringVar(&o.reason, "reason", "", "why (required; recorded and shown in the history)")
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "show the change and its checks, write nothing")
}

// runAmend applies a change to a published month as a new published version (see app.Amend)
// and prints what changed.
func runAmend(ctx context.Context, env *Env, cmd *cobra.Command, o amendOptions, change app.Change) error {
	if err := requireFlags(cmd, "month"); err != nil {
		return err
	}
	if strings.TrimSpace(o.reason) == "" {
		return roster.Errorf(roster.EINVALID, "%s needs --reason: say why (it is recorded and shown in the history)", cmd.CommandPath())
	}
	m, err := roster.ParseMonth(o.month)
	if err != nil {
		return err
	}
	c, err := env.openCenter(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	am, err := app.Amend(ctx, c, app.AmendRequest{Month: m, By: env.authorOr(o.by), Reason: o.reason, Actor: env.actor(cmd), DryRun: o.dryRun}, change)
	if err != nil {
		return err
	}
	for _, l := range am.Lines {
		env.printf(env.Stdout, "%s\n", l)
	}
	switch {
	case am.Proposal:
		env.printf(env.Stdout, "proposal only: nothing was written; run again with --yes to apply it\n")
	case am.DryRun:
		env.printf(env.Stdout, "the change keeps every hard rule; dry run: nothing was written (%s stays at version %d)\n", m, am.Base)
	case am.Status == roster.StatusDraft:
		env.printf(env.Stdout, "%s draft version %d (edits version %d): %s\n", m, am.Version, am.Base, am.Reason)
	default:
		env.printf(env.Stdout, "%s version %d published (amends version %d): %s\n", m, am.Version, am.Base, am.Reason)
	}
	return nil
}

func newSwapCmd(env *Env) *cobra.Command {
	var o amendOptions
	var req app.SwapRequest
	var date, withDate string
	cmd := &cobra.Command{
		Use:   "swap --month M --officer A --date D1 --with B --with-date D2 --reason TEXT",
		Short: "Two officers exchange duties (a published month, or a draft)",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "officer", "date", "with", "with-date"); err != nil {
				return err
			}
			var err error
			if req.Date, err = app.ParseDay("date", date); err != nil {
				return err
			}
			if req.WithDate, err = app.ParseDay("with-date", withDate); err != nil {
				return err
			}
			return runAmend(cmd.Context(), env, cmd, o, app.Swap(req))
		},
	}
	o.register(cmd)
	officerFlag(env, cmd, &req.Officer, "officer", "officer A")
	cmd.Flags().StringVar(&date, "date", "", "the day of A's place (YYYY-MM-DD)")
	officerFlag(env, cmd, &req.With, "with", "officer B")
	cmd.Flags().StringVar(&withDate, "with-date", "", "the day of B's place")
	cmd.Flags().StringVar(&req.Post, "post", "", "A's post, when A has two places that day")
	cmd.Flags().StringVar(&req.WithPost, "with-post", "", "B's post, when B has two places that day")
	return cmd
}

func newReplaceCmd(env *Env) *cobra.Command {
	var o amendOptions
	var req app.ReplaceRequest
	var from, to string
	cmd := &cobra.Command{
		Use:   "replace --month M --officer A --from D1 [--to D2] [--replacement B] [--yes] --reason TEXT",
		Short: "Give an officer's places in a date range to another (illness, a hearing)",
		Long: `replace hands officer A's places from D1 to D2 (default: D1 only) to officer B; without --replacement
the scheduler proposes the fairest valid replacement for each place, which --yes applies.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "officer", "from"); err != nil {
				return err
			}
			if cmd.Flags().Changed("by") && req.By == "" {
				// The old --by named the author, and was read as the replacement: refuse the guess.
				return roster.Errorf(roster.EINVALID, "replace --by %q is ambiguous: who makes the change is --author, who takes the places is --replacement", o.by)
			}
			var err error
			if req.From, err = app.ParseDay("from", from); err != nil {
				return err
			}
			req.To = req.From
			if to != "" {
				if req.To, err = app.ParseDay("to", to); err != nil {
					return err
				}
			}
			if req.To.Before(req.From) {
				return roster.Errorf(roster.EINVALID, "--from %s is after --to %s", req.From, req.To)
			}
			if req.By == req.Officer {
				return roster.Errorf(roster.EINVALID, "--replacement is %s, the officer being replaced", req.Officer)
			}
			return runAmend(cmd.Context(), env, cmd, o, app.Replace(req))
		},
	}
	o.register(cmd)
	officerFlag(env, cmd, &req.Officer, "officer", "the officer who cannot serve")
	cmd.Flags().StringVar(&from, "from", "", "first day (YYYY-MM-DD)")
	cmd.Flags().StringVar(&to, "to", "", "last day (default: --from)")
	officerFlag(env, cmd, &req.By, "replacement", "the officer who takes the places (default: the scheduler proposes)")
	officerFlag(env, cmd, &req.By, "by-officer", "old name of --replacement")
	cmd.Flags().MarkHidden("by-officer")
	cmd.Flags().BoolVar(&req.Apply, "yes", false, "apply the scheduler's proposal")
	return cmd
}

// slotFlags name one slot: post, day and (when the post has several) shift.
type slotFlags struct {
	post, shift, date, officer, role string
}

func (f *slotFlags) register(env *Env, cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.post, "post", "", "the post")
	cmd.Flags().StringVar(&f.shift, "shift", "", "the shift (when the post has several that day)")
	cmd.Flags().StringVar(&f.date, "date", "", "the day the slot starts (YYYY-MM-DD)")
	officerFlag(env, cmd, &f.officer, "officer", "the officer")
	cmd.Flags().StringVar(&f.role, "role", "duty", "duty or backup")
}

// request checks the flags and makes the use case's request.
func (f *slotFlags) request() (app.SlotRequest, error) {
	d, err := app.ParseDay("date", f.date)
	return app.SlotRequest{Post: f.post, Shift: f.shift, Officer: f.officer, Date: d, Role: roster.DutyRole(f.role)}, err
}

func newAssignCmd(env *Env) *cobra.Command {
	var o amendOptions
	var f slotFlags
	cmd := &cobra.Command{
		Use:   "assign --month M --post ID --date D --officer ID [--shift ID] [--role duty|backup] --reason TEXT",
		Short: "Put an officer in one slot (an unfilled place, usually) of a published month or a draft",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "post", "date", "officer"); err != nil {
				return err
			}
			req, err := f.request()
			if err != nil {
				return err
			}
			return runAmend(cmd.Context(), env, cmd, o, app.Assign(req))
		},
	}
	o.register(cmd)
	f.register(env, cmd)
	return cmd
}

func newUnassignCmd(env *Env) *cobra.Command {
	var o amendOptions
	var f slotFlags
	cmd := &cobra.Command{
		Use:   "unassign --month M --post ID --date D --officer ID [--shift ID] --reason TEXT",
		Short: "Take an officer out of one slot of a published month or a draft; the place is left unfilled",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "post", "date", "officer"); err != nil {
				return err
			}
			req, err := f.request()
			if err != nil {
				return err
			}
			return runAmend(cmd.Context(), env, cmd, o, app.Unassign(req, o.reason))
		},
	}
	o.register(cmd)
	f.register(env, cmd)
	return cmd
}

func newRevertCmd(env *Env) *cobra.Command {
	var o amendOptions
	var to int
	cmd := &cobra.Command{
		Use:   "revert --month M --to-version N --reason TEXT",
		Short: "Make a month equal to an earlier version again, as a new version (nothing is deleted)",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "to-version"); err != nil {
				return err
			}
			if to < 1 {
				return roster.Errorf(roster.EINVALID, "--to-version is a version number from 1, not %d", to)
			}
			return runAmend(cmd.Context(), env, cmd, o, app.Revert(to))
		},
	}
	o.register(cmd)
	cmd.Flags().IntVar(&to, "to-version", 0, "the version whose duties the month takes again")
	return cmd
}
