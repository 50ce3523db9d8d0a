package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/roster"
	"dutyroster/roster/holiday"
	"dutyroster/roster/lunar"
)

// calendarSettings returns the holiday calendar and notice rule of the stored plan; without a
// database (none named and no ./dutyroster.db) it returns the built-in calendar and the default rule.
func calendarSettings(ctx context.Context, env *Env) (*holiday.Calendar, roster.Rules, string, error) {
	path := env.DBPath()
	explicit := env.dbPath != "" || env.Getenv("DUTYROSTER_DB") != ""
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && !explicit {
		return holiday.Builtin(), roster.DefaultRules(), "the built-in calendar", nil
	}
	plan, err := loadPlan(ctx, env)
	if err != nil {
		var de *roster.Error
		if errors.As(err, &de) && de.Code == roster.ENOTFOUND && !explicit {
			return holiday.Builtin(), roster.DefaultRules(), "the built-in calendar", nil
		}
		return nil, roster.Rules{}, "", err
	}
	return holiday.New(plan.Holidays), plan.Rules, "the plan's calendar", nil
}

func newHolidaysCmd(env *Env) *cobra.Command {
	var year, output, lang string
	cmd := &cobra.Command{
		Use:   "holidays --year YYYY",
		Short: "List the public holidays and substitute days off of a year",
		Long: `holidays lists every day off of a year: the statutory holidays (Labour Code 2019, art. 112) with Tết
and the Hùng Kings' day from the Vietnamese lunar calendar, substitute days for holidays on a weekend
(art. 111(3)), and, with a database, the plan's holidays.add and holidays.remove.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(output); err != nil {
				return err
			}
			if err := requireFlags(cmd, "year"); err != nil {
				return err
			}
			if lang != "vi" && lang != "en" {
				return roster.Errorf(roster.EINVALID, "unknown --lang %q; use vi or en", lang)
			}
			y, err := strconv.Atoi(year)
			if err != nil || y < lunar.MinYear || y > lunar.MaxYear {
				return roster.Errorf(roster.EINVALID, "--year %q is not a year between %d and %d", year, lunar.MinYear, lunar.MaxYear)
			}
			cal, _, _, err := calendarSettings(cmd.Context(), env)
			if err != nil {
				return err
			}
			return app.HolidaysTable(cal, y, lang).Write(env.lang, env.Stdout, output)
		},
	}
	cmd.Flags().StringVar(&year, "year", "", "the year (required)")
	cmd.Flags().StringVar(&lang, "lang", "vi", "language of the names: vi or en")
	outputFlag(cmd, &output)
	return cmd
}

func newLunarCmd(env *Env) *cobra.Command {
	var toSolar, leap bool
	var output string
	cmd := &cobra.Command{
		Use:   "lunar DATE",
		Short: "Convert a solar date to the Vietnamese lunar calendar (or back with --to-solar)",
		Example: `  dutyroster lunar 2025-07-25
  dutyroster lunar --to-solar 2026-01-01
  dutyroster lunar --to-solar --leap 2025-06-01`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "table" && output != "json" {
				return roster.Errorf(roster.EINVALID, "unknown --output %q; use table or json", output)
			}
			var j app.LunarJSON
			if toSolar {
				l, err := parseLunar(args[0], leap)
				if err != nil {
					return err
				}
				y, m, d, err := lunar.ToSolar(l)
				if err != nil {
					return roster.Errorf(roster.EINVALID, "%v", err)
				}
				j = app.NewLunarJSON(roster.Date{Year: y, Month: m, Day: d}, l)
			} else {
				if leap {
					return roster.Errorf(roster.EINVALID, "--leap only goes with --to-solar")
				}
				d, err := roster.ParseDate(args[0])
				if err != nil {
					return roster.Errorf(roster.EINVALID, "%v", err)
				}
				if d.Year < lunar.MinYear || d.Year > lunar.MaxYear {
					return roster.Errorf(roster.EINVALID, "%s is outside %d-%d", d, lunar.MinYear, lunar.MaxYear)
				}
				j = app.NewLunarJSON(d, lunar.FromSolar(d.Year, d.Month, d.Day))
			}
			if output == "json" {
				return app.WriteJSON(env.Stdout, j)
			}
			leapText := ""
			if j.Lunar.Leap {
				leapText = " (nhuận)"
			}
			env.printf(env.Stdout, "%s = ngày %02d tháng %02d%s năm %s (%d) âm lịch\n", j.Date, j.Lunar.Day, j.Lunar.Month, leapText, j.CanChi, j.Lunar.Year)
			return nil
		},
	}
	cmd.Flags().BoolVar(&toSolar, "to-solar", false, "read DATE as a lunar date (YYYY-MM-DD) and convert it to the solar calendar")
	cmd.Flags().BoolVar(&leap, "leap", false, "with --to-solar: the month is the leap month (tháng nhuận)")
	formatFlag(cmd, &output, "table", "json")
	return cmd
}

// parseLunar reads a lunar date as YYYY-MM-DD (no calendar check: ToSolar does that).
func parseLunar(s string, leap bool) (lunar.Date, error) {
	parts := strings.Split(s, "-")
	bad := roster.Errorf(roster.EINVALID, "%q is not a lunar date of the form YYYY-MM-DD", s)
	if len(parts) != 3 {
		return lunar.Date{}, bad
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return lunar.Date{}, bad
		}
		n[i] = v
	}
	if n[0] < lunar.MinYear || n[0] > lunar.MaxYear {
		return lunar.Date{}, roster.Errorf(roster.EINVALID, "lunar year %d is outside %d-%d", n[0], lunar.MinYear, lunar.MaxYear)
	}
	if n[1] < 1 || n[1] > 12 || n[2] < 1 || n[2] > 30 {
		return lunar.Date{}, roster.Errorf(roster.EINVALID, "%q is not a lunar date: months run 1-12 and days 1-30", s)
	}
	return lunar.Date{Year: n[0], Month: n[1], Day: n[2], Leap: leap}, nil
}

func newDeadlineCmd(env *Env) *cobra.Command {
	var month, output string
	cmd := &cobra.Command{
		Use:   "deadline --month YYYY-MM",
		Short: "The last day a month's roster may be published to meet the notice rule",
		Long: `deadline counts rules.notice_working_days working days back from the first day of the month
(Monday to Friday, minus holidays and substitute days): publishing on the deadline day or earlier
gives police that many working days' notice, the deadline day included.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "table" && output != "json" {
				return roster.Errorf(roster.EINVALID, "unknown --output %q; use table or json", output)
			}
			if err := requireFlags(cmd, "month"); err != nil {
				return err
			}
			m, err := roster.ParseMonth(month)
			if err != nil {
				return err
			}
			cal, rules, source, err := calendarSettings(cmd.Context(), env)
			if err != nil {
				return err
			}
			d := cal.NoticeDeadline(m, rules.NoticeWorkingDays)
			j := app.DeadlineJSON{Month: m.String(), Start: m.First().String(), WorkingDays: rules.NoticeWorkingDays, Deadline: d.String(), Calendar: source}
			if output == "json" {
				return app.WriteJSON(env.Stdout, j)
			}
			env.printf(env.Stdout, "%s: publish by %s %s (%d working days before %s, by %s)\n", m, app.WeekdayName(d, string(env.lang)), d,
				rules.NoticeWorkingDays, m.First(), env.lang.T(source))
			return nil
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "the month (required)")
	formatFlag(cmd, &output, "table", "json")
	return cmd
}
