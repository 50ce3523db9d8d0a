package app

import (
	"context"
	"strconv"

	"dutyroster/roster"
)

// ErrStatsPeriod refuses stats without exactly one of a month and a year.
var ErrStatsPeriod = roster.Errorf(roster.EINVALID, "stats needs either --month YYYY-MM or --year YYYY")

// Stats measures the current version of a month, or of every month of a year (exactly one of
// month "YYYY-MM" and year "YYYY" is given): per officer, in Vietnamese order of names, and
// the spread of each measure.
func Stats(ctx context.Context, c *Center, month, year string) (*StatsJSON, error) {
	if (month == "") == (year == "") {
		return nil, ErrStatsPeriod
	}
	var stats []roster.OfficerStats
	var floor roster.Milli
	period := month
	if month != "" {
		m, err := roster.ParseMonth(month)
		if err != nil {
			return nil, err
		}
		r, err := c.DB.Roster(ctx, m, 0)
		if err != nil {
			return nil, err
		}
		stats = roster.ComputeStats(r.Assignments, r.Participants)
		floor = r.BurdenFloor
	} else {
		y, err := strconv.Atoi(year)
		if err != nil || y < 1900 || y > 2100 {
			return nil, roster.Errorf(roster.EINVALID, "--year %q is not a year between 1900 and 2100", year)
		}
		period = year
		rs, err := c.DB.CurrentRosters(ctx, y)
		if err != nil {
			return nil, err
		}
		if len(rs) == 0 {
			return nil, roster.Errorf(roster.ENOTFOUND, "no roster for any month of %d yet", y)
		}
		var months [][]roster.OfficerStats
		for _, r := range rs {
			months = append(months, roster.ComputeStats(r.Assignments, r.Participants))
		}
		stats = roster.SumStats(months)
	}
	roster.SortVietnamese(stats, func(s roster.OfficerStats) string { return c.OfficerName(s.OfficerID) },
		func(s roster.OfficerStats) string { return s.OfficerID })
	sp := roster.SpreadOf(stats)
	j := &StatsJSON{Period: period, Officers: []OfficerStatsJSON{}, Spread: SpreadJSON{Duties: sp.Duties, Backups: sp.Backups,
		Weekend: sp.Weekend, Holiday: sp.Holiday, Night: sp.Night, Burden: sp.Burden, BurdenMin: sp.BurdenMin,
		BurdenMedian: sp.BurdenMedian, BurdenMax: sp.BurdenMax}}
	if floor > 0 {
		j.BurdenFloor = &floor
	}
	for _, s := range stats {
		j.Officers = append(j.Officers, OfficerStatsJSON{OfficerID: s.OfficerID, Name: c.OfficerName(s.OfficerID), Duties: s.Duties,
			Backups: s.Backups, Weekend: s.Weekend, Holiday: s.Holiday, Night: s.Night, Burden: s.Burden, FairShare: s.FairShare,
			Deviation: s.Deviation})
	}
	return j, nil
}
