package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dutyroster/roster"
	"dutyroster/roster/check"
	"dutyroster/roster/holiday"
	"dutyroster/scheduler"
	"dutyroster/store"
)

// monthContext returns the assignments of the neighbouring months' current versions that lie
// within a week of month m, so that rest, overlap and consecutive days are judged across the
// month's edges.
func monthContext(ctx context.Context, db *store.DB, plan *roster.Plan, m roster.Month) ([]roster.Assignment, error) {
	loc, err := plan.Center.Location()
	if err != nil {
		return nil, err
	}
	first, next := m.First().In(loc), m.Next().First().In(loc)
	before, err := db.AssignmentsBetween(ctx, first.AddDate(0, 0, -7), first, "", "", true)
	if err != nil {
		return nil, err
	}
	after, err := db.AssignmentsBetween(ctx, next, next.AddDate(0, 0, 7), "", "", true)
	if err != nil {
		return nil, err
	}
	return append(before, after...), nil
}

func violationText(vs []check.Violation) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = fmt.Sprintf("[%s] %s", v.Rule, v.Message)
	}
	return strings.Join(s, "; ")
}

// slotText names a place for messages: "tand-tinh Mon 02/03/2026 07:30-11:30 (duty)".
func slotText(postID string, start, end time.Time, role roster.DutyRole) string {
	return fmt.Sprintf("%s %s %s-%s (%s)", postID, start.Format("Mon 02/01/2006"), start.Format("15:04"), end.Format("15:04"), role)
}

// --- publish ---

