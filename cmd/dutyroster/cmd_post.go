package main

import (
	"context"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/roster"
)

func newPostCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "post", Short: "List and show posts (courts, investigation bodies, detention facilities)"}
	cmd.AddCommand(newPostListCmd(env), newPostShowCmd(env))
	return cmd
}

func loadPlan(ctx context.Context, env *Env) (*roster.Plan, error) {
	db, err := env.openDBReader(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.LoadPlan(ctx)
}

func newPostListCmd(env *Env) *cobra.Command {
	var output string
	var all bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List posts in Vietnamese alphabetical order",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(output); err != nil {
				return err
			}
			plan, err := loadPlan(cmd.Context(), env)
			if err != nil {
				return err
			}
			return app.PostsTable(plan, all).Write(env.lang, env.Stdout, output)
		},
	}
	outputFlag(cmd, &output)
	cmd.Flags().BoolVar(&all, "all", false, "include inactive posts")
	return cmd
}

func newPostShowCmd(env *Env) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one post and its shifts",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(output); err != nil {
				return err
			}
			plan, err := loadPlan(cmd.Context(), env)
			if err != nil {
				return err
			}
			p := plan.Post(args[0])
			if p == nil {
				return roster.Errorf(roster.ENOTFOUND, "no post with id %q; `dutyroster post list` shows them", args[0])
			}
			j := app.ToPostJSON(*p)
			if output == "table" {
				env.printf(env.Stdout, "%s  %s (%s, area %s)\n%s  %s\n\n", j.ID, j.Name, env.lang.T(j.Kind), orDash(j.Area), orDash(j.Address), orDash(j.Phone))
			}
			return app.ShiftsTable(j).Write(env.lang, env.Stdout, output)
		},
	}
	outputFlag(cmd, &output)
	return cmd
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
