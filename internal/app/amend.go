package app

import (
	"context"
	"sort"
	"strings"
	"time"

	"dutyroster/roster"
	"dutyroster/roster/check"
	"dutyroster/scheduler"
	"dutyroster/store"
)

// Amendment is a change computed from the plan and the current version: the new assignments
// and unfilled places, and lines saying what changed. ProposeOnly asks to report, not store.
type Amendment struct {
	Assignments []roster.Assignment
	Unfilled    []roster.Unfilled
	Lines       []roster.Text
	ProposeOnly bool
}

// Change computes an amendment from the current published version.
type Change func(ctx context.Context, c *Center, cur *roster.Roster) (*Amendment, error)

// AmendRequest names the month, who amends it and why.
type AmendRequest struct {
	Month  roster.Month
	By     string // who makes the change; "": the actor's user
	Reason string
	Actor  store.Actor
	DryRun bool // check and report; write nothing
}

// Amended is what Amend did.
type Amended struct {
	Month    roster.Month
	Version  int // the new version; 0 for a proposal or a dry run
	Base     int // the version it amends
	Status   string
	Reason   string
	Lines    []roster.Text
	Proposal bool // only proposed: nothing was written
	DryRun   bool // checked, nothing was written
	// Changes are the duties the amendment changes (for the people it touches).
	Changes []roster.Change
}

// Amend applies a change to a month as a new version: published at once for a published month,
// the next draft for a month not yet published (so a coordinator can polish a draft). It checks
// that the change breaks no hard rule: violations the current version already had (leave added
// after publishing, say) are not the change's doing and do not block it. The check runs inside
// the transaction that writes the version, against the neighbouring months as they are then.
// Nothing is written on refusal, or with DryRun.
func Amend(ctx context.Context, c *Center, req AmendRequest, change Change) (*Amended, error) {
	reason := strings.TrimSpace(req.Reason)
	if reason == "" {
		return nil, roster.Errorf(roster.EINVALID, "an amendment needs a reason: say why (it is recorded and shown in the history)")
	}
	for _, f := range [][2]string{{"--reason", reason}, {"--author", req.By}} {
		if err := roster.CheckText(f[0], f[1]); err != nil {
			return nil, roster.Errorf(roster.EINVALID, "%v", err)
		}
	}
	cur, err := c.DB.Roster(ctx, req.Month, 0)
	if err != nil {
		return nil, err
	}
	am, err := change(ctx, c, cur)
	if err != nil {
		return nil, err
	}
	out := &Amended{Month: req.Month, Base: cur.Version, Status: cur.Status, Reason: reason, Lines: am.Lines}
	if am.ProposeOnly {
		out.Proposal = true
		return out, nil
	}
	SortAssignments(am.Assignments)
	out.Changes = roster.Diff(cur.Assignments, am.Assignments)
	verify := func(now *roster.Roster, around []roster.Assignment) error {
		before := check.Roster(check.Input{Plan: c.Plan, Assignments: now.Assignments, Context: around})
		after := check.Roster(check.Input{Plan: c.Plan, Assignments: am.Assignments, Context: around})
		if introduced := check.Introduced(before, after); len(introduced) > 0 {
			if req.DryRun {
				return roster.Errorf(roster.EINVALID, "refused: %s; nothing would be changed", ViolationText(introduced))
			}
			return roster.Errorf(roster.EINVALID, "refused: %s; nothing was changed", ViolationText(introduced))
		}
		return nil
	}
	if req.DryRun {
		around, err := c.DB.Around(ctx, req.Month)
		if err != nil {
			return nil, err
		}
		if err := verify(cur, around); err != nil {
			return nil, err
		}
		out.DryRun = true
		return out, nil
	}
	nr := &store.NewRoster{Month: req.Month, Seed: cur.Seed, Reason: reason, Assignments: am.Assignments, Unfilled: am.Unfilled,
		Officers: cur.Participants}
	if cur.Status == roster.StatusPublished {
		nr.Notify, nr.Channels = changeNotices(c, req.Month, out.Changes), c.daemonConfig().Channels()
		for _, ch := range out.Changes {
			if ch.From != "" {
				nr.Removed = append(nr.Removed, roster.Assignment{OfficerID: ch.From, PostID: ch.PostID, ShiftID: ch.ShiftID, Start: ch.Start})
			}
		}
	}
	if out.Version, err = c.DB.SaveAmendment(ctx, nr, cur.Version, req.By, req.Actor, verify); err != nil {
		return nil, err
	}
	return out, nil
}

