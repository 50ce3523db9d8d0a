package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/roster"
)

func newRosterCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "roster", Short: "Show stored rosters"}
	cmd.AddCommand(newRosterShowCmd(env), newHistoryCmd(env), newDiffCmd(env))
	return cmd
}

type rosterShowOptions struct {
	month, post, officer, output string
	version                      int
}

func newRosterShowCmd(env *Env) *cobra.Command {
	var opts rosterShowOptions
	cmd := &cobra.Command{
		Use:   "show --month YYYY-MM [--version N] [--post ID] [--officer ID]",
		Short: "Show a month's roster: the published version, else the newest draft",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "month"); err != nil {
				return err
			}
			return runRosterShow(cmd.Context(), env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.month, "month", "", "the month (required)")
	cmd.Flags().IntVar(&opts.version, "version", 0, "a version number (default: published, else newest draft)")
	cmd.Flags().StringVar(&opts.post, "post", "", "only this post")
	officerFlag(env, cmd, &opts.officer, "officer", "only this officer")
	outputFlag(cmd, &opts.output)
	return cmd
}

func runRosterShow(ctx context.Context, env *Env, opts rosterShowOptions) error {
	if err := checkOutput(opts.output); err != nil {
		return err
	}
	m, err := roster.ParseMonth(opts.month)
	if err != nil {
		return err
	}
	c, err := env.openReader(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	plan := c.Plan
	r, err := c.DB.Roster(ctx, m, opts.version)
	if err != nil {
		return err
	}
	if err := app.FilterRoster(plan, r, opts.post, opts.officer); err != nil {
		return err
	}
	l := app.RosterTable(plan, r, opts.output, env.lang)
	if opts.output != "table" {
		return l.Write(env.lang, env.Stdout, opts.output)
	}
	env.printf(env.Stdout, "%s version %d (%s), seed %d: %d assignments, %d unfilled places\n\n", r.Month, r.Version, roster.T(string(r.Status)), r.Seed,
		len(r.Assignments), roster.MissingPlaces(r.Unfilled))
	if err := l.Write(env.lang, env.Stdout, "table"); err != nil {
		return err
	}
	for _, u := range r.Unfilled {
		env.printf(env.Stdout, "\nunfilled: %s", u.Why())
	}
	if len(r.Unfilled) > 0 {
		fmt.Fprintln(env.Stdout)
	}
	return nil
}

func newStatsCmd(env *Env) *cobra.Command {
	var month, year, output string
	cmd := &cobra.Command{
		Use:   "stats --month YYYY-MM | --year YYYY",
		Short: "Per officer: duties, backups, weekend, holiday, night, burden, fair share and deviation",
		Long: `stats measures the current version of a month (or of every month of a year): burden is the sum
of slot weights (a backup counts half) divided by share; fair share is what everyone would carry if
burden were spread exactly by share; deviation is the difference. The last line gives each spread.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(output); err != nil {
				return err
			}
			if (month == "") == (year == "") {
				return app.ErrStatsPeriod
			}
			c, err := env.openReader(cmd.Context())
			if err != nil {
				return err
			}
			defer c.Close()
			j, err := app.Stats(cmd.Context(), c, month, year)
			if err != nil {
				return err
			}
			return writeStats(env, j, output)
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "a month")
	cmd.Flags().StringVar(&year, "year", "", "a whole year (the sum of its months)")
	outputFlag(cmd, &output)
	return cmd
}

func writeStats(env *Env, j *app.StatsJSON, output string) error {
	if err := app.StatsTable(j, output).Write(env.lang, env.Stdout, output); err != nil || output != "table" {
		return err
	}
	sp := j.Spread
	env.printf(env.Stdout, "\n%s: burden min %s, median %s, max %s\n", j.Period, sp.BurdenMin, sp.BurdenMedian, sp.BurdenMax)
	if j.BurdenFloor != nil {
		env.printf(env.Stdout, "no roster filling the same places can have a heaviest burden below %s\n", *j.BurdenFloor)
	}
	return nil
}