func newPublishCmd(env *Env) *cobra.Command {
	var month, by string
	var version int
	var allowUnfilled bool
	cmd := &cobra.Command{
		Use:   "publish --month YYYY-MM [--version N] [--by NAME] [--allow-unfilled]",
		Short: "Freeze a draft as the month's published roster",
		Long: `publish freezes a draft (the newest, or --version) as the month's published roster, which is never
changed in place afterwards: changes are amendments (swap, replace, assign, unassign), each a new version.
It refuses a roster that breaks a hard rule, or (without --allow-unfilled) has unfilled places, and
warns when it is later than the notice deadline.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "month"); err != nil {
				return err
			}
			return runPublish(cmd.Context(), env, cmd, month, version, by, allowUnfilled)
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "the month (required)")
	cmd.Flags().IntVar(&version, "version", 0, "the draft to publish (default: the newest)")
	cmd.Flags().StringVar(&by, "by", "", "who publishes (default: the system user)")
	cmd.Flags().BoolVar(&allowUnfilled, "allow-unfilled", false, "publish although places are unfilled")
	return cmd
}

func runPublish(ctx context.Context, env *Env, cmd *cobra.Command, month string, version int, by string, allowUnfilled bool) error {
	m, err := roster.ParseMonth(month)
	if err != nil {
		return err
	}
	db, plan, err := env.openWithPlan(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	versions, err := db.Versions(ctx, m)
	if err != nil {
		return err
	}
	for _, v := range versions {
		if v.Status == roster.StatusPublished {
			return roster.Errorf(roster.ECONFLICT, "%s is already published (version %d); change it with swap, replace, assign or unassign", m, v.Version)
		}
	}
	if version == 0 && len(versions) > 0 {
		version = versions[len(versions)-1].Version
	}
	r, err := db.Roster(ctx, m, version)
	if err != nil {
		return err
	}
	around, err := monthContext(ctx, db, plan, m)
	if err != nil {
		return err
	}
	if vs := check.Roster(check.Input{Plan: plan, Assignments: r.Assignments, Context: around}); len(vs) > 0 {
		return roster.Errorf(roster.EINVALID, "refused: version %d of %s breaks %d hard rule(s): %s; nothing was published", r.Version, m, len(vs), violationText(vs))
	}
	if n := roster.MissingPlaces(r.Unfilled); n > 0 && !allowUnfilled {
		return roster.Errorf(roster.EINVALID, "refused: version %d of %s has %d unfilled place(s), the first: %s; fill them with `dutyroster assign` after publishing with --allow-unfilled, or generate again",
			r.Version, m, n, r.Unfilled[0].Reason)
	}
	loc, err := plan.Center.Location()
	if err != nil {
		return err
	}
	cal := holiday.New(plan.Holidays)
	deadline := cal.NoticeDeadline(m, plan.Rules.NoticeWorkingDays)
	today := roster.DateOf(env.Now().In(loc))
	info, err := db.Publish(ctx, m, r.Version, by, env.actor(cmd))
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "published %s version %d by %s: %d assignments, %d unfilled places\n", m, info.Version, info.PublishedBy,
		len(r.Assignments), roster.MissingPlaces(r.Unfilled))
	if today.After(deadline) {
		fmt.Fprintf(env.Stderr, "warning: published on %s, after the notice deadline %s (%d working days before %s); send it to the courts and police at once\n",
			today, deadline, plan.Rules.NoticeWorkingDays, m.First())
	}
	return nil
}

// --- amendments ---

type amendOptions struct {
	month, by, reason string
}

func (o *amendOptions) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.month, "month", "", "the published month (required)")
	cmd.Flags().StringVar(&o.by, "by", "", "who makes the change (default: the system user)")
	cmd.Flags().StringVar(&o.reason, "reason", "", "why (required; recorded and shown in the history)")
}

// amendment is a change computed from the plan and the current version: the new assignments and
// unfilled places, and lines saying what changed. proposeOnly asks to print and not store.
type amendment struct {
	assignments []roster.Assignment
	unfilled    []roster.Unfilled
	lines       []string
	proposeOnly bool
}

// runAmend applies a change to a published month as a new published version, after checking
// that the change breaks no hard rule (violations the current version already had are not the
// change's doing and do not block it). Nothing is written on refusal.
func runAmend(ctx context.Context, env *Env, cmd *cobra.Command, o amendOptions, change func(*store.DB, *roster.Plan, *roster.Roster) (*amendment, error)) error {
	if err := requireFlags(cmd, "month"); err != nil {
		return err
	}
	if strings.TrimSpace(o.reason) == "" {
		return roster.Errorf(roster.EINVALID, "%s needs --reason: say why (it is recorded and shown in the history)", cmd.CommandPath())
	}
	m, err := roster.ParseMonth(o.month)
	if err != nil {
		return err
	}
	db, plan, err := env.openWithPlan(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	cur, err := db.Roster(ctx, m, 0)
	if err != nil {
		return err
	}
	if cur.Status != roster.StatusPublished {
		return roster.Errorf(roster.ECONFLICT, "%s is not published yet (version %d is a draft): publish it, or change it by generating again", m, cur.Version)
	}
	am, err := change(db, plan, cur)
	if err != nil {
		return err
	}
	if am.proposeOnly {
		for _, l := range am.lines {
			fmt.Fprintln(env.Stdout, l)
		}
		fmt.Fprintln(env.Stdout, "proposal only: nothing was written; run again with --yes to apply it")
		return nil
	}
	around, err := monthContext(ctx, db, plan, m)
	if err != nil {
		return err
	}
	before := map[string]bool{}
	for _, v := range check.Roster(check.Input{Plan: plan, Assignments: cur.Assignments, Context: around}) {
		before[v.Message] = true
	}
	var introduced []check.Violation
	for _, v := range check.Roster(check.Input{Plan: plan, Assignments: am.assignments, Context: around}) {
		if !before[v.Message] {
			introduced = append(introduced, v)
		}
	}
	if len(introduced) > 0 {
		return roster.Errorf(roster.EINVALID, "refused: %s; nothing was changed", violationText(introduced))
	}
	sortAssignments(am.assignments)
	nr := &store.NewRoster{Month: m, Seed: cur.Seed, Reason: strings.TrimSpace(o.reason), Assignments: am.assignments, Unfilled: am.unfilled,
		Officers: cur.Participants}
	version, err := db.SaveAmendment(ctx, nr, cur.Version, o.by, env.actor(cmd))
	if err != nil {
		return err
	}
	for _, l := range am.lines {
		fmt.Fprintln(env.Stdout, l)
	}
	fmt.Fprintf(env.Stdout, "%s version %d published (amends version %d): %s\n", m, version, cur.Version, nr.Reason)
	return nil
}

func sortAssignments(as []roster.Assignment) {
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

// findPlace finds the officer's place starting on date (at post, when given).
func findPlace(plan *roster.Plan, r *roster.Roster, officer string, date roster.Date, post string) (int, error) {
	if plan.Officer(officer) == nil {
		return 0, roster.Errorf(roster.ENOTFOUND, "no officer with id %q; `dutyroster officer list` shows them", officer)
	}
	loc, err := plan.Center.Location()
	if err != nil {
		return 0, err
	}
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

func parseDay(flag, s string) (roster.Date, error) {
	d, err := roster.ParseDate(s)
	if err != nil {
		return d, roster.Errorf(roster.EINVALID, "--%s: %v", flag, err)
	}
	return d, nil
}

func newSwapCmd(env *Env) *cobra.Command {
	var o amendOptions
	var officer, date, with, withDate, post, withPost string
	cmd := &cobra.Command{
		Use:   "swap --month M --officer A --date D1 --with B --with-date D2 --reason TEXT",
		Short: "Two officers exchange duties in a published month",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "officer", "date", "with", "with-date"); err != nil {
				return err
			}
			d1, err := parseDay("date", date)
			if err != nil {
				return err
			}
			d2, err := parseDay("with-date", withDate)
			if err != nil {
				return err
			}
			if officer == with {
				return roster.Errorf(roster.EINVALID, "--officer and --with are both %s; a swap needs two officers", officer)
			}
			return runAmend(cmd.Context(), env, cmd, o, func(_ *store.DB, plan *roster.Plan, cur *roster.Roster) (*amendment, error) {
				i, err := findPlace(plan, cur, officer, d1, post)
				if err != nil {
					return nil, err
				}
				j, err := findPlace(plan, cur, with, d2, withPost)
				if err != nil {
					return nil, err
				}
				as := append([]roster.Assignment(nil), cur.Assignments...)
				a, b := as[i], as[j]
				as[i].OfficerID, as[j].OfficerID = with, officer
				return &amendment{assignments: as, unfilled: cur.Unfilled, lines: []string{
					fmt.Sprintf("%s takes %s from %s", with, slotText(a.PostID, a.Start, a.End, a.Role), officer),
					fmt.Sprintf("%s takes %s from %s", officer, slotText(b.PostID, b.Start, b.End, b.Role), with),
				}}, nil
			})
		},
	}
	o.register(cmd)
	cmd.Flags().StringVar(&officer, "officer", "", "officer A")
	cmd.Flags().StringVar(&date, "date", "", "the day of A's place (YYYY-MM-DD)")
	cmd.Flags().StringVar(&with, "with", "", "officer B")
	cmd.Flags().StringVar(&withDate, "with-date", "", "the day of B's place")
	cmd.Flags().StringVar(&post, "post", "", "A's post, when A has two places that day")
	cmd.Flags().StringVar(&withPost, "with-post", "", "B's post, when B has two places that day")
	return cmd
}

func newReplaceCmd(env *Env) *cobra.Command {
	var o amendOptions
	var officer, from, to, byOfficer string
	var yes bool
	cmd := &cobra.Command{
		Use:   "replace --month M --officer A --from D1 [--to D2] [--by-officer B] [--yes] --reason TEXT",
		Short: "Give an officer's places in a date range to another (illness, a hearing)",
		Long: `replace hands officer A's places from D1 to D2 (default: D1 only) to officer B; without --by-officer
the scheduler proposes the fairest valid replacement for each place, which --yes applies.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "officer", "from"); err != nil {
				return err
			}
			d1, err := parseDay("from", from)
			if err != nil {
				return err
			}
			d2 := d1
			if to != "" {
				if d2, err = parseDay("to", to); err != nil {
					return err
				}
			}
			if d2.Before(d1) {
				return roster.Errorf(roster.EINVALID, "--from %s is after --to %s", d1, d2)
			}
			if byOfficer == officer {
				return roster.Errorf(roster.EINVALID, "--by-officer is %s, the officer being replaced", officer)
			}
			return runAmend(cmd.Context(), env, cmd, o, func(db *store.DB, plan *roster.Plan, cur *roster.Roster) (*amendment, error) {
				return replacement(cmd.Context(), db, plan, cur, officer, d1, d2, byOfficer, yes)
			})
		},
	}
	o.register(cmd)
	cmd.Flags().StringVar(&officer, "officer", "", "the officer who cannot serve")
	cmd.Flags().StringVar(&from, "from", "", "first day (YYYY-MM-DD)")
	cmd.Flags().StringVar(&to, "to", "", "last day (default: --from)")
	cmd.Flags().StringVar(&byOfficer, "by-officer", "", "who takes the places (default: the scheduler proposes)")
	cmd.Flags().BoolVar(&yes, "yes", false, "apply the scheduler's proposal")
	return cmd
}

