package main

import (
	"time"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/roster"
)

func newHistoryCmd(env *Env) *cobra.Command {
	var month, output string
	cmd := &cobra.Command{
		Use:   "history --month YYYY-MM",
		Short: "List a month's versions: status, time, who and why",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "month"); err != nil {
				return err
			}
			if err := checkOutput(output); err != nil {
				return err
			}
			m, err := roster.ParseMonth(month)
			if err != nil {
				return err
			}
			c, err := env.openDirectory(cmd.Context())
			if err != nil {
				return err
			}
			defer c.Close()
			js, err := app.History(cmd.Context(), c.DB, m)
			if err != nil {
				return err
			}
			return app.HistoryTable(js, c.Loc, output).Write(env.lang, env.Stdout, output)
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "the month (required)")
	outputFlag(cmd, &output)
	return cmd
}

func newDiffCmd(env *Env) *cobra.Command {
	var month, output string
	var from, to int
	cmd := &cobra.Command{
		Use:   "diff --month YYYY-MM --old N --new M",
		Short: "List the duties removed, added and changed between two versions",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			for old, now := range map[string]string{"from": "--old", "to": "--new"} {
				if cmd.Flags().Changed(old) {
					env.printf(env.Stderr, "note: roster diff --%s is now %s (the old name still works)\n", old, now)
				}
			}
			if err := requireFlags(cmd, "month"); err != nil {
				return err
			}
			if from == 0 || to == 0 {
				return roster.Errorf(roster.EINVALID, "roster diff needs --old N and --new M, the two versions to compare")
			}
			if err := checkOutput(output); err != nil {
				return err
			}
			m, err := roster.ParseMonth(month)
			if err != nil {
				return err
			}
			db, err := env.openDBReader(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			changes, js, err := app.VersionDiff(cmd.Context(), db, m, from, to)
			if err != nil {
				return err
			}
			if output != "table" {
				return app.DiffTable(js).Write(env.lang, env.Stdout, output)
			}
			if len(changes) == 0 {
				env.printf(env.Stdout, "%s: versions %d and %d have the same duties\n", m, from, to)
				return nil
			}
			env.printf(env.Stdout, "%s: version %d -> %d, %d change(s)\n", m, from, to, len(changes))
			for _, c := range changes {
				var what roster.Text
				switch c.Kind {
				case "changed":
					what = roster.T("%s -> %s", c.From, c.To)
				case "removed":
					what = roster.T("%s removed", c.From)
				default:
					what = roster.T("%s added", c.To)
				}
				env.printf(env.Stdout, "  %-8s %s: %s\n", env.lang.T(c.Kind), app.SlotText(c.PostID, c.Start, c.End, c.Role), what)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "the month (required)")
	cmd.Flags().IntVar(&from, "old", 0, "the older version (required)")
	cmd.Flags().IntVar(&to, "new", 0, "the newer version (required)")
	// The old names, from when they read like the dates other commands take.
	cmd.Flags().IntVar(&from, "from", 0, "old name of --old")
	cmd.Flags().IntVar(&to, "to", 0, "old name of --new")
	cmd.Flags().MarkHidden("from")
	cmd.Flags().MarkHidden("to")
	outputFlag(cmd, &output)
	return cmd
}

func newAuditCmd(env *Env) *cobra.Command {
	var since, output string
	cmd := &cobra.Command{
		Use:   "audit [--since YYYY-MM-DD]",
		Short: "List what every write command did: time, user, command, summary",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(output); err != nil {
				return err
			}
			c, err := env.openDirectory(cmd.Context())
			if err != nil {
				return err
			}
			defer c.Close()
			var from time.Time
			if since != "" {
				d, err := app.ParseDay("since", since)
				if err != nil {
					return err
				}
				from = d.In(c.Loc)
			}
			entries, err := c.DB.Audit(cmd.Context(), from)
			if err != nil {
				return err
			}
			return app.AuditTable(entries, c.Loc, output, env.lang).Write(env.lang, env.Stdout, output)
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "only entries from this day, in the Center's time zone")
	outputFlag(cmd, &output)
	return cmd
}

func newVerifyCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Prove that every published version is as it was published (SHA-256 digests)",
		Long: `verify recomputes the SHA-256 digest of every published version, chained to the previous published
version of its month, and compares it with the digest stored when it was published (the digest that
the exported documents and the delivery manifests carry). A version whose rows were changed since,
even with the database's safeguards removed, is named; the exit code is then 3.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := env.openDBReader(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			bad, n, err := db.Verify(cmd.Context())
			if err != nil {
				return err
			}
			for _, m := range bad {
				env.printf(env.Stdout, "%s version %d: its rows no longer match the digest it was published with (published %s, now %s)\n",
					m.Month, m.Version, short(m.Stored), short(m.Actual))
			}
			if len(bad) > 0 {
				return roster.Errorf(roster.EINCOMPLETE, "%d of %d published versions changed after publishing", len(bad), n)
			}
			env.printf(env.Stdout, "verified %d published versions: each matches the digest it was published with\n", n)
			return nil
		},
	}
}

// short abbreviates a digest for people; the documents carry it whole.
func short(digest string) string {
	if len(digest) > 16 {
		return digest[:16] + "…"
	}
	if digest == "" {
		return "none"
	}
	return digest
}
