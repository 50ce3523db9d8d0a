package app

import (
	"bytes"
	"context"
	"time"

	"dutyroster/export"
	"dutyroster/roster"
	"dutyroster/store"
)

// PublishedVersion is the published version of a month the web pages and feeds show, cut to a scope
// (a post, an officer, or the whole Center: empty ids); nil when the month has none. Drafts are
// never served.
func PublishedVersion(ctx context.Context, c *Center, m roster.Month, post, officer string) (*roster.Roster, error) {
	versions, err := c.DB.Versions(ctx, m)
	if err != nil {
		return nil, err
	}
	for i := len(versions) - 1; i >= 0; i-- {
		if versions[i].Status != roster.StatusPublished {
			continue
		}
		r, err := c.DB.Roster(ctx, m, versions[i].Version)
		if err != nil {
			return nil, err
		}
		if err := FilterRoster(c.Plan, r, post, officer); err != nil {
			return nil, err
		}
		return r, nil
	}
	return nil, nil
}

// Feed settings: how often a subscribed calendar should fetch again, and how far back a feed
// reaches (removed duties stay in it, cancelled, at least that long).
const (
	FeedRefresh    = time.Hour
	feedMonthsBack = 1
)

// Feed is the calendar of a scope as a subscribed calendar fetches it: the published duties
// from the month before now's to the last published month, each event numbered with its
// month's version (SEQUENCE), removed duties as cancelled, a reminder before each duty (the
// daemon's reminder lead) and how often to fetch again. Only published versions go in, and
// what a version cancels comes from earlier published versions only. It reads only the scope's
// assignments (and, for an officer, those of the posts they serve, to name their partners).
func Feed(ctx context.Context, c *Center, scope, target string, now time.Time, lang string) ([]byte, error) {
	post, officer := "", ""
	switch scope {
	case store.ScopePost:
		post = target
	case store.ScopeOfficer:
		officer = target
	}
	first := roster.MonthOf(c.Today(now))
	for i := 0; i < feedMonthsBack; i++ {
		first = first.Prev()
	}
	last, err := c.DB.LastMonth(ctx, false)
	if err != nil {
		return nil, err
	}
	doc := &export.Document{Plan: c.Plan, Calendar: c.Cal, Lang: lang, PostID: post, Sequences: map[roster.Month]int{},
		Alarm: c.daemonConfig().Jobs.Remind.Before, Refresh: FeedRefresh,
		Roster: &roster.Roster{Month: first, Status: roster.StatusPublished}}
	if last == nil || last.String() < first.String() {
		return encodeFeed(doc)
	}
	from, to := first.First().In(c.Loc), last.Next().First().In(c.Loc)
	// The current published duties of the scope, and for an officer the posts' others.
	mine, err := c.DB.AssignmentsBetween(ctx, from, to, officer, post, false)
	if err != nil {
		return nil, err
	}
	doc.Roster.Assignments, doc.All = mine, mine
	if officer != "" {
		doc.All = nil
		seen := map[string]bool{}
		for _, a := range mine {
			if seen[a.PostID] {
				continue
			}
			seen[a.PostID] = true
			theirs, err := c.DB.AssignmentsBetween(ctx, from, to, "", a.PostID, false)
			if err != nil {
				return nil, err
			}
			doc.All = append(doc.All, theirs...)
		}
	}
	have := map[string]bool{}
	for _, a := range mine {
		have[dutyKey(a)] = true
	}
	var stamp time.Time
	for m := first; m.String() <= last.String(); m = m.Next() {
		versions, err := c.DB.Versions(ctx, m)
		if err != nil {
			return nil, err
		}
		var published []store.RosterInfo
		for _, v := range versions {
			if v.Status == roster.StatusPublished {
				published = append(published, v)
			}
		}
		if len(published) == 0 {
			continue
		}
		cur := published[len(published)-1]
		doc.Sequences[m] = cur.Version
		if cur.PublishedAt.After(stamp) {
			stamp = cur.PublishedAt
		}
		// Duties earlier published versions had and the current one does not: cancelled.
		seen := map[string]bool{}
		for _, v := range published[:len(published)-1] {
			old, err := c.DB.Roster(ctx, m, v.Version)
			if err != nil {
				return nil, err
			}
			for _, a := range old.Assignments {
				k := dutyKey(a)
				if have[k] || seen[k] || (post != "" && a.PostID != post) || (officer != "" && a.OfficerID != officer) {
					continue
				}
				seen[k] = true
				doc.Cancelled = append(doc.Cancelled, a)
			}
		}
	}
	// The stamp is the newest publication, so an unchanged feed gives the same bytes.
	doc.Now = stamp
	return encodeFeed(doc)
}

func encodeFeed(doc *export.Document) ([]byte, error) {
	var buf bytes.Buffer
	if err := export.NewICSEncoder(&buf).Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func dutyKey(a roster.Assignment) string {
	return a.OfficerID + "|" + a.PostID + "|" + a.Start.UTC().String()
}

// UnfilledAt lists the posts with a published place nobody was assigned to at t: there, an empty
// desk is an emergency, not the hours the post keeps.
func UnfilledAt(ctx context.Context, c *Center, t time.Time) (map[string]bool, error) {
	out := map[string]bool{}
	m := roster.MonthOf(c.Today(t))
	for _, month := range []roster.Month{m.Prev(), m} {
		r, err := PublishedVersion(ctx, c, month, "", "")
		if err != nil || r == nil {
			if err != nil {
				return nil, err
			}
			continue
		}
		for _, u := range r.Unfilled {
			if u.Role == roster.Duty && !u.Start.After(t) && u.End.After(t) {
				out[u.PostID] = true
			}
		}
	}
	return out, nil
}
