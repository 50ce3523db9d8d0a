package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/roster"
)

func newNowCmd(env *Env) *cobra.Command {
	var post, at, output, lang string
	var draft bool
	cmd := &cobra.Command{
		Use:   "now [--post ID] [--at \"2026-03-14 23:00\"]",
		Short: "Who is on duty and who is backup at each post now (or at --at), with phones",
		Long: `now answers the police desk's question: for each post (or --post), who is on duty and who backs
them up at that instant, with their phones, and the Center hotline. It reads published rosters
(--draft: the newest draft where nothing is published). When nobody is on duty it says so and names
the next duty.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "table" && output != "json" {
				return roster.Errorf(roster.EINVALID, "unknown --output %q; use table or json", output)
			}
			lt, err := app.ViewLabels(lang)
			if err != nil {
				return err
			}
			c, err := env.openDirectory(cmd.Context())
			if err != nil {
				return err
			}
			defer c.Close()
			t := env.Now().In(c.Loc)
			if at != "" {
				if t, err = app.ParseAt(at, c.Loc); err != nil {
					return err
				}
			}
			j, err := app.Now(cmd.Context(), c, t, post, draft)
			if err != nil {
				return err
			}
			if output == "json" {
				return app.WriteJSON(env.Stdout, j)
			}
			app.PrintNow(env.Stdout, lt, j, t)
			return nil
		},
	}
	cmd.Flags().StringVar(&post, "post", "", "only this post")
	cmd.Flags().StringVar(&at, "at", "", "the time to ask about (default: now), local to the Center")
	cmd.Flags().BoolVar(&draft, "draft", false, "read the newest draft where a month is not published")
	cmd.Flags().StringVar(&lang, "lang", "vi", "vi or en")
	formatFlag(cmd, &output, "table", "json")
	return cmd
}

type myOptions struct {
	officer, from, to, output, ics, lang string
	draft                                bool
}

func newMyCmd(env *Env) *cobra.Command {
	var o myOptions
	cmd := &cobra.Command{
		Use:   "my --officer ID [--from D] [--to D] [--ics FILE]",
		Short: "An officer's upcoming duties, with post, address, times, mode, backup and phones",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "officer"); err != nil {
				return err
			}
			return runMy(cmd.Context(), env, o)
		},
	}
	officerFlag(env, cmd, &o.officer, "officer", "the officer (required)")
	cmd.Flags().StringVar(&o.from, "from", "", "first day (default: now)")
	cmd.Flags().StringVar(&o.to, "to", "", "last day (default: two months on)")
	cmd.Flags().StringVar(&o.ics, "ics", "", "also write the duties as a calendar file")
	cmd.Flags().BoolVar(&o.draft, "draft", false, "read the newest draft where a month is not published")
	cmd.Flags().StringVar(&o.lang, "lang", "vi", "vi or en")
	outputFlag(cmd, &o.output)
	return cmd
}

func runMy(ctx context.Context, env *Env, o myOptions) error {
	if err := checkOutput(o.output); err != nil {
		return err
	}
	lt, err := app.ViewLabels(o.lang)
	if err != nil {
		return err
	}
	c, err := env.openDirectory(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	off := c.Plan.Officer(o.officer)
	if off == nil {
		return roster.Errorf(roster.ENOTFOUND, "no officer with id %q; `dutyroster officer list` shows them", o.officer)
	}
	from, to, err := app.DutyPeriod(o.from, o.to, env.Now(), c.Loc)
	if err != nil {
		return err
	}
	mine, duties, err := app.MyDuties(ctx, c, o.officer, from, to, o.draft)
	if err != nil {
		return err
	}
	if o.ics != "" {
		data, err := app.MyCalendar(ctx, c, o.officer, mine, from, to, o.draft, o.lang, env.Now())
		if err != nil {
			return err
		}
		if err := app.WriteFileAtomic(o.ics, data, 0o644); err != nil {
			return err
		}
		env.printf(env.Stderr, "wrote %s: %d duties\n", o.ics, len(mine))
	}
	if o.output != "table" {
		return app.DutiesTable(lt, duties).Write(env.lang, env.Stdout, o.output)
	}
	return app.PrintMy(env.Stdout, env.lang, lt, off, duties, from, to)
}

func newNextCmd(env *Env) *cobra.Command {
	var officer, lang string
	var draft bool
	cmd := &cobra.Command{
		Use:   "next --officer ID",
		Short: "The officer's next duty, on one line (for a shell prompt)",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "officer"); err != nil {
				return err
			}
			lt, err := app.ViewLabels(lang)
			if err != nil {
				return err
			}
			c, err := env.openDirectory(cmd.Context())
			if err != nil {
				return err
			}
			defer c.Close()
			// A duty running now counts as next.
			d, err := app.NextDuty(cmd.Context(), c, officer, env.Now().In(c.Loc), draft)
			if err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, app.NextLine(lt, d))
			return nil
		},
	}
	officerFlag(env, cmd, &officer, "officer", "the officer (required)")
	cmd.Flags().BoolVar(&draft, "draft", false, "read the newest draft where a month is not published")
	cmd.Flags().StringVar(&lang, "lang", "vi", "vi or en")
	return cmd
}
