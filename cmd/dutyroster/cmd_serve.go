package main

import (
	"context"
	"log/slog"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/internal/server"
	"dutyroster/roster"
	"dutyroster/store"
)

type serveOptions struct {
	listen, baseURL, tlsCert, tlsKey string
}

func (o *serveOptions) flags(cmd *cobra.Command, listenHelp string) {
	cmd.Flags().StringVar(&o.listen, "listen", "", listenHelp)
	cmd.Flags().StringVar(&o.baseURL, "base-url", "", "the public address behind a proxy, e.g. https://lich.tgpl.example.vn (default $DUTYROSTER_BASE_URL, else the plan's daemon.base_url, else each request's own)")
	cmd.Flags().StringVar(&o.tlsCert, "tls-cert", "", "serve HTTPS with this certificate file (with --tls-key)")
	cmd.Flags().StringVar(&o.tlsKey, "tls-key", "", "the certificate's key file")
}

func (o *serveOptions) server(ctx context.Context, env *Env, log *slog.Logger) (*server.Server, error) {
	if (o.tlsCert == "") != (o.tlsKey == "") {
		return nil, roster.Errorf(roster.EINVALID, "--tls-cert and --tls-key go together")
	}
	base := o.baseURL
	if base == "" {
		base = env.Getenv("DUTYROSTER_BASE_URL")
	}
	return server.New(ctx, server.Options{DB: env.DBPath(), Listen: o.listen, BaseURL: base, TLSCert: o.tlsCert, TLSKey: o.tlsKey,
		Log: log, Now: env.Now})
}

func newServeCmd(env *Env) *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve --listen ADDR [--base-url URL] [--tls-cert FILE --tls-key FILE]",
		Short: "Serve the duty desk page, the month page, officers' pages and calendar feeds",
		Long: `serve answers on the web from the published roster, read-only: the desk page a court or police desk
keeps open (who is on duty now and next, with their phones, refreshing every minute), the month page
(printable), an officer's own page, their JSON twins under /api/ and calendar feeds under /ical/.
Every page and feed needs a secret link made with 'dutyroster link add'; a wrong link gets a plain 404.
Drafts are never shown. SIGINT or SIGTERM stops it gracefully.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "listen"); err != nil {
				return err
			}
			log, err := newLogger(env, "")
			if err != nil {
				return err
			}
			s, err := o.server(cmd.Context(), env, log)
			if err != nil {
				return err
			}
			defer s.Close()
			return s.Run(cmd.Context())
		},
	}
	o.flags(cmd, "address to listen on, e.g. 127.0.0.1:8080 (required)")
	return cmd
}

func newLinkCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "link",
		Short: "Secret links to the web pages and calendar feeds (add, list, revoke)",
	}
	var add struct {
		post, officer, label, baseURL string
		center                        bool
	}
	addCmd := &cobra.Command{
		Use:   "add --post ID | --officer ID | --center [--label TEXT] [--base-url URL]",
		Short: "Make a secret link to a post's, an officer's or the whole Center's pages and feed",
		Long: `link add makes an unguessable link (256 random bits) and prints it once: the database keeps only its
hash, so write it down or send it now. A post link shows that post only; an officer link that officer's
duties and their duty partners; a center link everything.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			scope, target, n := "", "", 0
			if add.center {
				scope, n = store.ScopeCenter, n+1
			}
			if add.post != "" {
				scope, target, n = store.ScopePost, add.post, n+1
			}
			if add.officer != "" {
				scope, target, n = store.ScopeOfficer, add.officer, n+1
			}
			if n != 1 {
				return roster.Errorf(roster.EINVALID, "link add needs exactly one of --post ID, --officer ID or --center")
			}
			base := add.baseURL
			if base == "" {
				base = env.Getenv("DUTYROSTER_BASE_URL")
			}
			ctx := cmd.Context()
			c, err := env.openCenter(ctx)
			if err != nil {
				return err
			}
			defer c.Close()
			if base == "" && c.Plan.Daemon != nil {
				base = c.Plan.Daemon.BaseURL
			}
			if base == "" {
				return roster.Errorf(roster.EINVALID, "link add needs the address people open, e.g. https://lich.tgpl.example.vn: --base-url, $DUTYROSTER_BASE_URL or the plan's daemon.base_url")
			}
			l, err := app.AddLink(ctx, c, scope, target, add.label, base, env.actor(cmd))
			if err != nil {
				return err
			}
			env.printf(env.Stdout, "link #%d\npage:     %s\ncalendar: %s\nwebcal:   %s\n", l.ID, l.Page, l.Feed, l.Webcal)
			env.printf(env.Stderr, "This is the only time the link is shown: the database keeps only its hash.\n")
			return nil
		},
	}
	addCmd.Flags().StringVar(&add.post, "post", "", "a post's id: the desk page and feed of that post")
	officerFlag(env, addCmd, &add.officer, "officer", "an officer: their own page and feed")
	addCmd.Flags().BoolVar(&add.center, "center", false, "the whole Center")
	addCmd.Flags().StringVar(&add.label, "label", "", "a name for the link, e.g. \"Trực ban Công an tỉnh\"")
	addCmd.Flags().StringVar(&add.baseURL, "base-url", "", "the server's public address (default $DUTYROSTER_BASE_URL, else the plan's daemon.base_url)")

	var output string
	listCmd := &cobra.Command{
		Use:   "list",
		Short: "Every link: number, label, scope, made, last used, uses, revoked",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(output); err != nil {
				return err
			}
			ctx := cmd.Context()
			c, err := env.openReader(ctx)
			if err != nil {
				return err
			}
			defer c.Close()
			links, err := c.DB.Links(ctx)
			if err != nil {
				return err
			}
			return app.LinksTable(links, c.Loc).Write(env.lang, env.Stdout, output)
		},
	}
	outputFlag(listCmd, &output)

	revokeCmd := &cobra.Command{
		Use:   "revoke LINK|NUMBER|LABEL",
		Short: "End a link at once (by its address, its number or its label)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, err := env.openCenter(ctx)
			if err != nil {
				return err
			}
			defer c.Close()
			l, err := app.RevokeLink(ctx, c, args[0], env.actor(cmd))
			if err != nil {
				return err
			}
			env.printf(env.Stdout, "revoked link #%d (%s)\n", l.ID, describeLink(l))
			return nil
		},
	}
	cmd.AddCommand(addCmd, listCmd, revokeCmd)
	return cmd
}

func describeLink(l *store.Link) string {
	s := l.Scope
	if l.Target != "" {
		s += " " + l.Target
	}
	if l.Label != "" {
		s += ", " + l.Label
	}
	return s
}
