package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/roster"
)

// printConflicts writes each conflict with the command that fixes it.
func printConflicts(env *Env, w io.Writer, c *app.Center, cs []app.Conflict) {
	for _, k := range cs {
		what := k.OfficerID
		if o := c.Officer(k.OfficerID); o != nil {
			what += " " + o.Name
		}
		if k.Place != nil {
			what = app.SlotText(k.Place.PostID, k.Place.Start.In(c.Loc), k.Place.End.In(c.Loc), k.Place.Role).Localize(string(env.lang)) + " " + what
		}
		env.printf(w, "  %s version %d: %s: [%s] %s\n    fix: %s\n", k.Month, k.Version, what, k.Rule, k.Text, k.FixText)
	}
}

// reportConflicts tells, after a write, which published duties it made impossible (of the
// given officers; of everyone when none is given). The write stands: the roster now needs an
// amendment, which the lines say how to make.
func reportConflicts(ctx context.Context, env *Env, officers ...string) error {
	c, err := env.openCenter(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	cs, err := app.Conflicts(ctx, c, env.Now(), nil, officers...)
	if err != nil || len(cs) == 0 {
		return err
	}
	env.printf(env.Stdout, "warning: published rosters now break %d hard rule(s); each needs an amendment:\n", len(cs))
	printConflicts(env, env.Stdout, c, cs)
	return nil
}

func newConflictsCmd(env *Env) *cobra.Command {
	var month string
	cmd := &cobra.Command{
		Use:   "conflicts [--month YYYY-MM]",
		Short: "List published duties that break a hard rule as things stand now, with the fix",
		Long: `conflicts judges every published month that has not ended (or --month) against the plan as it is
now: leave added after publishing, an officer deactivated or given another role or area, a holiday
moved. Each conflict names the duty and the command that fixes it. Exit code 3 when there is any.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			var months []roster.Month
			if month != "" {
				m, err := roster.ParseMonth(month)
				if err != nil {
					return err
				}
				months = []roster.Month{m}
			}
			c, err := env.openReader(cmd.Context())
			if err != nil {
				return err
			}
			defer c.Close()
			cs, err := app.Conflicts(cmd.Context(), c, env.Now(), months)
			if err != nil {
				return err
			}
			if len(cs) == 0 {
				env.printf(env.Stdout, "no conflicts: every published duty still keeps every hard rule\n")
				return nil
			}
			printConflicts(env, env.Stdout, c, cs)
			return roster.Errorf(roster.EINCOMPLETE, "%d published duties break a hard rule; amend them with the commands above", len(cs))
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "only this month")
	return cmd
}