func replacement(ctx context.Context, db *store.DB, plan *roster.Plan, cur *roster.Roster, officer string, d1, d2 roster.Date, by string, yes bool) (*amendment, error) {
	if plan.Officer(officer) == nil {
		return nil, roster.Errorf(roster.ENOTFOUND, "no officer with id %q; `dutyroster officer list` shows them", officer)
	}
	if by != "" && plan.Officer(by) == nil {
		return nil, roster.Errorf(roster.ENOTFOUND, "no officer with id %q; `dutyroster officer list` shows them", by)
	}
	loc, err := plan.Center.Location()
	if err != nil {
		return nil, err
	}
	var keep, open []roster.Assignment
	for _, a := range cur.Assignments {
		d := roster.DateOf(a.Start.In(loc))
		if a.OfficerID == officer && !d.Before(d1) && !d.After(d2) {
			open = append(open, a)
		} else {
			keep = append(keep, a)
		}
	}
	if len(open) == 0 {
		return nil, roster.Errorf(roster.ENOTFOUND, "%s has no places from %s to %s in version %d of %s", officer, d1, d2, cur.Version, cur.Month)
	}
	am := &amendment{unfilled: append([]roster.Unfilled(nil), cur.Unfilled...)}
	if by != "" {
		am.assignments = keep
		for _, a := range open {
			a.OfficerID = by
			am.assignments = append(am.assignments, a)
			am.lines = append(am.lines, fmt.Sprintf("%s takes %s from %s", by, slotText(a.PostID, a.Start.In(loc), a.End.In(loc), a.Role), officer))
		}
		return am, nil
	}
	p, _, err := problemFor(ctx, db, plan, cur.Month, cur.Seed)
	if err != nil {
		return nil, err
	}
	proposals, err := scheduler.Propose(p, keep, open)
	if err != nil {
		return nil, err
	}
	am.assignments = keep
	for i, pr := range proposals {
		a := open[i]
		if pr.Assignment != nil {
			am.assignments = append(am.assignments, *pr.Assignment)
			name := pr.Assignment.OfficerID
			if o := plan.Officer(name); o != nil {
				name += " (" + o.Name + ", " + o.Phone + ")"
			}
			am.lines = append(am.lines, fmt.Sprintf("proposed: %s takes %s from %s", name, slotText(a.PostID, a.Start.In(loc), a.End.In(loc), a.Role), officer))
		} else {
			am.unfilled = append(am.unfilled, *pr.Unfilled)
			am.lines = append(am.lines, fmt.Sprintf("proposed: nobody can take %s from %s: %s", slotText(a.PostID, a.Start.In(loc), a.End.In(loc), a.Role), officer, pr.Unfilled.Reason))
		}
	}
	am.proposeOnly = !yes
	return am, nil
}

