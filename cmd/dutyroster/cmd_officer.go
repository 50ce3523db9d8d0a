package main

import (
	"context"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/roster"
)

func newOfficerCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "officer", Short: "List, show, add and change officers"}
	cmd.AddCommand(newOfficerListCmd(env), newOfficerShowCmd(env), newOfficerAddCmd(env), newOfficerSetCmd(env), newOfficerDeactivateCmd(env))
	return cmd
}

type officerListOptions struct {
	output string
	all    bool
	role   string
	area   string
}

func newOfficerListCmd(env *Env) *cobra.Command {
	var opts officerListOptions
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List officers in Vietnamese alphabetical order",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runOfficerList(cmd.Context(), env, opts)
		},
	}
	outputFlag(cmd, &opts.output)
	cmd.Flags().BoolVar(&opts.all, "all", false, "include inactive officers")
	cmd.Flags().StringVar(&opts.role, "role", "", "only this role")
	cmd.Flags().StringVar(&opts.area, "area", "", "only officers who may serve this area")
	return cmd
}

func runOfficerList(ctx context.Context, env *Env, opts officerListOptions) error {
	if err := checkOutput(opts.output); err != nil {
		return err
	}
	db, err := env.openDBReader(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	shown, err := app.ListOfficers(ctx, db, app.OfficerFilter{All: opts.all, Role: opts.role, Area: opts.area})
	if err != nil {
		return err
	}
	return app.OfficersTable(shown, opts.output).Write(env.lang, env.Stdout, opts.output)
}

func newOfficerShowCmd(env *Env) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:         "show ID",
		Annotations: map[string]string{officerAnnotation: "true"},
		Short:       "Show one officer with areas and unavailability",
		Args:        exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(output); err != nil {
				return err
			}
			db, err := env.openDBReader(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			o, err := db.Officer(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return app.OfficerTable(app.ToOfficerJSON(*o)).Write(env.lang, env.Stdout, output)
		},
	}
	outputFlag(cmd, &output)
	return cmd
}

// officerFields are the flags of `officer add` and `officer set`.
type officerFields struct {
	name, role, phone, email, share string
	areas                           []string
	maxPerMonth                     int
	active                          bool
}

func (f *officerFields) register(cmd *cobra.Command, withActive bool) {
	cmd.Flags().StringVar(&f.name, "name", "", "full name, with diacritics")
	cmd.Flags().StringVar(&f.role, "role", "", "legal_aid_officer, lawyer, collaborator or support")
	cmd.Flags().StringVar(&f.phone, "phone", "", "phone number courts and police call")
	cmd.Flags().StringVar(&f.email, "email", "", "e-mail address")
	cmd.Flags().StringSliceVar(&f.areas, "areas", nil, "areas the officer may serve (comma-separated; empty: every area)")
	cmd.Flags().StringVar(&f.share, "share", "", "relative share of duty (0.5 = half load)")
	cmd.Flags().IntVar(&f.maxPerMonth, "max-per-month", 0, "own monthly cap (0: the rules' cap)")
	if withActive {
		cmd.Flags().BoolVar(&f.active, "active", true, "whether the officer takes new duty")
	}
	cmd.RegisterFlagCompletionFunc("role", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, r := range roster.Roles {
			out = append(out, string(r))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
}

// apply copies the flags the user set onto o.
func (f *officerFields) apply(cmd *cobra.Command, o *roster.Officer) error {
	var ch app.OfficerChange
	set := cmd.Flags().Changed
	for name, dst := range map[string]**string{"name": &ch.Name, "role": &ch.Role, "phone": &ch.Phone, "email": &ch.Email, "share": &ch.Share} {
		if set(name) {
			v, _ := cmd.Flags().GetString(name)
			*dst = &v
		}
	}
	if set("areas") {
		ch.Areas = &f.areas
	}
	if set("max-per-month") {
		ch.MaxPerMonth = &f.maxPerMonth
	}
	if set("active") {
		ch.Active = &f.active
	}
	return ch.Apply(o)
}

func newOfficerAddCmd(env *Env) *cobra.Command {
	var f officerFields
	cmd := &cobra.Command{
		Use:   "add ID --name NAME --role ROLE --phone PHONE",
		Short: "Add an officer outside the plan file",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, req := range []string{"name", "role", "phone"} {
				if !cmd.Flags().Changed(req) {
					return roster.Errorf(roster.EINVALID, "officer add needs --%s", req)
				}
			}
			o := roster.Officer{ID: args[0], Share: 1000, Active: true}
			if err := f.apply(cmd, &o); err != nil {
				return err
			}
			db, err := env.openDB(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			if err := db.AddOfficer(cmd.Context(), o, env.actor(cmd)); err != nil {
				return err
			}
			env.printf(env.Stdout, "added officer %s (%s)\n", o.ID, o.Name)
			return nil
		},
	}
	f.register(cmd, false)
	return cmd
}

func newOfficerSetCmd(env *Env) *cobra.Command {
	var f officerFields
	cmd := &cobra.Command{
		Use:         "set ID [--name ...] [--phone ...] [--role ...] [--areas ...] [--share ...] [--max-per-month ...] [--active=false]",
		Annotations: map[string]string{officerAnnotation: "true"},
		Short:       "Change an officer's details",
		Args:        exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().NFlag() == 0 || (cmd.Flags().NFlag() == 1 && cmd.Flags().Changed("db")) {
				return roster.Errorf(roster.EINVALID, "officer set needs at least one field to change, e.g. --phone")
			}
			return updateOfficer(cmd, env, args[0], func(o *roster.Officer) error { return f.apply(cmd, o) })
		},
	}
	f.register(cmd, true)
	return cmd
}

func newOfficerDeactivateCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:         "deactivate ID",
		Annotations: map[string]string{officerAnnotation: "true"},
		Short:       "Stop giving an officer new duty (history is kept)",
		Args:        exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return updateOfficer(cmd, env, args[0], func(o *roster.Officer) error { o.Active = false; return nil })
		},
	}
}

func updateOfficer(cmd *cobra.Command, env *Env, id string, change func(*roster.Officer) error) error {
	db, err := env.openDB(cmd.Context())
	if err != nil {
		return err
	}
	defer db.Close()
	o, err := db.UpdateOfficer(cmd.Context(), id, change, env.actor(cmd))
	if err != nil {
		return err
	}
	state := "active"
	if !o.Active {
		state = "inactive"
	}
	env.printf(env.Stdout, "officer %s (%s): %s, %s, %s\n", o.ID, o.Name, o.Role, o.Phone, state)
	if o.Source == "plan" {
		env.printf(env.Stderr, "note: %s comes from the plan file; the next import sets it back unless the file is changed too\n", o.ID)
	}
	return reportConflicts(cmd.Context(), env, o.ID)
}
