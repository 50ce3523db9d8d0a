package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/text/unicode/norm"

	"dutyroster/internal/app"
	"dutyroster/roster"
)

func newLeaveCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "leave", Short: "Add, list and remove leave (kept across plan imports)"}
	cmd.AddCommand(newLeaveAddCmd(env), newLeaveListCmd(env), newLeaveRemoveCmd(env))
	return cmd
}

// parseLeave reads --from and --to as whole days (2026-02-02) or as a window (2026-02-10T13:30).
func parseLeave(from, to, reason string) (roster.Unavailability, error) {
	u := roster.Unavailability{Reason: norm.NFC.String(strings.TrimSpace(reason)), Source: "cli"}
	if from == "" {
		return u, roster.Errorf(roster.EINVALID, "leave add needs --from (a date such as 2026-02-02, or 2026-02-10T13:30)")
	}
	if to == "" {
		to = from
	}
	if strings.ContainsAny(from, "T ") || strings.ContainsAny(to, "T ") {
		a, err := roster.ParseDateTime(from)
		if err != nil {
			return u, roster.Errorf(roster.EINVALID, "--from: %v", err)
		}
		b, err := roster.ParseDateTime(to)
		if err != nil {
			return u, roster.Errorf(roster.EINVALID, "--to: %v", err)
		}
		if !(a.Date.Before(b.Date) || a.Date == b.Date && a.Clock < b.Clock) {
			return u, roster.Errorf(roster.EINVALID, "--from %s is not before --to %s", a, b)
		}
		u.Kind, u.From, u.To = roster.UnavailWindow, a, b
		return u, nil
	}
	a, err := roster.ParseDate(from)
	if err != nil {
		return u, roster.Errorf(roster.EINVALID, "--from: %v", err)
	}
	b, err := roster.ParseDate(to)
	if err != nil {
		return u, roster.Errorf(roster.EINVALID, "--to: %v", err)
	}
	if a.After(b) {
		return u, roster.Errorf(roster.EINVALID, "--from %s is after --to %s", a, b)
	}
	u.Kind, u.FromDate, u.ToDate = roster.UnavailDays, a, b
	return u, nil
}

func newLeaveAddCmd(env *Env) *cobra.Command {
	var officer, from, to, reason string
	cmd := &cobra.Command{
		Use:   "add --officer ID --from DATE [--to DATE] [--reason TEXT]",
		Short: "Record leave: whole days (2026-02-02) or a window (2026-02-10T13:30)",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if officer == "" {
				return roster.Errorf(roster.EINVALID, "leave add needs --officer")
			}
			u, err := parseLeave(from, to, reason)
			if err != nil {
				return err
			}
			db, err := env.openDB(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			id, err := db.AddLeave(cmd.Context(), officer, u, env.actor(cmd))
			if err != nil {
				return err
			}
			l := app.ToLeaveJSON(officer, u)
			fmt.Fprintf(env.Stdout, "added leave #%d for %s: %s\n", id, officer, l.When())
			return nil
		},
	}
	cmd.Flags().StringVar(&officer, "officer", "", "officer id")
	cmd.Flags().StringVar(&from, "from", "", "first day (YYYY-MM-DD) or start (YYYY-MM-DDTHH:MM)")
	cmd.Flags().StringVar(&to, "to", "", "last day, inclusive, or end (default: same as --from)")
	cmd.Flags().StringVar(&reason, "reason", "", "reason, e.g. Nghỉ ốm")
	return cmd
}

func newLeaveListCmd(env *Env) *cobra.Command {
	var officer, output, month string
	cmd := &cobra.Command{
		Use:   "list [--officer ID] [--month YYYY-MM]",
		Short: "List leave and other unavailability, from the plan and the command line",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(output); err != nil {
				return err
			}
			var m roster.Month
			if month != "" {
				var err error
				if m, err = roster.ParseMonth(month); err != nil {
					return err
				}
			}
			db, err := env.openDB(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			officers, err := db.Officers(cmd.Context())
			if err != nil {
				return err
			}
			if officer != "" {
				if _, err := db.Officer(cmd.Context(), officer); err != nil {
					return err
				}
			}
			roster.SortVietnamese(officers, func(o roster.Officer) string { return o.Name }, func(o roster.Officer) string { return o.ID })
			l := listing{header: []string{"id", "officer_id", "name", "from", "to", "rrule", "start", "end", "reason", "source"}}
			js := []app.LeaveJSON{}
			for _, o := range officers {
				if officer != "" && o.ID != officer {
					continue
				}
				for _, u := range o.Unavailable {
					if month != "" && !leaveTouches(u, m) {
						continue
					}
					j := app.ToLeaveJSON(o.ID, u)
					js = append(js, j)
					l.rows = append(l.rows, []string{strconv.FormatInt(j.ID, 10), o.ID, o.Name, j.From, j.To, j.RRule, j.Start, j.End, j.Reason, j.Source})
				}
			}
			l.json = js
			return l.write(env.Stdout, output)
		},
	}
	outputFlag(cmd, &output)
	cmd.Flags().StringVar(&officer, "officer", "", "only this officer")
	cmd.Flags().StringVar(&month, "month", "", "only leave touching this month (recurring ones always show)")
	return cmd
}

// leaveTouches reports whether a leave overlaps month m; recurring windows always do.
func leaveTouches(u roster.Unavailability, m roster.Month) bool {
	first, last := m.First(), m.Last()
	switch u.Kind {
	case roster.UnavailDays:
		return !u.FromDate.After(last) && !u.ToDate.Before(first)
	case roster.UnavailWindow:
		return !u.From.Date.After(last) && !u.To.Date.Before(first)
	}
	return true
}

func newLeaveRemoveCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "remove ID",
		Short: "Remove leave added with `leave add` (ids from `leave list`)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(strings.TrimPrefix(args[0], "#"), 10, 64)
			if err != nil {
				return roster.Errorf(roster.EINVALID, "%q is not a leave id; `dutyroster leave list` shows them", args[0])
			}
			db, err := env.openDB(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			if err := db.RemoveLeave(cmd.Context(), id, env.actor(cmd)); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "removed leave #%d\n", id)
			return nil
		},
	}
}
