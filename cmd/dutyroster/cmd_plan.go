package main

import (
	"os"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/roster"
	"dutyroster/roster/workbook"
)

// planOutFlags adds the flags of a plan file to write.
func planOutFlags(cmd *cobra.Command, o *app.PlanOut, langUsage string) {
	cmd.Flags().StringVar(&o.Format, "format", "", "yaml or xlsx (default: from --out's extension, else yaml)")
	cmd.Flags().StringVar(&o.Lang, "lang", "vi", langUsage)
	cmd.Flags().StringVar(&o.Out, "out", "", "the file to write (default ke-hoach.yaml or ke-hoach.xlsx; - for standard output, YAML only)")
	cmd.Flags().BoolVar(&o.Force, "force", false, "replace --out when it exists")
}

// writePlan puts a plan out as o asks.
func writePlan(env *Env, o *app.PlanOut, plan *roster.Plan, yamlText []byte) error {
	data, err := o.PlanBytes(plan, yamlText)
	if err != nil {
		return err
	}
	if o.Out == "-" {
		_, err := env.Stdout.Write(data)
		return err
	}
	if err := app.WriteFileAtomic(o.Out, data, 0o644); err != nil {
		return err
	}
	env.printf(env.Stdout, "wrote %s: %d officers, %d posts\n", o.Out, len(plan.Officers), len(plan.Posts))
	return nil
}

func newPlanCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "plan", Short: "Write a starter plan, or the stored plan, as YAML or an Excel workbook"}
	var tpl app.PlanOut
	template := &cobra.Command{
		Use:   "template [--format yaml|xlsx] [--lang vi|en] [--out FILE]",
		Short: "Write a commented starter plan (YAML) or plan workbook (xlsx) that imports as it is",
		Long: `plan template writes a small plan to start from: a YAML file with a comment on every key, or a
workbook with one sheet per part of the plan (Trung tâm, Khu vực, Cán bộ, Nghỉ, Nơi trực, Ca trực,
Người nhận lịch, Ngày lễ, Quy tắc), a comment on every header and lists to choose from. Change it for
your Center and load it with 'dutyroster import'.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := tpl.Resolve(); err != nil {
				return err
			}
			plan, text, err := app.PlanTemplate(tpl.Lang)
			if err != nil {
				return err
			}
			return writePlan(env, &tpl, plan, text)
		},
	}
	planOutFlags(template, &tpl, "vi or en: the language of the comments and headers")
	var exp app.PlanOut
	export := &cobra.Command{
		Use:   "export [--format yaml|xlsx] [--lang vi|en] [--out FILE]",
		Short: "Write the stored plan as a YAML file or a workbook; importing it back changes nothing",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := exp.Resolve(); err != nil {
				return err
			}
			c, err := env.openReader(cmd.Context())
			if err != nil {
				return err
			}
			defer c.Close()
			text, err := roster.FormatPlan(c.Plan)
			if err != nil {
				return err
			}
			return writePlan(env, &exp, c.Plan, text)
		},
	}
	planOutFlags(export, &exp, "vi or en: the language of the workbook's headers")
	cmd.AddCommand(template, export)
	return cmd
}

func newLeaveImportCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE.xlsx|FILE.csv",
		Short: "Add the leave of a sheet (Cán bộ, Từ, Đến, Lý do): all rows, or none",
		Long: `leave import adds every row of a leave sheet: the workbook's sheet "Nghỉ" (or its only sheet), or
a CSV with the same headers. The officer is given by id or by full name; from and to are dates
(dd/mm/yyyy, yyyy-mm-dd or date cells) or dates and times. Every problem is reported at its cell and
nothing is written; on success the published duties the new leave collides with are listed.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			data, err := os.ReadFile(args[0])
			if err != nil {
				return roster.Errorf(roster.EINVALID, "cannot read %s: %v", args[0], err)
			}
			rows, warnings, err := workbook.ReadLeave(args[0], data)
			for _, w := range warnings {
				env.printf(env.Stderr, "warning: %s: %s\n", w.Place(), env.sprintf(w.Format, w.Args...))
			}
			if err != nil {
				return err
			}
			c, err := env.openCenter(ctx)
			if err != nil {
				return err
			}
			defer c.Close()
			entries, ids, err := app.ImportLeave(ctx, c, args[0], rows, env.actor(cmd))
			if err != nil {
				return err
			}
			officers := map[string]bool{}
			var touched []string
			for i, e := range entries {
				l := app.ToLeaveJSON(e.OfficerID, e.Leave)
				env.printf(env.Stdout, "added leave #%d for %s: %s\n", ids[i], e.OfficerID, l.When())
				if !officers[e.OfficerID] {
					officers[e.OfficerID] = true
					touched = append(touched, e.OfficerID)
				}
			}
			env.printf(env.Stdout, "imported %d leave rows from %s\n", len(entries), args[0])
			return reportConflicts(ctx, env, touched...)
		},
	}
}
