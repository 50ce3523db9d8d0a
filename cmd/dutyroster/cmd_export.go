package main

import (
	"context"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/roster"
)

type exportOptions struct {
	month, format, post, officer, splitBy, lang, out string
	version                                          int
}

func newExportCmd(env *Env) *cobra.Command {
	var opts exportOptions
	cmd := &cobra.Command{
		Use:   "export --month YYYY-MM --format xlsx|pdf|csv|json|ics [--version N] [--post ID] [--officer ID] [--split-by post] [--lang vi|en] [--out PATH]",
		Short: "Write a roster as the official Excel document, PDF, CSV, JSON or iCal",
		Long: `export writes the month's published version (else its newest draft, marked DỰ THẢO / DRAFT on every
page). xlsx is the Decree 30 document courts and police receive; --split-by post writes one file per
post into the --out folder plus the Center's full file. pdf is the same document printed by LibreOffice
(it must be installed). Files are written whole or not at all, with mode 0644; default names are ASCII,
e.g. lich-truc-2026-03-tand-tinh.xlsx. A version always prints the same: its date line is the day it
was published (a draft: generated), and an amendment says which version it replaces.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "month", "format"); err != nil {
				return err
			}
			return runExport(cmd.Context(), env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.month, "month", "", "the month (required)")
	cmd.Flags().StringVar(&opts.format, "format", "", "xlsx, pdf, csv, json or ics (required)")
	cmd.Flags().IntVar(&opts.version, "version", 0, "a version (default: published, else newest draft)")
	cmd.Flags().StringVar(&opts.post, "post", "", "only this post")
	officerFlag(env, cmd, &opts.officer, "officer", "only this officer")
	cmd.Flags().StringVar(&opts.splitBy, "split-by", "", "post: one file per post, plus the Center's full file")
	cmd.Flags().StringVar(&opts.lang, "lang", "vi", "vi or en")
	cmd.Flags().StringVar(&opts.out, "out", "", "file or folder to write (default: a named file in the current folder; - for standard output)")
	cmd.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"xlsx", "pdf", "csv", "json", "ics"}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func runExport(ctx context.Context, env *Env, opts exportOptions) error {
	req := app.ExportRequest{Format: opts.format, Post: opts.post, Officer: opts.officer, SplitBy: opts.splitBy, Lang: opts.lang,
		Out: opts.out, At: env.Now(), Getenv: env.Getenv}
	if err := app.CheckExport(req); err != nil {
		return err
	}
	m, err := roster.ParseMonth(opts.month)
	if err != nil {
		return err
	}
	c, err := env.openReader(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	r, err := c.DB.Roster(ctx, m, opts.version)
	if err != nil {
		return err
	}
	files, err := app.BuildExport(ctx, c, r, req)
	if err != nil {
		return err
	}
	if opts.out == "-" {
		_, err := env.Stdout.Write(files[0].Data)
		return err
	}
	if err := app.WriteFiles(files); err != nil {
		return err
	}
	for _, f := range files {
		env.printf(env.Stdout, "wrote %s: %s\n", f.Path, f.Summary)
	}
	return nil
}
