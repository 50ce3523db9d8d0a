package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/roster"
	"dutyroster/roster/sample"
)

func newSampleCmd(env *Env) *cobra.Command {
	var opt sample.Options
	var seed uint64
	var out, preset string
	cmd := &cobra.Command{
		Use:   "sample (--officers N --posts M --areas K | --preset national|stress) [--seed S] [--out FILE]",
		Short: "Write a realistic synthetic plan (for scale tests and demos)",
		Long: `sample writes a plan file with Vietnamese names and the Đồng Tháp mix of posts and rules: courts
with office-hours sittings, investigation bodies with 24 h phone duty and a backup, detention
facilities with day and night phone duty, reception desks in rotation. The monthly cap rises with
the demand per officer (never below 10). The same sizes and seed give the same file.
--preset national is 34 provinces of 44 officers and 10 posts, every place fillable; --preset
stress has 3000 officers and 2000 posts, far more places than the officers can hold.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if preset != "" {
				p, ok := sample.Presets[preset]
				if !ok {
					return roster.Errorf(roster.EINVALID, "unknown --preset %q; use national or stress", preset)
				}
				if cmd.Flags().Changed("officers") || cmd.Flags().Changed("posts") || cmd.Flags().Changed("areas") {
					return roster.Errorf(roster.EINVALID, "--preset gives the sizes; it does not go with --officers, --posts or --areas")
				}
				opt = p
				if !cmd.Flags().Changed("seed") {
					seed = p.Seed
				}
			} else if err := requireFlags(cmd, "officers", "posts", "areas"); err != nil {
				return err
			}
			opt.Seed = seed
			if err := opt.Validate(); err != nil {
				return err
			}
			data, err := roster.FormatPlan(sample.Plan(opt))
			if err != nil {
				return err
			}
			header := fmt.Sprintf("# Synthetic plan: dutyroster sample --officers %d --posts %d --areas %d --seed %d\n", opt.Officers, opt.Posts, opt.Areas, seed)
			data = append([]byte(header), data...)
			if out == "" || out == "-" {
				_, err := env.Stdout.Write(data)
				return err
			}
			if err := app.WriteFileAtomic(out, data, 0o644); err != nil {
				return err
			}
			env.printf(env.Stderr, "wrote %s (%d officers, %d posts, %d areas)\n", out, opt.Officers, opt.Posts, opt.Areas)
			return nil
		},
	}
	cmd.Flags().IntVar(&opt.Officers, "officers", 0, "number of officers")
	cmd.Flags().IntVar(&opt.Posts, "posts", 0, "number of posts")
	cmd.Flags().IntVar(&opt.Areas, "areas", 0, "number of areas")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed")
	cmd.Flags().StringVar(&out, "out", "", "file to write (default: standard output)")
	cmd.Flags().StringVar(&preset, "preset", "", "national or stress: named sizes for benchmarks")
	return cmd
}