// Revert is the change that makes a month equal to an earlier version again: its duties and
// unfilled places, as a new version (history keeps every version; nothing is deleted).
func Revert(to int) Change {
	return func(ctx context.Context, c *Center, cur *roster.Roster) (*Amendment, error) {
		if to == cur.Version {
			return nil, roster.Errorf(roster.EINVALID, "version %d is the current version of %s already", to, cur.Month)
		}
		old, err := c.DB.Roster(ctx, cur.Month, to)
		if err != nil {
			return nil, err
		}
		changes := roster.Diff(cur.Assignments, old.Assignments)
		lines := []roster.Text{roster.T("back to version %d: %d duties change", to, len(changes))}
		return &Amendment{Assignments: append([]roster.Assignment(nil), old.Assignments...),
			Unfilled: append([]roster.Unfilled(nil), old.Unfilled...), Lines: lines}, nil
	}
}

// SortAssignments puts assignments in the stored order: by start, post, duty before backup,
// officer.
func SortAssignments(as []roster.Assignment) {
	sort.SliceStable(as, func(i, j int) bool {
		a, b := as[i], as[j]
		switch {
		case !a.Start.Equal(b.Start):
			return a.Start.Before(b.Start)
		case a.PostID != b.PostID:
			return a.PostID < b.PostID
		case a.Role != b.Role:
			return a.Role == roster.Duty
		}
		return a.OfficerID < b.OfficerID
	})
}

// SlotText names a place for messages: "tand-tinh Mon 02/03/2026 07:30-11:30 (duty)".
func SlotText(postID string, start, end time.Time, role roster.DutyRole) roster.SlotLabel {
	return roster.SlotLabel{Start: start, End: end, Post: postID, Role: role, PostFirst: true}
}

func errNoOfficer(id string) error {
	return roster.Errorf(roster.ENOTFOUND, "no officer with id %q; `dutyroster officer list` shows them", id)
}

func errNoPost(id string) error {
	return roster.Errorf(roster.ENOTFOUND, "no post with id %q; `dutyroster post list` shows them", id)
}

