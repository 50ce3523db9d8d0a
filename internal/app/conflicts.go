package app

import (
	"context"
	"time"

	"dutyroster/roster"
	"dutyroster/roster/check"
)

// Conflict is a published duty (or a published month of one officer) that breaks a hard rule
// as things stand now: leave added after publishing, an officer deactivated or given another
// role or area, a holiday moved. The roster needs an amendment; Fix says which.
type Conflict struct {
	Month     roster.Month
	Version   int
	OfficerID string
	Rule      check.Rule
	Message   string
	Text      roster.Text `json:"-"` // Message unformatted, for the reader's language
	// Place is the duty the conflict is about (nil for a cap or a run of days).
	Place *roster.Assignment
	Fix   string
	// FixText is Fix unformatted, for the reader's language.
	FixText roster.Text `json:"-"`
}

// Conflicts judges the current published version of each month (those given, else every
// published month) against the plan as it is now, and returns the conflicts about duties that
// have not ended by now (a duty in the past cannot be changed). officers, when given, keeps only
// theirs.
func Conflicts(ctx context.Context, c *Center, now time.Time, months []roster.Month, officers ...string) ([]Conflict, error) {
	if months == nil {
		var err error
		if months, err = c.DB.PublishedMonths(ctx); err != nil {
			return nil, err
		}
	}
	keep := map[string]bool{}
	for _, o := range officers {
		keep[o] = true
	}
	var out []Conflict
	for _, m := range months {
		if !m.Next().First().In(c.Loc).After(now) {
			continue // the month is over
		}
		vs, err := c.DB.Versions(ctx, m)
		if err != nil {
			return nil, err
		}
		published := 0
		for _, v := range vs {
			if v.Status == roster.StatusPublished {
				published = v.Version
			}
		}
		if published == 0 {
			continue
		}
		r, err := c.DB.Roster(ctx, m, published)
		if err != nil {
			return nil, err
		}
		around, err := c.DB.Around(ctx, m)
		if err != nil {
			return nil, err
		}
		for _, v := range check.Roster(check.Input{Plan: c.Plan, Assignments: r.Assignments, Context: around}) {
			if len(keep) > 0 && !keep[v.OfficerID] {
				continue
			}
			if len(v.Places) == 0 {
				fix := roster.T("dutyroster roster show --month %s --officer %s, then dutyroster replace --month %s --officer %s --from DAY --reason \"...\"",
					m.String(), v.OfficerID, m.String(), v.OfficerID)
				out = append(out, Conflict{Month: m, Version: published, OfficerID: v.OfficerID, Rule: v.Rule, Message: v.Message, Text: v.Text,
					Fix: fix.String(), FixText: fix})
				continue
			}
			for _, a := range v.Places {
				if !a.End.After(now) || a.OfficerID != v.OfficerID {
					continue
				}
				a := a
				day := roster.DateOf(a.Start.In(c.Loc))
				fix := roster.T("dutyroster replace --month %s --officer %s --from %s --reason \"...\" (it proposes who takes over; --yes applies it)",
					m.String(), a.OfficerID, day.String())
				out = append(out, Conflict{Month: m, Version: published, OfficerID: v.OfficerID, Rule: v.Rule, Message: v.Message, Text: v.Text, Place: &a,
					Fix: fix.String(), FixText: fix})
			}
		}
	}
	return out, nil
}

// Absence tells whether an officer cannot serve at instant t whatever the roster says: inactive,
// or unavailable (leave, a window, a recurring window). It returns the reason, or "".
func Absence(o *roster.Officer, t time.Time, loc *time.Location) string {
	if !o.Active {
		return "inactive"
	}
	for _, u := range o.Unavailable {
		if u.Blocks(t, t.Add(time.Minute), loc) {
			if u.Reason != "" {
				return "unavailable: " + u.Reason
			}
			return "unavailable"
		}
	}
	return ""
}
