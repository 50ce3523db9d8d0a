package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/roster"
	"dutyroster/scheduler"
)

type generateOptions struct {
	month  string
	seed   string
	dryRun bool
	strict bool
	effort int
}

func newGenerateCmd(env *Env) *cobra.Command {
	var opts generateOptions
	cmd := &cobra.Command{
		Use:   "generate --month YYYY-MM [--seed N] [--dry-run] [--strict]",
		Short: "Build a month's roster and store it as a new draft version",
		Long: `generate builds the month's roster from the stored plan: it never breaks a hard rule (role, area,
leave, overlap, rest, caps, consecutive days), fills every place it can, spreads the burden fairly
(this month and across the 12 months before) and says exactly why any place stays empty.
The same database and seed give the same roster; without --seed the seed comes from the month.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "month"); err != nil {
				return err
			}
			return runGenerate(cmd.Context(), env, cmd, opts)
		},
	}
	cmd.Flags().StringVar(&opts.month, "month", "", "the month to build (required)")
	cmd.Flags().StringVar(&opts.seed, "seed", "", "seed for tie-breaking (default: from the month)")
	cmd.Flags().BoolVar(&opts.dryRun, "dry-run", false, "build and report, store nothing")
	cmd.Flags().BoolVar(&opts.strict, "strict", false, "exit with code 3 when any place stays unfilled")
	cmd.Flags().IntVar(&opts.effort, "effort", 1, "how hard the improvement search works (1 = default)")
	return cmd
}

func parseSeed(s string, m roster.Month) (uint64, error) {
	if s == "" {
		return app.MonthSeed(m), nil
	}
	v, err := strconv.ParseUint(s, 10, 63)
	if err != nil {
		return 0, roster.Errorf(roster.EINVALID, "--seed %q is not a whole number from 0 to 2^63-1", s)
	}
	return v, nil
}

func runGenerate(ctx context.Context, env *Env, cmd *cobra.Command, opts generateOptions) error {
	m, err := roster.ParseMonth(opts.month)
	if err != nil {
		return err
	}
	seed, err := parseSeed(opts.seed, m)
	if err != nil {
		return err
	}
	if opts.effort < 1 || opts.effort > 100 {
		return roster.Errorf(roster.EINVALID, "--effort must be between 1 and 100, not %d", opts.effort)
	}
	c, err := env.openCenter(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	g, err := app.Generate(ctx, c, app.GenerateRequest{Month: m, Seed: seed, Effort: opts.effort, DryRun: opts.dryRun,
		Progress: newProgress(env), Actor: env.actor(cmd)})
	if err != nil {
		return err
	}
	printSummary(env, env.Stdout, m, g.Version, seed, g.Result)
	if opts.dryRun {
		env.printf(env.Stdout, "dry run: nothing was stored\n")
	}
	if missing := roster.MissingPlaces(g.Result.Unfilled); missing > 0 && opts.strict {
		return roster.Errorf(roster.EINCOMPLETE, "%d places of %s are unfilled (--strict)", missing, m)
	}
	return nil
}

// printSummary reports slots, places filled, unfilled places with reasons and the burden spread.
func printSummary(env *Env, w io.Writer, m roster.Month, version int, seed uint64, res *scheduler.Result) {
	places := res.Capacity.Places
	missing := roster.MissingPlaces(res.Unfilled)
	stored := env.sprintf("not stored")
	if version > 0 {
		stored = env.sprintf("stored as draft version %d", version)
	}
	env.printf(w, "%s: %d slots, %d places, %d filled, %d unfilled (seed %d, %s)\n", m, len(res.Slots), places, places-missing, missing, seed, stored)
	for _, n := range res.Capacity.Notes {
		env.printf(w, "capacity: %s\n", n)
	}
	if filled := places - missing; filled >= res.Bound {
		env.printf(w, "coverage: %d of %d places filled; no roster can fill more (provably as complete as possible)\n", filled, places)
	} else {
		env.printf(w, "coverage: %d of %d places filled; no roster can fill more than %d\n", filled, places, res.Bound)
	}
	for _, id := range res.Idle {
		env.printf(w, "note: %s can serve at no post of the plan (its role and areas match no shift); left out of the fair share\n", id)
	}
	const shown = 20
	for i, u := range res.Unfilled {
		if i == shown {
			env.printf(w, "unfilled: ... and %d more; `dutyroster roster show --month %s` lists every one with its reason\n", len(res.Unfilled)-shown, m)
			break
		}
		env.printf(w, "unfilled: %s\n", u.Why())
	}
	stats := roster.ComputeStats(res.Assignments, res.Participants)
	sp := roster.SpreadOf(stats)
	env.printf(w, "burden per officer (weight / share): min %s, median %s, max %s, spread %s over %d officers\n",
		sp.BurdenMin, sp.BurdenMedian, sp.BurdenMax, sp.Burden, len(stats))
	env.printf(w, "fairness: heaviest burden %s; no roster filling the same places can have a heaviest below %s\n", sp.BurdenMax, res.BurdenFloor)
}

// newProgress reports the search's progress on a terminal once it has run for a second.
func newProgress(env *Env) func(string, int, int) {
	if !env.IsTerminal {
		return nil
	}
	start := env.Now()
	var last time.Time
	shown := false
	return func(phase string, done, total int) {
		now := env.Now()
		if now.Sub(start) < time.Second || now.Sub(last) < 200*time.Millisecond && phase != "done" {
			return
		}
		last = now
		if phase == "done" {
			if shown {
				fmt.Fprint(env.Stderr, "\r\033[K")
			}
			return
		}
		shown = true
		msg := phase
		if total > 0 {
			msg = fmt.Sprintf("%s %d/%d", phase, done, total)
		} else if done > 0 {
			msg = fmt.Sprintf("%s (round %d)", phase, done)
		}
		env.printf(env.Stderr, "\r\033[Kgenerating: %s", strings.TrimSpace(msg))
	}
}