// slotFlags name one slot: post, day and (when the post has several) shift.
type slotFlags struct {
	post, shift, date, officer, role string
}

func (f *slotFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.post, "post", "", "the post")
	cmd.Flags().StringVar(&f.shift, "shift", "", "the shift (when the post has several that day)")
	cmd.Flags().StringVar(&f.date, "date", "", "the day the slot starts (YYYY-MM-DD)")
	cmd.Flags().StringVar(&f.officer, "officer", "", "the officer")
	cmd.Flags().StringVar(&f.role, "role", "duty", "duty or backup")
}

// findSlot finds the slot of a post starting on a day, among the month's slots.
func findSlot(plan *roster.Plan, m roster.Month, f slotFlags) (*scheduler.Slot, roster.DutyRole, error) {
	role := roster.DutyRole(f.role)
	if role != roster.Duty && role != roster.Backup {
		return nil, "", roster.Errorf(roster.EINVALID, "--role must be duty or backup, not %q", f.role)
	}
	if plan.Post(f.post) == nil {
		return nil, "", roster.Errorf(roster.ENOTFOUND, "no post with id %q; `dutyroster post list` shows them", f.post)
	}
	if plan.Officer(f.officer) == nil {
		return nil, "", roster.Errorf(roster.ENOTFOUND, "no officer with id %q; `dutyroster officer list` shows them", f.officer)
	}
	date, err := parseDay("date", f.date)
	if err != nil {
		return nil, "", err
	}
	loc, err := plan.Center.Location()
	if err != nil {
		return nil, "", err
	}
	slots, err := scheduler.ExpandSlots(plan, m, loc, holiday.New(plan.Holidays))
	if err != nil {
		return nil, "", err
	}
	var found []*scheduler.Slot
	for i := range slots {
		s := &slots[i]
		if s.Post.ID == f.post && s.Date == date && (f.shift == "" || s.Shift.ID == f.shift) {
			found = append(found, s)
		}
	}
	switch len(found) {
	case 1:
		return found[0], role, nil
	case 0:
		return nil, "", roster.Errorf(roster.ENOTFOUND, "%s has no slot on %s in %s", f.post, date, m)
	}
	var ids []string
	for _, s := range found {
		ids = append(ids, s.Shift.ID)
	}
	return nil, "", roster.Errorf(roster.EINVALID, "%s has %d slots on %s (shifts %s); name one with --shift", f.post, len(found), date, strings.Join(ids, ", "))
}

