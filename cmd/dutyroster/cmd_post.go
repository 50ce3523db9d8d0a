package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"dutyroster/roster"
)

// postJSON is the stable JSON form of a post: the plan file's keys.
type postJSON struct {
	ID      string      `json:"id"`
	Name    string      `json:"name"`
	Kind    string      `json:"kind"`
	Area    string      `json:"area"`
	Address string      `json:"address"`
	Phone   string      `json:"phone"`
	Active  bool        `json:"active"`
	Shifts  []shiftJSON `json:"shifts"`
}

type shiftJSON struct {
	ID          string        `json:"id"`
	Label       string        `json:"label"`
	RRule       string        `json:"rrule"`
	Anchor      string        `json:"anchor,omitempty"`
	Start       string        `json:"start"`
	End         string        `json:"end"`
	Mode        roster.Mode   `json:"mode"`
	Need        int           `json:"need"`
	Roles       []roster.Role `json:"roles"`
	Backup      int           `json:"backup"`
	BackupRoles []roster.Role `json:"backup_roles"`
	Holidays    string        `json:"holidays"`
	Strategy    string        `json:"strategy"`
	Order       []string      `json:"order"`
}

func toPostJSON(p roster.Post) postJSON {
	j := postJSON{ID: p.ID, Name: p.Name, Kind: string(p.Kind), Area: p.Area, Address: p.Address, Phone: p.Phone, Active: p.Active,
		Shifts: []shiftJSON{}}
	for _, s := range p.Shifts {
		sj := shiftJSON{ID: s.ID, Label: s.Label, RRule: s.RRule, Start: s.Start.String(), End: s.End.String(), Mode: s.Mode,
			Need: s.Need, Roles: s.Roles, Backup: s.Backup, BackupRoles: s.BackupRoles, Holidays: string(s.Holidays),
			Strategy: string(s.Strategy), Order: s.Order}
		if !s.Anchor.IsZero() {
			sj.Anchor = s.Anchor.String()
		}
		if sj.Order == nil {
			sj.Order = []string{}
		}
		if sj.BackupRoles == nil {
			sj.BackupRoles = []roster.Role{}
		}
		j.Shifts = append(j.Shifts, sj)
	}
	return j
}

func newPostCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "post", Short: "List and show posts (courts, investigation bodies, detention facilities)"}
	cmd.AddCommand(newPostListCmd(env), newPostShowCmd(env))
	return cmd
}

func loadPlan(ctx context.Context, env *Env) (*roster.Plan, error) {
	db, err := env.openDB(ctx)
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
			sortVietnamese(posts, func(p roster.Post) string { return p.Name }, func(p roster.Post) string { return p.ID })
			l := listing{header: []string{"id", "name", "kind", "area", "phone", "shifts", "active"}}
			js := []postJSON{}
			for _, p := range posts {
				var shifts []string
				for _, s := range p.Shifts {
					shifts = append(shifts, fmt.Sprintf("%s %s-%s %s", s.ID, s.Start, s.End, s.Mode))
				}
				l.rows = append(l.rows, []string{p.ID, p.Name, string(p.Kind), p.Area, p.Phone, strings.Join(shifts, "; "), strconv.FormatBool(p.Active)})
				js = append(js, toPostJSON(p))
			}
			l.json = js
			return l.write(env.Stdout, output)
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
			j := toPostJSON(*p)
			if output == "json" {
				return writeJSON(env.Stdout, j)
			}
			fmt.Fprintf(env.Stdout, "%s  %s (%s, area %s)\n%s  %s\n\n", j.ID, j.Name, j.Kind, orDash(j.Area), orDash(j.Address), orDash(j.Phone))
			l := listing{header: []string{"shift", "label", "rrule", "start", "end", "mode", "need", "roles", "backup", "backup_roles", "holidays", "strategy", "order"}}
			for _, s := range j.Shifts {
				l.rows = append(l.rows, []string{s.ID, s.Label, s.RRule, s.Start, s.End, string(s.Mode), strconv.Itoa(s.Need),
					joinRoles(s.Roles), strconv.Itoa(s.Backup), joinRoles(s.BackupRoles), s.Holidays, s.Strategy, strings.Join(s.Order, " ")})
			}
			return l.write(env.Stdout, output)
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
