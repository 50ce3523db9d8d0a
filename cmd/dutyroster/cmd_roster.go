package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"dutyroster/export"
	"dutyroster/internal/app"
	"dutyroster/roster"
)

func newRosterCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "roster", Short: "Show stored rosters"}
	cmd.AddCommand(newRosterShowCmd(env), newHistoryCmd(env), newDiffCmd(env))
	return cmd
}

type rosterShowOptions struct {
	month, post, officer, output string
	version                      int
}

func newRosterShowCmd(env *Env) *cobra.Command {
	var opts rosterShowOptions
	cmd := &cobra.Command{
		Use:   "show --month YYYY-MM [--version N] [--post ID] [--officer ID]",
		Short: "Show a month's roster: the published version, else the newest draft",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "month"); err != nil {
				return err
			}
			return runRosterShow(cmd.Context(), env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.month, "month", "", "the month (required)")
	cmd.Flags().IntVar(&opts.version, "version", 0, "a version number (default: published, else newest draft)")
	cmd.Flags().StringVar(&opts.post, "post", "", "only this post")
	cmd.Flags().StringVar(&opts.officer, "officer", "", "only this officer")
	outputFlag(cmd, &opts.output)
	return cmd
}

func runRosterShow(ctx context.Context, env *Env, opts rosterShowOptions) error {
	if err := checkOutput(opts.output); err != nil {
		return err
	}
	m, err := roster.ParseMonth(opts.month)
	if err != nil {
		return err
	}
	c, err := env.openCenter(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	plan := c.Plan
	r, err := c.DB.Roster(ctx, m, opts.version)
	if err != nil {
		return err
	}
	if err := app.FilterRoster(plan, r, opts.post, opts.officer); err != nil {
		return err
	}
	if opts.output == "json" {
		return writeJSON(env.Stdout, export.ToJSON(r))
	}
	l := listing{header: []string{"date", "day", "time", "post", "shift", "role", "officer_id", "name", "phone"}}
	for _, a := range r.Assignments {
		name, phone := "", ""
		if o := plan.Officer(a.OfficerID); o != nil {
			name, phone = o.Name, o.Phone
		}
		l.rows = append(l.rows, []string{a.Start.Format("2006-01-02"), weekdayName(roster.DateOf(a.Start), "vi"),
			a.Start.Format("15:04") + "-" + a.End.Format("15:04"), a.PostID, a.ShiftID, string(a.Role), a.OfficerID, name, phone})
	}
	for _, u := range r.Unfilled {
		l.rows = append(l.rows, []string{u.Start.Format("2006-01-02"), weekdayName(roster.DateOf(u.Start), "vi"),
			u.Start.Format("15:04") + "-" + u.End.Format("15:04"), u.PostID, u.ShiftID, string(u.Role), "UNFILLED", strconv.Itoa(u.Missing) + " missing", ""})
	}
	if opts.output == "csv" {
		return l.write(env.Stdout, "csv")
	}
	fmt.Fprintf(env.Stdout, "%s version %d (%s), seed %d: %d assignments, %d unfilled places\n\n", r.Month, r.Version, r.Status, r.Seed,
		len(r.Assignments), roster.MissingPlaces(r.Unfilled))
	if err := l.write(env.Stdout, "table"); err != nil {
		return err
	}
	for _, u := range r.Unfilled {
		fmt.Fprintf(env.Stdout, "\nunfilled: %s", u.Reason)
	}
	if len(r.Unfilled) > 0 {
		fmt.Fprintln(env.Stdout)
	}
	return nil
}

// statsJSON is the stable JSON form of `stats`.
type statsJSON struct {
	Period   string             `json:"period"`
	Officers []officerStatsJSON `json:"officers"`
	Spread   spreadJSON         `json:"spread"`
}

type officerStatsJSON struct {
	OfficerID string       `json:"officer_id"`
	Name      string       `json:"name"`
	Duties    int          `json:"duties"`
	Backups   int          `json:"backups"`
	Weekend   int          `json:"weekend"`
	Holiday   int          `json:"holiday"`
	Night     int          `json:"night"`
	Burden    roster.Milli `json:"burden"`
	FairShare roster.Milli `json:"fair_share"`
	Deviation roster.Milli `json:"deviation"`
}

type spreadJSON struct {
	Duties       int          `json:"duties"`
	Backups      int          `json:"backups"`
	Weekend      int          `json:"weekend"`
	Holiday      int          `json:"holiday"`
	Night        int          `json:"night"`
	Burden       roster.Milli `json:"burden"`
	BurdenMin    roster.Milli `json:"burden_min"`
	BurdenMedian roster.Milli `json:"burden_median"`
	BurdenMax    roster.Milli `json:"burden_max"`
}

func newStatsCmd(env *Env) *cobra.Command {
	var month, year, output string
	cmd := &cobra.Command{
		Use:   "stats --month YYYY-MM | --year YYYY",
		Short: "Per officer: duties, backups, weekend, holiday, night, burden, fair share and deviation",
		Long: `stats measures the current version of a month (or of every month of a year): burden is the sum
of slot weights (a backup counts half) divided by share; fair share is what everyone would carry if
burden were spread exactly by share; deviation is the difference. The last line gives each spread.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(output); err != nil {
				return err
			}
			if (month == "") == (year == "") {
				return roster.Errorf(roster.EINVALID, "stats needs either --month YYYY-MM or --year YYYY")
			}
			c, err := env.openCenter(cmd.Context())
			if err != nil {
				return err
			}
			defer c.Close()
			db, plan := c.DB, c.Plan
			var stats []roster.OfficerStats
			period := month
			if month != "" {
				m, err := roster.ParseMonth(month)
				if err != nil {
					return err
				}
				r, err := db.Roster(cmd.Context(), m, 0)
				if err != nil {
					return err
				}
				stats = roster.ComputeStats(r.Assignments, r.Participants)
			} else {
				y, err := strconv.Atoi(year)
				if err != nil || y < 1900 || y > 2100 {
					return roster.Errorf(roster.EINVALID, "--year %q is not a year between 1900 and 2100", year)
				}
				period = year
				rs, err := db.CurrentRosters(cmd.Context(), y)
				if err != nil {
					return err
				}
				if len(rs) == 0 {
					return roster.Errorf(roster.ENOTFOUND, "no roster for any month of %d yet", y)
				}
				var months [][]roster.OfficerStats
				for _, r := range rs {
					months = append(months, roster.ComputeStats(r.Assignments, r.Participants))
				}
				stats = roster.SumStats(months)
			}
			return writeStats(env, plan, period, stats, output)
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "a month")
	cmd.Flags().StringVar(&year, "year", "", "a whole year (the sum of its months)")
	outputFlag(cmd, &output)
	return cmd
}

func writeStats(env *Env, plan *roster.Plan, period string, stats []roster.OfficerStats, output string) error {
	name := func(id string) string {
		if o := plan.Officer(id); o != nil {
			return o.Name
		}
		return id
	}
	sortVietnamese(stats, func(s roster.OfficerStats) string { return name(s.OfficerID) }, func(s roster.OfficerStats) string { return s.OfficerID })
	sp := roster.SpreadOf(stats)
	j := statsJSON{Period: period, Officers: []officerStatsJSON{}, Spread: spreadJSON{Duties: sp.Duties, Backups: sp.Backups,
		Weekend: sp.Weekend, Holiday: sp.Holiday, Night: sp.Night, Burden: sp.Burden, BurdenMin: sp.BurdenMin,
		BurdenMedian: sp.BurdenMedian, BurdenMax: sp.BurdenMax}}
	l := listing{header: []string{"officer_id", "name", "duties", "backups", "weekend", "holiday", "night", "burden", "fair_share", "deviation"}}
	for _, s := range stats {
		j.Officers = append(j.Officers, officerStatsJSON{OfficerID: s.OfficerID, Name: name(s.OfficerID), Duties: s.Duties, Backups: s.Backups,
			Weekend: s.Weekend, Holiday: s.Holiday, Night: s.Night, Burden: s.Burden, FairShare: s.FairShare, Deviation: s.Deviation})
		l.rows = append(l.rows, []string{s.OfficerID, name(s.OfficerID), strconv.Itoa(s.Duties), strconv.Itoa(s.Backups),
			strconv.Itoa(s.Weekend), strconv.Itoa(s.Holiday), strconv.Itoa(s.Night), s.Burden.String(), s.FairShare.String(), s.Deviation.String()})
	}
	l.json = j
	if output != "table" {
		return l.write(env.Stdout, output)
	}
	l.rows = append(l.rows, []string{"SPREAD", "(max - min)", strconv.Itoa(sp.Duties), strconv.Itoa(sp.Backups), strconv.Itoa(sp.Weekend),
		strconv.Itoa(sp.Holiday), strconv.Itoa(sp.Night), sp.Burden.String(), "", ""})
	if err := l.write(env.Stdout, "table"); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "\n%s: burden min %s, median %s, max %s\n", period, sp.BurdenMin, sp.BurdenMedian, sp.BurdenMax)
	return nil
}
