// Command dutyroster builds, stores, publishes and exports the duty rosters of a provincial
// State Legal Aid Center: who is on duty, when, at which court or investigation body.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	_ "time/tzdata" // time zones load on Windows PCs without a zoneinfo database

	"dutyroster/roster"
	"dutyroster/roster/msg"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], defaultEnv())
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK         = 0
	exitInternal   = 1
	exitInvalid    = 2
	exitIncomplete = 3
)

// run executes one command line and returns the exit code. Tests call it in-process. A panic
// never reaches the user as a stack trace: it is one line and exit code 1.
func run(ctx context.Context, args []string, env *Env) (code int) {
	defer func() {
		if r := recover(); r != nil {
			env.printf(env.Stderr, "Error: internal failure (%v); nothing more was written. Please report it with the command line.\n", r)
			code = exitInternal
		}
	}()
	lang, err := msg.Detect(scanLang(args), env.Getenv, systemLanguage)
	env.lang = lang
	if err != nil {
		env.printf(env.Stderr, "Error: %s\n", errorText(lang, err))
		return exitInvalid
	}
	root := newRootCmd(env)
	root.SetArgs(args)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	translateHelp(root, env.lang) // after SetOut: the completion command keeps the writer it finds
	if err := root.ExecuteContext(ctx); err != nil {
		return reportError(env, err)
	}
	return exitOK
}

// reportError prints the error as one line (plus one line per problem of a plan file) and maps
// it to an exit code. An error before any command ran is a usage error.
func reportError(env *Env, err error) int {
	w := env.Stderr
	var pe *roster.PlanErrors
	if errors.As(err, &pe) {
		for _, p := range pe.Problems {
			if p.Format == "" {
				fmt.Fprintln(w, p.String())
				continue
			}
			fmt.Fprintf(w, "%s: %s\n", p.Place(), env.sprintf(p.Format, p.Args...))
		}
	}
	text := strings.ReplaceAll(strings.TrimSpace(errorText(env.lang, err)), "\n", "; ")
	env.printf(w, "Error: %s\n", text)
	if !env.ran {
		return exitInvalid
	}
	switch roster.ErrorCode(err) {
	case roster.EINVALID, roster.ENOTFOUND, roster.ECONFLICT:
		return exitInvalid
	case roster.EINCOMPLETE:
		return exitIncomplete
	}
	return exitInternal
}