func newAssignCmd(env *Env) *cobra.Command {
	var o amendOptions
	var f slotFlags
	cmd := &cobra.Command{
		Use:   "assign --month M --post ID --date D --officer ID [--shift ID] [--role duty|backup] --reason TEXT",
		Short: "Put an officer in one slot of a published month (an unfilled place, usually)",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "post", "date", "officer"); err != nil {
				return err
			}
			return runAmend(cmd.Context(), env, cmd, o, func(_ *store.DB, plan *roster.Plan, cur *roster.Roster) (*amendment, error) {
				s, role, err := findSlot(plan, cur.Month, f)
				if err != nil {
					return nil, err
				}
				a := roster.Assignment{PostID: s.Post.ID, ShiftID: s.Shift.ID, Start: s.Start, End: s.End, OfficerID: f.officer, Role: role,
					Weight: s.Weight, Weekend: s.Weekend, Holiday: s.Holiday, Night: s.Night}
				am := &amendment{assignments: append(append([]roster.Assignment(nil), cur.Assignments...), a)}
				for _, u := range cur.Unfilled {
					if u.PostID == a.PostID && u.ShiftID == a.ShiftID && u.Start.Equal(a.Start) && u.Role == role {
						u.Missing--
						if u.Missing == 0 {
							continue
						}
					}
					am.unfilled = append(am.unfilled, u)
				}
				am.lines = []string{fmt.Sprintf("%s takes %s", f.officer, slotText(a.PostID, a.Start, a.End, role))}
				return am, nil
			})
		},
	}
	o.register(cmd)
	f.register(cmd)
	return cmd
}

func newUnassignCmd(env *Env) *cobra.Command {
	var o amendOptions
	var f slotFlags
	cmd := &cobra.Command{
		Use:   "unassign --month M --post ID --date D --officer ID [--shift ID] --reason TEXT",
		Short: "Take an officer out of one slot of a published month; the place is left unfilled",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "post", "date", "officer"); err != nil {
				return err
			}
			return runAmend(cmd.Context(), env, cmd, o, func(_ *store.DB, plan *roster.Plan, cur *roster.Roster) (*amendment, error) {
				date, err := parseDay("date", f.date)
				if err != nil {
					return nil, err
				}
				if plan.Post(f.post) == nil {
					return nil, roster.Errorf(roster.ENOTFOUND, "no post with id %q; `dutyroster post list` shows them", f.post)
				}
				i, err := findPlace(plan, cur, f.officer, date, f.post)
				if err != nil {
					return nil, err
				}
				a := cur.Assignments[i]
				if f.shift != "" && a.ShiftID != f.shift {
					return nil, roster.Errorf(roster.ENOTFOUND, "%s's place at %s on %s is shift %s, not %s", f.officer, f.post, date, a.ShiftID, f.shift)
				}
				am := &amendment{}
				am.assignments = append(append([]roster.Assignment(nil), cur.Assignments[:i]...), cur.Assignments[i+1:]...)
				reason := fmt.Sprintf("%s: %s was taken out by amendment (%s); nobody is assigned", slotText(a.PostID, a.Start, a.End, a.Role), a.OfficerID, strings.TrimSpace(o.reason))
				merged := false
				for _, u := range cur.Unfilled {
					if u.PostID == a.PostID && u.ShiftID == a.ShiftID && u.Start.Equal(a.Start) && u.Role == a.Role {
						u.Missing++
						u.Reason = reason
						merged = true
					}
					am.unfilled = append(am.unfilled, u)
				}
				if !merged {
					am.unfilled = append(am.unfilled, roster.Unfilled{PostID: a.PostID, ShiftID: a.ShiftID, Start: a.Start, End: a.End, Role: a.Role,
						Missing: 1, Reason: reason})
				}
				am.lines = []string{fmt.Sprintf("%s leaves %s; the place is unfilled", f.officer, slotText(a.PostID, a.Start, a.End, a.Role))}
				return am, nil
			})
		},
	}
	o.register(cmd)
	f.register(cmd)
	return cmd
}