// findPlace finds the officer's place starting on date (at post, when given).
func findPlace(c *Center, r *roster.Roster, officer string, date roster.Date, post string) (int, error) {
	if c.Plan.Officer(officer) == nil {
		return 0, errNoOfficer(officer)
	}
	loc := c.Loc
	var found []int
	var days []string
	for i, a := range r.Assignments {
		if a.OfficerID != officer {
			continue
		}
		d := roster.DateOf(a.Start.In(loc))
		days = append(days, a.Start.In(loc).Format("02/01"))
		if d == date && (post == "" || a.PostID == post) {
			found = append(found, i)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		list := "none"
		if len(days) > 0 {
			list = strings.Join(days, ", ")
		}
		where := ""
		if post != "" {
			where = " at " + post
		}
		return 0, roster.Errorf(roster.ENOTFOUND, "%s has no place on %s%s in version %d of %s (their places: %s)", officer,
			date.In(loc).Format("02/01/2006"), where, r.Version, r.Month, list)
	}
	var names []string
	for _, i := range found {
		a := r.Assignments[i]
		names = append(names, a.PostID+" "+a.Start.In(loc).Format("15:04"))
	}
	return 0, roster.Errorf(roster.EINVALID, "%s has %d places on %s (%s); name one with --post", officer, len(found), date.In(loc).Format("02/01/2006"), strings.Join(names, ", "))
}

// SwapRequest names two officers' places to exchange.
type SwapRequest struct {
	Officer, With  string
	Date, WithDate roster.Date
	Post, WithPost string // needed when an officer has two places that day
}

// Swap is the change where two officers exchange places.
func Swap(req SwapRequest) Change {
	return func(_ context.Context, c *Center, cur *roster.Roster) (*Amendment, error) {
		if req.Officer == req.With {
			return nil, roster.Errorf(roster.EINVALID, "--officer and --with are both %s; a swap needs two officers", req.Officer)
		}
		i, err := findPlace(c, cur, req.Officer, req.Date, req.Post)
		if err != nil {
			return nil, err
		}
		j, err := findPlace(c, cur, req.With, req.WithDate, req.WithPost)
		if err != nil {
			return nil, err
		}
		as := append([]roster.Assignment(nil), cur.Assignments...)
		a, b := as[i], as[j]
		as[i].OfficerID, as[j].OfficerID = req.With, req.Officer
		return &Amendment{Assignments: as, Unfilled: cur.Unfilled, Lines: []roster.Text{
			roster.T("%s takes %s from %s", req.With, SlotText(a.PostID, a.Start, a.End, a.Role), req.Officer),
			roster.T("%s takes %s from %s", req.Officer, SlotText(b.PostID, b.Start, b.End, b.Role), req.With),
		}}, nil
	}
}

// ReplaceRequest hands an officer's places in a date range to another officer, or to the
// scheduler's proposal for each place when By is empty (applied only with Apply).
type ReplaceRequest struct {
	Officer  string
	From, To roster.Date
	By       string
	Apply    bool
}

// Replace is the change that hands an officer's places (illness, a hearing) to others.
func Replace(req ReplaceRequest) Change {
	return func(ctx context.Context, c *Center, cur *roster.Roster) (*Amendment, error) {
		officer, by := req.Officer, req.By
		if c.Plan.Officer(officer) == nil {
			return nil, errNoOfficer(officer)
		}
		if by != "" && c.Plan.Officer(by) == nil {
			return nil, errNoOfficer(by)
		}
		loc := c.Loc
		var keep, open []roster.Assignment
		for _, a := range cur.Assignments {
			d := roster.DateOf(a.Start.In(loc))
			if a.OfficerID == officer && !d.Before(req.From) && !d.After(req.To) {
				open = append(open, a)
			} else {
				keep = append(keep, a)
			}
		}
		if len(open) == 0 {
			return nil, roster.Errorf(roster.ENOTFOUND, "%s has no places from %s to %s in version %d of %s", officer, req.From, req.To, cur.Version, cur.Month)
		}
		am := &Amendment{Unfilled: append([]roster.Unfilled(nil), cur.Unfilled...)}
		if by != "" {
			am.Assignments = keep
			for _, a := range open {
				a.OfficerID = by
				am.Assignments = append(am.Assignments, a)
				am.Lines = append(am.Lines, roster.T("%s takes %s from %s", by, SlotText(a.PostID, a.Start.In(loc), a.End.In(loc), a.Role), officer))
			}
			return am, nil
		}
		p, err := ProblemFor(ctx, c, cur.Month, cur.Seed)
		if err != nil {
			return nil, err
		}
		proposals, err := scheduler.Propose(p, keep, open)
		if err != nil {
			return nil, err
		}
		am.Assignments = keep
		for i, pr := range proposals {
			a := open[i]
			if pr.Assignment != nil {
				am.Assignments = append(am.Assignments, *pr.Assignment)
				name := pr.Assignment.OfficerID
				if o := c.Plan.Officer(name); o != nil {
					name += " (" + o.Name + ", " + o.Phone + ")"
				}
				am.Lines = append(am.Lines, roster.T("proposed: %s takes %s from %s", name, SlotText(a.PostID, a.Start.In(loc), a.End.In(loc), a.Role), officer))
			} else {
				am.Unfilled = append(am.Unfilled, *pr.Unfilled)
				am.Lines = append(am.Lines, roster.T("proposed: nobody can take %s from %s: %s", SlotText(a.PostID, a.Start.In(loc), a.End.In(loc), a.Role), officer, pr.Unfilled.ReasonText))
			}
		}
		am.ProposeOnly = !req.Apply
		return am, nil
	}
}

// SlotRequest names one place of a slot: post, day, shift (when the post has several that day),
// the officer and duty or backup.
type SlotRequest struct {
	Post, Shift, Officer string
	Date                 roster.Date
	Role                 roster.DutyRole
}

// findSlot finds the slot of a post starting on a day, among the month's slots.
func findSlot(c *Center, m roster.Month, f SlotRequest) (*scheduler.Slot, error) {
	if f.Role != roster.Duty && f.Role != roster.Backup {
		return nil, roster.Errorf(roster.EINVALID, "--role must be duty or backup, not %q", f.Role)
	}
	if c.Plan.Post(f.Post) == nil {
		return nil, errNoPost(f.Post)
	}
	if c.Plan.Officer(f.Officer) == nil {
		return nil, errNoOfficer(f.Officer)
	}
	slots, err := scheduler.ExpandSlots(c.Plan, m, c.Loc, c.Cal)
	if err != nil {
		return nil, err
	}
	var found []*scheduler.Slot
	for i := range slots {
		s := &slots[i]
		if s.Post.ID == f.Post && s.Date == f.Date && (f.Shift == "" || s.Shift.ID == f.Shift) {
			found = append(found, s)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, roster.Errorf(roster.ENOTFOUND, "%s has no slot on %s in %s", f.Post, f.Date, m)
	}
	var ids []string
	for _, s := range found {
		ids = append(ids, s.Shift.ID)
	}
	return nil, roster.Errorf(roster.EINVALID, "%s has %d slots on %s (shifts %s); name one with --shift", f.Post, len(found), f.Date, strings.Join(ids, ", "))
}

// Assign is the change that puts an officer in one place of a slot (an unfilled one, usually).
func Assign(f SlotRequest) Change {
	return func(_ context.Context, c *Center, cur *roster.Roster) (*Amendment, error) {
		s, err := findSlot(c, cur.Month, f)
		if err != nil {
			return nil, err
		}
		a := roster.Assignment{PostID: s.Post.ID, ShiftID: s.Shift.ID, Start: s.Start, End: s.End, OfficerID: f.Officer, Role: f.Role,
			Weight: s.Weight, Weekend: s.Weekend, Holiday: s.Holiday, Night: s.Night}
		am := &Amendment{Assignments: append(append([]roster.Assignment(nil), cur.Assignments...), a)}
		for _, u := range cur.Unfilled {
			if u.PostID == a.PostID && u.ShiftID == a.ShiftID && u.Start.Equal(a.Start) && u.Role == f.Role {
				u.Missing--
				if u.Missing == 0 {
					continue
				}
			}
			am.Unfilled = append(am.Unfilled, u)
		}
		am.Lines = []roster.Text{roster.T("%s takes %s", f.Officer, SlotText(a.PostID, a.Start, a.End, f.Role))}
		return am, nil
	}
}

// Unassign is the change that takes an officer out of one place; the place is left unfilled,
// with reason as the amendment's reason.
func Unassign(f SlotRequest, reason string) Change {
	return func(_ context.Context, c *Center, cur *roster.Roster) (*Amendment, error) {
		if c.Plan.Post(f.Post) == nil {
			return nil, errNoPost(f.Post)
		}
		i, err := findPlace(c, cur, f.Officer, f.Date, f.Post)
		if err != nil {
			return nil, err
		}
		a := cur.Assignments[i]
		if f.Shift != "" && a.ShiftID != f.Shift {
			return nil, roster.Errorf(roster.ENOTFOUND, "%s's place at %s on %s is shift %s, not %s", f.Officer, f.Post, f.Date, a.ShiftID, f.Shift)
		}
		am := &Amendment{}
		am.Assignments = append(append([]roster.Assignment(nil), cur.Assignments[:i]...), cur.Assignments[i+1:]...)
		why := roster.T("%s: %s was taken out by amendment (%s); nobody is assigned", SlotText(a.PostID, a.Start, a.End, a.Role), a.OfficerID, strings.TrimSpace(reason))
		merged := false
		for _, u := range cur.Unfilled {
			if u.PostID == a.PostID && u.ShiftID == a.ShiftID && u.Start.Equal(a.Start) && u.Role == a.Role {
				u.Missing++
				u.Reason, u.ReasonText = why.String(), why
				merged = true
			}
			am.Unfilled = append(am.Unfilled, u)
		}
		if !merged {
			am.Unfilled = append(am.Unfilled, roster.Unfilled{PostID: a.PostID, ShiftID: a.ShiftID, Start: a.Start, End: a.End, Role: a.Role,
				Missing: 1, Reason: why.String(), ReasonText: why})
		}
		am.Lines = []roster.Text{roster.T("%s leaves %s; the place is unfilled", f.Officer, SlotText(a.PostID, a.Start, a.End, a.Role))}
		return am, nil
	}
}
