package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

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
			var posts []roster.Post
			for _, p := range plan.Posts {
				if p.Active || all {
					posts = append(posts, p)
				}
			}
			roster.SortVietnamese(posts, func(p roster.Post) string { return p.Name }, func(p roster.Post) string { return p.ID })
			l := listing{header: []string{"id", "name", "kind", "area", "phone", "shifts", "active"}}
			js := []app.PostJSON{}
			for _, p := range posts {
				var shifts []string
				for _, s := range p.Shifts {
					shifts = append(shifts, fmt.Sprintf("%s %s-%s %s", s.ID, s.Start, s.End, s.Mode))
				}
				l.rows = append(l.rows, []string{p.ID, p.Name, string(p.Kind), p.Area, p.Phone, strings.Join(shifts, "; "), strconv.FormatBool(p.Active)})
				js = append(js, app.ToPostJSON(p))
			}
			l.json = js
			return l.write(env.lang, env.Stdout, output)
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
			if output == "json" {
				return writeJSON(env.Stdout, j)
			}
			env.printf(env.Stdout, "%s  %s (%s, area %s)\n%s  %s\n\n", j.ID, j.Name, env.lang.T(j.Kind), orDash(j.Area), orDash(j.Address), orDash(j.Phone))
			l := listing{header: []string{"shift", "label", "rrule", "start", "end", "mode", "need", "roles", "backup", "backup_roles", "holidays", "strategy", "order"}}
			for _, s := range j.Shifts {
				l.rows = append(l.rows, []string{s.ID, s.Label, s.RRule, s.Start, s.End, string(s.Mode), strconv.Itoa(s.Need),
					joinRoles(s.Roles), strconv.Itoa(s.Backup), joinRoles(s.BackupRoles), s.Holidays, s.Strategy, strings.Join(s.Order, " ")})
			}
			return l.write(env.lang, env.Stdout, output)
		},
	}
	outputFlag(cmd, &output)
	return cmd
}

func joinRoles(rs []roster.Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, " ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
