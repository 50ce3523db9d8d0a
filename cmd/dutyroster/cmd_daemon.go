package main

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/internal/daemon"
	"dutyroster/roster"
)

type daemonOptions struct {
	once      bool
	at        string
	logFormat string
	tick      time.Duration
	serve     serveOptions
}

func newDaemonCmd(env *Env) *cobra.Command {
	var o daemonOptions
	cmd := &cobra.Command{
		Use:   "daemon [--once [--at \"2026-03-10 08:00\"]] [--log-format text|json]",
		Short: "Run the plan's jobs on schedule: generate, deadline, deliver, remind",
		Long: `daemon runs the jobs of the plan's daemon section with their cron specs in the Center's time zone.
Every run is recorded: a restart never generates, delivers or reminds twice, and runs missed while it
was down are caught up at start (within daemon.catch_up). One daemon per database. SIGINT or SIGTERM
cancels the running job and send and stops within 30 s. --once runs what is due at --at (default:
now) and exits.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDaemon(cmd.Context(), env, o)
		},
	}
	cmd.Flags().BoolVar(&o.once, "once", false, "run what is due and exit")
	cmd.Flags().StringVar(&o.at, "at", "", "with --once: the instant to run at, local to the Center")
	cmd.Flags().StringVar(&o.logFormat, "log-format", "", "text or json (default: text on a terminal, json otherwise)")
	cmd.Flags().DurationVar(&o.tick, "tick", 30*time.Second, "how often the resident daemon beats its heartbeat and retries notifications")
	cmd.Flags().MarkHidden("tick")
	o.serve.flags(cmd, "also serve the web pages and feeds on this address (as `dutyroster serve` does)")
	cmd.AddCommand(newDaemonStatusCmd(env))
	return cmd
}

func newLogger(env *Env, format string) (*slog.Logger, error) {
	switch format {
	case "":
		if env.IsTerminal {
			format = "text"
		} else {
			format = "json"
		}
	case "text", "json":
	default:
		return nil, roster.Errorf(roster.EINVALID, "unknown --log-format %q; use text or json", format)
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(env.Stderr, nil)), nil
	}
	return slog.New(slog.NewJSONHandler(env.Stderr, nil)), nil
}

func runDaemon(ctx context.Context, env *Env, o daemonOptions) error {
	log, err := newLogger(env, o.logFormat)
	if err != nil {
		return err
	}
	if o.at != "" && !o.once {
		return roster.Errorf(roster.EINVALID, "--at goes with --once")
	}
	db, err := env.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	d, err := daemon.Open(ctx, db, daemon.Options{Log: log, Getenv: env.Getenv, Now: env.Now, Tick: o.tick})
	if err != nil {
		return err
	}
	defer d.Close()
	if !o.once {
		if o.serve.listen == "" {
			return d.Run(ctx)
		}
		return runBoth(ctx, env, log, d, &o.serve)
	}
	c, err := app.Load(ctx, db)
	if err != nil {
		return err
	}
	at := env.Now()
	if o.at != "" {
		if at, err = app.ParseAt(o.at, c.Loc); err != nil {
			return err
		}
	}
	log.Info("daemon once", "at", at.Format(time.RFC3339))
	return d.RunOnce(ctx, at)
}

// runBoth runs the daemon and the web server in one process; when either stops, so does the other.
func runBoth(ctx context.Context, env *Env, log *slog.Logger, d *daemon.Daemon, o *serveOptions) error {
	s, err := o.server(ctx, env, log)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	served := make(chan error, 1)
	go func() {
		served <- s.Run(ctx)
		cancel()
	}()
	err = d.Run(ctx)
	cancel()
	if serr := <-served; err == nil {
		err = serr
	}
	return err
}

func newDaemonStatusCmd(env *Env) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Last and next run of each job, who holds the database, notifications owed",
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
			rep, err := daemon.Status(ctx, c, env.Now())
			if err != nil {
				return err
			}
			l := rep.Table()
			if output != "table" {
				return l.Write(env.lang, env.Stdout, output)
			}
			if lk := rep.Daemon; lk != nil {
				env.printf(env.Stdout, "daemon: pid %d on %s since %s, last heartbeat %s\n", lk.PID, lk.Host,
					lk.Since.In(c.Loc).Format(time.RFC3339), lk.Heartbeat.In(c.Loc).Format(time.RFC3339))
			} else {
				env.printf(env.Stdout, "daemon: not running\n")
			}
			keys := make([]string, 0, len(rep.Notifications))
			for k := range rep.Notifications {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var parts []string
			for _, k := range keys {
				parts = append(parts, fmt.Sprintf("%d %s", rep.Notifications[k], env.lang.T(k)))
			}
			if len(parts) == 0 {
				parts = []string{env.lang.T("none")}
			}
			env.printf(env.Stdout, "notifications: %s\n\n", strings.Join(parts, ", "))
			return l.Write(env.lang, env.Stdout, "table")
		},
	}
	outputFlag(cmd, &output)
	return cmd
}
