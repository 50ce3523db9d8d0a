package main

import (
	"context"
	"sort"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"dutyroster/roster"
)

// officerHint ends the description of every flag that names an officer.
const officerHint = " (an id, or a name or part of one)"

// officerAnnotation marks the flags that name an officer: they take an id or a name, or part of
// one, and complete officer ids with their names.
const officerAnnotation = "dutyroster/officer"

// officerFlag adds a flag that names an officer.
func officerFlag(env *Env, cmd *cobra.Command, dst *string, name, usage string) {
	cmd.Flags().StringVar(dst, name, "", usage)
	cmd.Flags().SetAnnotation(name, officerAnnotation, []string{"true"}) // the help adds officerHint
	cmd.RegisterFlagCompletionFunc(name, env.completeOfficers)
}

// resolveOfficers turns every officer flag given by name into the officer's id, before the
// command runs: one lookup for every command. Without a readable database it leaves the flags
// as given, and the command says what is missing.
func resolveOfficers(env *Env, cmd *cobra.Command, args []string) error {
	var named []*pflag.Flag
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Changed && f.Annotations[officerAnnotation] != nil && f.Value.String() != "" {
			named = append(named, f)
		}
	})
	positional := cmd.Annotations[officerAnnotation] != "" && len(args) > 0
	if len(named) == 0 && !positional {
		return nil
	}
	officers, err := env.officers(cmd.Context())
	if err != nil {
		return nil
	}
	for _, f := range named {
		o, err := roster.FindOfficer(officers, f.Value.String())
		if err != nil {
			return roster.Errorf(roster.ErrorCode(err), "--%s: %v", f.Name, err)
		}
		f.Value.Set(o.ID)
	}
	if positional {
		o, err := roster.FindOfficer(officers, args[0])
		if err != nil {
			return err
		}
		args[0] = o.ID
	}
	return nil
}

// officers reads the officer list, for lookups and completion.
func (env *Env) officers(ctx context.Context) ([]roster.Officer, error) {
	db, err := env.openDBReader(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.Officers(ctx)
}

// completeOfficers offers officer ids, each with the officer's name.
func (env *Env) completeOfficers(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
	officers, err := env.officers(cmd.Context())
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	out := make([]string, 0, len(officers))
	for _, o := range officers {
		out = append(out, o.ID+"\t"+o.Name)
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completePosts offers post ids, each with the post's name.
func (env *Env) completePosts(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
	db, err := env.openDBReader(cmd.Context())
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	defer db.Close()
	plan, err := db.LoadDirectory(cmd.Context())
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	out := make([]string, 0, len(plan.Posts))
	for _, p := range plan.Posts {
		out = append(out, p.ID+"\t"+p.Name)
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeMonths offers the months a coordinator works on: this one and the next two, and
// every month that has a published roster.
func (env *Env) completeMonths(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
	now := roster.DateOf(env.Now())
	seen := map[roster.Month]bool{}
	m := roster.Month{Year: now.Year, Month: now.Month}
	for i := 0; i < 3; i++ {
		seen[m] = true
		m = m.Next()
	}
	if db, err := env.openDBReader(cmd.Context()); err == nil {
		if ms, err := db.PublishedMonths(cmd.Context()); err == nil {
			for _, m := range ms {
				seen[m] = true
			}
		}
		db.Close()
	}
	out := make([]string, 0, len(seen))
	for m := range seen {
		out = append(out, m.String())
	}
	sort.Strings(out)
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeFlags adds post and month completion to every command's --post and --month.
func completeFlags(env *Env, root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Flags().Lookup("post") != nil {
			c.RegisterFlagCompletionFunc("post", env.completePosts)
		}
		if c.Flags().Lookup("month") != nil {
			c.RegisterFlagCompletionFunc("month", env.completeMonths)
		}
		if c.Annotations[officerAnnotation] != "" {
			c.ValidArgsFunction = env.completeOfficers
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
