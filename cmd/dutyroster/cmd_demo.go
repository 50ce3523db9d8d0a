package main

import (
	"context"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/roster"
)

func newDemoCmd(env *Env) *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "demo [--dir DIR]",
		Short: "Run the main job on the bundled Đồng Tháp sample",
		Long: `demo uses the Đồng Tháp sample built into the program: it creates a database in DIR (default
./dutyroster-demo; an earlier demo database there is replaced), generates next month's roster, and
exports the Center's Excel roster, one file per post (what each court or police body receives) and
one officer's calendar.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDemo(cmd.Context(), env, cmd, dir)
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "dutyroster-demo", "folder for the demo's database and files")
	return cmd
}

func runDemo(ctx context.Context, env *Env, cmd *cobra.Command, dir string) error {
	demo, err := app.SetUpDemo(ctx, dir, env.actor(cmd))
	if err != nil {
		return err
	}
	env.dbPath = demo.DBPath
	plan, planPath, dbPath := demo.Plan, demo.PlanPath, demo.DBPath
	loc, err := plan.Center.Location()
	if err != nil {
		return err
	}
	month := roster.MonthOf(roster.DateOf(env.Now().In(loc))).Next()
	env.printf(env.Stdout, "dutyroster demo: the Đồng Tháp sample (%d officers, %d posts), roster for %s\n\n", len(plan.Officers), len(plan.Posts), month)
	env.printf(env.Stdout, "%s\n  the sample plan\n%s\n  the database\n", planPath, dbPath)
	if err := runGenerate(ctx, env, cmd, generateOptions{month: month.String(), effort: 1}); err != nil {
		return err
	}
	if err := runExport(ctx, env, exportOptions{month: month.String(), format: "xlsx", splitBy: "post", lang: "vi", out: dir}); err != nil {
		return err
	}
	// One officer's calendar: the first in the plan with duties this month.
	dbr, err := env.openDB(ctx)
	if err != nil {
		return err
	}
	r, err := dbr.Roster(ctx, month, 0)
	dbr.Close()
	if err != nil {
		return err
	}
	if len(r.Assignments) > 0 {
		officer := r.Assignments[0].OfficerID
		if err := runExport(ctx, env, exportOptions{month: month.String(), format: "ics", officer: officer, lang: "vi", out: dir}); err != nil {
			return err
		}
	}
	env.printf(env.Stdout, "\nOpen the .xlsx files in Excel or LibreOffice; import the .ics into a calendar.\nNext: %s roster show --month %s --db %s\n", env.prog(), month, dbPath)
	return nil
}
