package main

import (
	"strings"

	"github.com/spf13/cobra"

	"dutyroster/roster"
)

// outputFlag adds --format table|json|csv to a listing command (the same flag name as export's;
// the old -o/--output still works).
func outputFlag(cmd *cobra.Command, dst *string) {
	formatFlag(cmd, dst, "table", "json", "csv")
}

// formatFlag adds --format with the given choices, the first the default, and the old
// -o/--output spelling, hidden.
func formatFlag(cmd *cobra.Command, dst *string, choices ...string) {
	help := "output format: " + strings.Join(choices[:len(choices)-1], ", ") + " or " + choices[len(choices)-1]
	cmd.Flags().StringVar(dst, "format", choices[0], help)
	cmd.Flags().StringVarP(dst, "output", "o", choices[0], help+" (old name of --format)")
	cmd.Flags().MarkHidden("output")
	cmd.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return choices, cobra.ShellCompDirectiveNoFileComp
	})
}

func checkOutput(format string) error {
	switch format {
	case "table", "json", "csv":
		return nil
	}
	return roster.Errorf(roster.EINVALID, "unknown --format %q; use table, json or csv", format)
}
