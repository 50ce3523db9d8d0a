package main

import (
	"context"
	"runtime/debug"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/store"
)

func newInitCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "init",
		Short: "Create a new database (mode 0600)",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInit(cmd.Context(), env)
		},
	}
}

func runInit(ctx context.Context, env *Env) error {
	path := env.DBPath()
	db, created, err := store.Create(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	if !created {
		env.printf(env.Stdout, "%s already exists; its schema is up to date\n", path)
		return nil
	}
	env.printf(env.Stdout, "created %s\nnext: dutyroster import PLAN.yaml --db %s\n", path, path)
	return nil
}

type importOptions struct {
	file   string
	dryRun bool
	output string
}

func newImportCmd(env *Env) *cobra.Command {
	var opts importOptions
	cmd := &cobra.Command{
		Use:   "import PLAN.yaml|PLAN.xlsx",
		Short: "Load or update the plan (officers, posts, rules) from a plan file or workbook",
		Long: `import checks the whole plan file and reports every problem as FILE:LINE: message (in a workbook
FILE:SHEET!CELL: message); any problem leaves the database unchanged (exit code 2). A workbook is
the one 'dutyroster plan template --format xlsx' writes: headers are matched by name in any order. Importing updates by id: officers, posts and areas missing
from the file are made inactive, never deleted. Leave added with 'leave add' is kept.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = args[0]
			return runImport(cmd.Context(), env, cmd, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.dryRun, "dry-run", false, "print what would change and write nothing")
	outputFlag(cmd, &opts.output)
	return cmd
}

func runImport(ctx context.Context, env *Env, cmd *cobra.Command, opts importOptions) error {
	if err := checkOutput(opts.output); err != nil {
		return err
	}
	plan, warnings, err := app.ReadPlanFile(opts.file)
	for _, w := range warnings {
		env.printf(env.Stderr, "warning: %s: %s\n", w.Place(), env.sprintf(w.Format, w.Args...))
	}
	if err != nil {
		return err
	}
	db, err := env.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	changes, err := db.ImportPlan(ctx, plan, opts.dryRun, env.actor(cmd))
	if err != nil {
		return err
	}
	if opts.output != "table" {
		return app.ChangesTable(changes).Write(env.lang, env.Stdout, opts.output)
	}
	for _, id := range plan.IdleOfficers() {
		env.printf(env.Stderr, "warning: officer %s can serve at no post of the plan (its role and areas match no shift); it will take no duty\n", id)
	}
	verb := env.sprintf("imported")
	if opts.dryRun {
		verb = env.sprintf("would import")
	}
	if len(changes) == 0 {
		env.printf(env.Stdout, "%s: no changes; the database already matches the file\n", opts.file)
		return nil
	}
	for _, c := range changes {
		if opts.dryRun {
			env.printf(env.Stdout, "  would be %s\n", c)
		} else {
			env.printf(env.Stdout, "  %s\n", c)
		}
	}
	env.printf(env.Stdout, "%s %s: %d officers, %d posts; %d changes\n", verb, opts.file, len(plan.Officers), len(plan.Posts), len(changes))
	if opts.dryRun {
		env.printf(env.Stdout, "dry run: nothing was written\n")
		return nil
	}
	return reportConflicts(ctx, env)
}

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

func newVersionCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the program version",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			v := version
			if v == "" {
				v = "devel"
				if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
					v = bi.Main.Version
				}
			}
			goVersion := "unknown"
			if bi, ok := debug.ReadBuildInfo(); ok {
				goVersion = bi.GoVersion
			}
			env.printf(env.Stdout, "dutyroster %s (%s)\n", v, goVersion)
			return nil
		},
	}
}
