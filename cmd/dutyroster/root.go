package main

import (
	"context"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/roster"
	"dutyroster/roster/msg"
	"dutyroster/store"
)

// Env is what a command may touch of the outside world; tests give their own.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Now    func() time.Time
	User   string
	// IsTerminal reports whether stderr is a terminal (progress output is shown only then).
	IsTerminal bool

	dbPath string
	// Prog is how the user runs this program, for the hints it prints: "dutyroster", or
	// "go run ./cmd/dutyroster" when it was started by go run (a binary in go's build cache).
	Prog string

	lang     msg.Lang // the language people read: --lang, DUTYROSTER_LANG, the locale, else vi
	langFlag string
	author   string // --author: who does this, for the audit log
	ran      bool   // set once a command's own code starts running
}

func defaultEnv() *Env {
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	fi, _ := os.Stderr.Stat()
	prog := "dutyroster"
	if exe, err := os.Executable(); err == nil && strings.Contains(filepath.ToSlash(exe), "/go-build") {
		prog = "go run ./cmd/dutyroster"
	}
	return &Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now, User: name, Prog: prog,
		IsTerminal: fi != nil && fi.Mode()&os.ModeCharDevice != 0,
	}
}

// prog is how the user runs this program (see Env.Prog).
func (env *Env) prog() string {
	if env.Prog == "" {
		return "dutyroster"
	}
	return env.Prog
}

// DBPath is --db, else $DUTYROSTER_DB, else ./dutyroster.db.
func (env *Env) DBPath() string {
	if env.dbPath != "" {
		return env.dbPath
	}
	if p := env.Getenv("DUTYROSTER_DB"); p != "" {
		return p
	}
	return "dutyroster.db"
}

// openDB opens the existing database named by the flags and environment.
func (env *Env) openDB(ctx context.Context) (*store.DB, error) {
	db, err := store.Open(ctx, env.DBPath())
	if err != nil {
		return nil, err
	}
	db.Now = env.Now
	return db, nil
}

// openCenter opens the database with its whole plan; the caller closes it.
func (env *Env) openCenter(ctx context.Context) (*app.Center, error) {
	return app.Open(ctx, env.DBPath(), env.Now)
}

// openReader opens the database for reading only, with its whole plan; the caller closes it.
func (env *Env) openReader(ctx context.Context) (*app.Center, error) {
	return app.OpenReader(ctx, env.DBPath(), env.Now)
}

// openDBReader opens the database for reading only; the caller closes it.
func (env *Env) openDBReader(ctx context.Context) (*store.DB, error) {
	return store.OpenReadOnly(ctx, env.DBPath())
}

// openDirectory opens the database for reading only, with what the views print; the caller
// closes it.
func (env *Env) openDirectory(ctx context.Context) (*app.Center, error) {
	return app.OpenDirectory(ctx, env.DBPath(), env.Now)
}

// actor names who acts (--author, else the system user) and the command for the audit log.
func (env *Env) actor(cmd *cobra.Command) store.Actor {
	user := env.User
	if env.author != "" {
		user = env.author
	}
	return store.Actor{User: user, Command: cmd.CommandPath()}
}

// authorOr is the author a command was given: its old --by, else --author (empty: the system user).
func (env *Env) authorOr(old string) string {
	if old != "" {
		return old
	}
	return env.author
}

// renamedFlags are flags with a new name; the old spelling still works, with a note.
var renamedFlags = map[string]string{
	"output":     "--format",
	"by":         "--author",
	"by-officer": "--replacement",
}

// noteRenamed tells, once per command line, that an old flag name was used.
func noteRenamed(env *Env, cmd *cobra.Command) {
	for old, now := range renamedFlags {
		if f := cmd.Flags().Lookup(old); f != nil && f.Changed && f.Hidden {
			env.printf(env.Stderr, "note: --%s is now %s (the old name still works)\n", old, now)
		}
	}
}

func newRootCmd(env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "dutyroster",
		Short: "Duty rosters for a provincial State Legal Aid Center",
		Long: `dutyroster builds the duty rosters of a State Legal Aid Center (Trung tâm Trợ giúp pháp lý Nhà nước):
which legal aid officer or contracted lawyer is on duty, when, at which court or investigation body.
It keeps every roster in SQLite and exports the documents courts and police receive.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			env.ran = true
			if err := setLangFromFlag(env, cmd); err != nil {
				return err
			}
			noteRenamed(env, cmd)
			return resolveOfficers(env, cmd, args)
		},
	}
	root.PersistentFlags().StringVar(&env.dbPath, "db", "", "database file (default $DUTYROSTER_DB, else ./dutyroster.db)")
	root.PersistentFlags().StringVar(&env.author, "author", "", "who does this, recorded in the audit log and on published versions (default: the system user)")
	root.PersistentFlags().StringVar(&env.langFlag, "lang", "", "language: vi or en (default: $DUTYROSTER_LANG, else the system's language, else vi)")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return roster.Errorf(roster.EINVALID, "%v (see `%s --help`)", flagError(env.lang, err), cmd.CommandPath())
	})
	root.AddCommand(
		newInitCmd(env),
		newImportCmd(env),
		newOfficerCmd(env),
		newPostCmd(env),
		newLeaveCmd(env),
		newVersionCmd(env),
		newHolidaysCmd(env),
		newLunarCmd(env),
		newDeadlineCmd(env),
		newGenerateCmd(env),
		newRosterCmd(env),
		newStatsCmd(env),
		newSampleCmd(env),
		newExportCmd(env),
		newDemoCmd(env),
		newPublishCmd(env),
		newSwapCmd(env),
		newReplaceCmd(env),
		newAssignCmd(env),
		newUnassignCmd(env),
		newAuditCmd(env),
		newMyCmd(env),
		newNowCmd(env),
		newNextCmd(env),
		newDaemonCmd(env),
		newVerifyCmd(env),
		newConflictsCmd(env),
		newRevertCmd(env),
		newServeCmd(env),
		newLinkCmd(env),
		newPlanCmd(env),
	)
	completeFlags(env, root)
	return root
}

// usageArgs checks the number of positional arguments and names the usage when it is wrong.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return roster.Errorf(roster.EINVALID, "%s takes %d argument(s), got %d; usage: %s", cmd.CommandPath(), n, len(args), cmd.UseLine())
		}
		return nil
	}
}

// requireFlags fails with a usage error naming the first of the flags that was not given.
func requireFlags(cmd *cobra.Command, names ...string) error {
	for _, n := range names {
		if !cmd.Flags().Changed(n) {
			return roster.Errorf(roster.EINVALID, "%s needs --%s; usage: %s", cmd.CommandPath(), n, cmd.UseLine())
		}
	}
	return nil
}
