package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dutyroster/roster"
	"dutyroster/roster/holiday"
	"dutyroster/scheduler"
	"dutyroster/store"
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

// monthSeed is the default seed: the month itself, so each month differs but reruns agree.
func monthSeed(m roster.Month) uint64 { return uint64(m.Year*100 + int(m.Month)) }

func parseSeed(s string, m roster.Month) (uint64, error) {
	if s == "" {
		return monthSeed(m), nil
	}
	v, err := strconv.ParseUint(s, 10, 63)
	if err != nil {
		return 0, roster.Errorf(roster.EINVALID, "--seed %q is not a whole number from 0 to 2^63-1", s)
	}
	return v, nil
}

// problemFor gathers everything the scheduler needs for month m from the database.
func problemFor(ctx context.Context, db *store.DB, plan *roster.Plan, m roster.Month, seed uint64) (*scheduler.Problem, *store.GenerationContext, error) {
	gc, err := db.LoadGenerationContext(ctx, m)
	if err != nil {
		return nil, nil, err
	}
	rot := map[string]scheduler.RotationState{}
	for k, v := range gc.Rotation {
		rot[k] = scheduler.RotationState{Next: v.Next, Owed: v.Owed}
	}
	return &scheduler.Problem{Plan: plan, Month: m, Calendar: holiday.New(plan.Holidays), Seed: seed, Ledger: gc.Ledger,
		Before: gc.Before, Rotation: rot}, gc, nil
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
	db, plan, err := env.openWithPlan(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, published, err := db.MonthStatus(ctx, m); err != nil {
		return err
	} else if published {
		return roster.Errorf(roster.ECONFLICT, "%s is already published; change it with an amendment (swap, replace, assign, unassign), not generate", m)
	}
	p, _, err := problemFor(ctx, db, plan, m, seed)
	if err != nil {
		return err
	}
	p.Effort = opts.effort
	p.Progress = newProgress(env)
	res, err := scheduler.Solve(p)
	if err != nil {
		return err
	}
	version := 0
	if !opts.dryRun {
		nr := &store.NewRoster{Month: m, Seed: seed, Assignments: res.Assignments, Unfilled: res.Unfilled,
			Rotation: map[string]store.RotationState{}, Officers: res.Participants}
		for k, v := range res.Rotation {
			nr.Rotation[k] = store.RotationState{Next: v.Next, Owed: v.Owed}
		}
		if version, err = db.SaveDraft(ctx, nr, env.actor(cmd)); err != nil {
			return err
		}
	}
	printSummary(env.Stdout, m, version, seed, res)
	if opts.dryRun {
		fmt.Fprintln(env.Stdout, "dry run: nothing was stored")
	}
	if missing := roster.MissingPlaces(res.Unfilled); missing > 0 && opts.strict {
		return roster.Errorf(roster.EINCOMPLETE, "%d places of %s are unfilled (--strict)", missing, m)
	}
	return nil
}

// printSummary reports slots, places filled, unfilled places with reasons and the burden spread.
func printSummary(w io.Writer, m roster.Month, version int, seed uint64, res *scheduler.Result) {
	places := res.Capacity.Places
	missing := roster.MissingPlaces(res.Unfilled)
	stored := "not stored"
	if version > 0 {
		stored = fmt.Sprintf("stored as draft version %d", version)
	}
	fmt.Fprintf(w, "%s: %d slots, %d places, %d filled, %d unfilled (seed %d, %s)\n", m, len(res.Slots), places, places-missing, missing, seed, stored)
	for _, n := range res.Capacity.Notes {
		fmt.Fprintf(w, "capacity: %s\n", n)
	}
	const shown = 20
	for i, u := range res.Unfilled {
		if i == shown {
			fmt.Fprintf(w, "unfilled: ... and %d more; `dutyroster roster show --month %s` lists every one with its reason\n", len(res.Unfilled)-shown, m)
			break
		}
		fmt.Fprintf(w, "unfilled: %s\n", u.Reason)
	}
	stats := roster.ComputeStats(res.Assignments, copyShares(res.Participants))
	sp := roster.SpreadOf(stats)
	fmt.Fprintf(w, "burden per officer (weight / share): min %s, median %s, max %s, spread %s over %d officers\n",
		sp.BurdenMin, sp.BurdenMedian, sp.BurdenMax, sp.Burden, len(stats))
}

func copyShares(m map[string]roster.Milli) map[string]roster.Milli {
	out := make(map[string]roster.Milli, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
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
		fmt.Fprintf(env.Stderr, "\r\033[Kgenerating: %s", strings.TrimSpace(msg))
	}
}
