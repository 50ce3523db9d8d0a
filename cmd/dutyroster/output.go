package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"dutyroster/export"
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

// listing is a table of strings for people and CSV, plus the value JSON encodes.
type listing struct {
	header []string
	rows   [][]string
	json   any
}

// write prints the listing in the chosen format: table (aligned), json (indented, the stable
// contract for scripts) or csv (RFC 4180, as every CSV of dutyroster: see export.CSVWriter).
func (l *listing) write(w io.Writer, format string) error {
	switch format {
	case "json":
		return writeJSON(w, l.json)
	case "csv":
		cw := export.NewCSVWriter(w)
		cw.Write(l.header)
		for _, r := range l.rows {
			cw.Write(r)
		}
		return cw.Flush()
	default:
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(upper(l.header), "\t"))
		for _, r := range l.rows {
			fmt.Fprintln(tw, strings.Join(cleanCells(r), "\t"))
		}
		return tw.Flush()
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func upper(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strings.ToUpper(x)
	}
	return out
}

// cleanCells keeps tabs and newlines in data from breaking the table.
func cleanCells(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		x = roster.StripControl(strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(x))
		if x == "" {
			x = "-"
		}
		out[i] = x
	}
	return out
}
