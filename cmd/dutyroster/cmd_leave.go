package main

import (
	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/roster"
)

func newLeaveCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "leave", Short: "Add, list and remove leave (kept across plan imports)"}
	cmd.AddCommand(newLeaveAddCmd(env), newLeaveListCmd(env), newLeaveRemoveCmd(env), newLeaveImportCmd(env))
	return cmd
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
			u, err := app.ParseLeave(from, to, reason)
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
			env.printf(env.Stdout, "added leave #%d for %s: %s\n", id, officer, l.When())
			return reportConflicts(cmd.Context(), env, officer)
		},
	}
	officerFlag(env, cmd, &officer, "officer", "the officer")
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
			var m *roster.Month
			if month != "" {
				mm, err := roster.ParseMonth(month)
				if err != nil {
					return err
				}
				m = &mm
			}
			db, err := env.openDBReader(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			rows, err := app.ListLeave(cmd.Context(), db, officer, m)
			if err != nil {
				return err
			}
			return app.LeaveTable(rows).Write(env.lang, env.Stdout, output)
		},
	}
	outputFlag(cmd, &output)
	officerFlag(env, cmd, &officer, "officer", "only this officer")
	cmd.Flags().StringVar(&month, "month", "", "only leave touching this month (recurring ones always show)")
	return cmd
}

func newLeaveRemoveCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "remove ID",
		Short: "Remove leave added with `leave add` (ids from `leave list`)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := app.ParseLeaveID(args[0])
			if err != nil {
				return err
			}
			db, err := env.openDB(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			if err := db.RemoveLeave(cmd.Context(), id, env.actor(cmd)); err != nil {
				return err
			}
			env.printf(env.Stdout, "removed leave #%d\n", id)
			return nil
		},
	}
}
