package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dutyroster/export"
	"dutyroster/roster"
	"dutyroster/roster/holiday"
	"dutyroster/store"
)

// viewText holds the labels of the officers' and the police desk's views.
type viewText struct {
	duty, backup, nobody, next, noNext, hotline, at, none, mine, noMine string
	weekdays                                                            [7]string
	modes                                                               map[string]string
}

var viewVI = viewText{duty: "trực", backup: "hỗ trợ", nobody: "không có ai trực lúc này", next: "ca tiếp theo",
	noNext: "chưa có ca nào được xếp", hotline: "Đường dây nóng của Trung tâm", at: "Trực trợ giúp pháp lý lúc",
	none: "không có", mine: "Lịch trực của", noMine: "không có ca trực nào từ %s đến %s",
	weekdays: [7]string{"CN", "T2", "T3", "T4", "T5", "T6", "T7"},
	modes:    map[string]string{"in_person": "trực tiếp", "phone": "điện thoại"}}

var viewEN = viewText{duty: "duty", backup: "backup", nobody: "nobody is on duty now", next: "next",
	noNext: "nothing scheduled yet", hotline: "Center hotline", at: "Legal aid duty at",
	none: "none", mine: "Duties of", noMine: "no duties from %s to %s",
	weekdays: [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
	modes:    map[string]string{"in_person": "in person", "phone": "by phone"}}

func viewLabels(lang string) (*viewText, error) {
	switch lang {
	case "vi", "":
		return &viewVI, nil
	case "en":
		return &viewEN, nil
	}
	return nil, roster.Errorf(roster.EINVALID, "unknown --lang %q; use vi or en", lang)
}

// personJSON is someone on duty, in the views' JSON.
type personJSON struct {
	OfficerID string `json:"officer_id"`
	Name      string `json:"name"`
	Role      string `json:"role"`
	Phone     string `json:"phone"`
	Start     string `json:"start"`
	End       string `json:"end"`
}

type nowPostJSON struct {
	PostID   string       `json:"post_id"`
	PostName string       `json:"post_name"`
	Phone    string       `json:"phone"`
	OnDuty   []personJSON `json:"on_duty"`
	Next     []personJSON `json:"next,omitempty"`
}

type nowJSON struct {
	At      string        `json:"at"`
	Hotline string        `json:"hotline"`
	Posts   []nowPostJSON `json:"posts"`
}

// officerIndex maps the plan's officers by id, for views that print many assignments.
func officerIndex(plan *roster.Plan) map[string]*roster.Officer {
	idx := make(map[string]*roster.Officer, len(plan.Officers))
	for i := range plan.Officers {
		idx[plan.Officers[i].ID] = &plan.Officers[i]
	}
	return idx
}

func person(officers map[string]*roster.Officer, a roster.Assignment) personJSON {
	p := personJSON{OfficerID: a.OfficerID, Name: a.OfficerID, Role: string(a.Role), Start: a.Start.Format(time.RFC3339), End: a.End.Format(time.RFC3339)}
	if o := officers[a.OfficerID]; o != nil {
		p.Name, p.Phone = o.Name, o.Phone
	}
	return p
}

// parseAt reads --at as a local time in the Center's zone ("2026-03-14 23:00") or RFC 3339.
func parseAt(s string, loc *time.Location) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), nil
	}
	return time.Time{}, roster.Errorf(roster.EINVALID, "--at %q is not a time such as \"2026-03-14 23:00\"", s)
}

func newNowCmd(env *Env) *cobra.Command {
	var post, at, output, lang string
	var draft bool
	cmd := &cobra.Command{
		Use:   "now [--post ID] [--at \"2026-03-14 23:00\"]",
		Short: "Who is on duty and who is backup at each post now (or at --at), with phones",
		Long: `now answers the police desk's question: for each post (or --post), who is on duty and who backs
them up at that instant, with their phones, and the Center hotline. It reads published rosters
(--draft: the newest draft where nothing is published). When nobody is on duty it says so and names
the next duty.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "table" && output != "json" {
				return roster.Errorf(roster.EINVALID, "unknown --output %q; use table or json", output)
			}
			lt, err := viewLabels(lang)
			if err != nil {
				return err
			}
			db, plan, loc, err := env.openDirectory(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			t := env.Now().In(loc)
			if at != "" {
				if t, err = parseAt(at, loc); err != nil {
					return err
				}
			}
			if post != "" && plan.Post(post) == nil {
				return roster.Errorf(roster.ENOTFOUND, "no post with id %q; `dutyroster post list` shows them", post)
			}
			j, err := nowAt(cmd.Context(), db, plan, t, post, draft)
			if err != nil {
				return err
			}
			if output == "json" {
				return writeJSON(env.Stdout, j)
			}
			printNow(env.Stdout, lt, j, t)
			return nil
		},
	}
	cmd.Flags().StringVar(&post, "post", "", "only this post")
	cmd.Flags().StringVar(&at, "at", "", "the time to ask about (default: now), local to the Center")
	cmd.Flags().BoolVar(&draft, "draft", false, "read the newest draft where a month is not published")
	cmd.Flags().StringVar(&lang, "lang", "vi", "vi or en")
	cmd.Flags().StringVarP(&output, "output", "o", "table", "table or json")
	return cmd
}

// nowAt gathers who is on duty at t at each active post (or one), and for a post where
// nobody is, the next duty.
func nowAt(ctx context.Context, db *store.DB, plan *roster.Plan, t time.Time, post string, draft bool) (*nowJSON, error) {
	running, err := db.AssignmentsAt(ctx, t, draft)
	if err != nil {
		return nil, err
	}
	officers := officerIndex(plan)
	byPost := map[string][]roster.Assignment{}
	for _, a := range running {
		byPost[a.PostID] = append(byPost[a.PostID], a)
	}
	// The next duties: three days ahead for every post in one query, further for a post that
	// has none so soon.
	soon, err := db.AssignmentsBetween(ctx, t, t.AddDate(0, 0, 3), "", post, draft)
	if err != nil {
		return nil, err
	}
	next := map[string][]roster.Assignment{}
	for _, a := range soon {
		if n := next[a.PostID]; len(n) == 0 || a.Start.Equal(n[0].Start) {
			next[a.PostID] = append(n, a)
		}
	}
	j := &nowJSON{At: t.Format(time.RFC3339), Hotline: plan.Center.Hotline, Posts: []nowPostJSON{}}
	for _, p := range plan.Posts {
		if (post != "" && p.ID != post) || (post == "" && !p.Active) {
			continue
		}
		pj := nowPostJSON{PostID: p.ID, PostName: p.Name, Phone: p.Phone, OnDuty: []personJSON{}}
		for _, a := range byPost[p.ID] {
			pj.OnDuty = append(pj.OnDuty, person(officers, a))
		}
		if len(pj.OnDuty) == 0 {
			later := next[p.ID]
			if len(later) == 0 {
				if later, err = db.AssignmentsBetween(ctx, t.AddDate(0, 0, 3), t.AddDate(0, 0, 31), "", p.ID, draft); err != nil {
					return nil, err
				}
			}
			for _, a := range later {
				if !a.Start.Equal(later[0].Start) {
					break
				}
				pj.Next = append(pj.Next, person(officers, a))
			}
		}
		j.Posts = append(j.Posts, pj)
	}
	return j, nil
}

func printNow(w io.Writer, lt *viewText, j *nowJSON, t time.Time) {
	fmt.Fprintf(w, "%s %s %s\n", lt.at, lt.weekdays[t.Weekday()], t.Format("02/01/2006 15:04"))
	for _, p := range j.Posts {
		phone := ""
		if p.Phone != "" {
			phone = " (" + p.Phone + ")"
		}
		fmt.Fprintf(w, "\n%s%s\n", p.PostName, phone)
		if len(p.OnDuty) == 0 {
			fmt.Fprintf(w, "  %s\n", lt.nobody)
			if len(p.Next) == 0 {
				fmt.Fprintf(w, "  %s: %s\n", lt.next, lt.noNext)
			}
			for _, n := range p.Next {
				fmt.Fprintf(w, "  %s: %s  %-8s %s  %s\n", lt.next, shortTimes(lt, n), roleWord(lt, n.Role), n.Name, n.Phone)
			}
			continue
		}
		for _, d := range p.OnDuty {
			fmt.Fprintf(w, "  %-8s %s  %s  (%s)\n", roleWord(lt, d.Role), d.Name, d.Phone, shortTimes(lt, d))
		}
	}
	fmt.Fprintf(w, "\n%s: %s\n", lt.hotline, j.Hotline)
}

func roleWord(lt *viewText, role string) string {
	if role == string(roster.Backup) {
		return lt.backup
	}
	return lt.duty
}

func shortTimes(lt *viewText, p personJSON) string {
	s, _ := time.Parse(time.RFC3339, p.Start)
	e, _ := time.Parse(time.RFC3339, p.End)
	return fmt.Sprintf("%s %s - %s", lt.weekdays[s.Weekday()], s.Format("02/01 15:04"), e.Format("02/01 15:04"))
}

// myDutyJSON is one upcoming duty in `my --output json`.
type myDutyJSON struct {
	Start    string       `json:"start"`
	End      string       `json:"end"`
	Role     string       `json:"role"`
	PostID   string       `json:"post_id"`
	PostName string       `json:"post_name"`
	Address  string       `json:"address"`
	Phone    string       `json:"post_phone"`
	ShiftID  string       `json:"shift_id"`
	Mode     string       `json:"mode"`
	With     []personJSON `json:"with"`
}

type myOptions struct {
	officer, from, to, output, ics, lang string
	draft                                bool
}

func newMyCmd(env *Env) *cobra.Command {
	var o myOptions
	cmd := &cobra.Command{
		Use:   "my --officer ID [--from D] [--to D] [--ics FILE]",
		Short: "An officer's upcoming duties, with post, address, times, mode, backup and phones",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "officer"); err != nil {
				return err
			}
			return runMy(cmd.Context(), env, o)
		},
	}
	cmd.Flags().StringVar(&o.officer, "officer", "", "the officer (required)")
	cmd.Flags().StringVar(&o.from, "from", "", "first day (default: now)")
	cmd.Flags().StringVar(&o.to, "to", "", "last day (default: two months on)")
	cmd.Flags().StringVar(&o.ics, "ics", "", "also write the duties as a calendar file")
	cmd.Flags().BoolVar(&o.draft, "draft", false, "read the newest draft where a month is not published")
	cmd.Flags().StringVar(&o.lang, "lang", "vi", "vi or en")
	outputFlag(cmd, &o.output)
	return cmd
}

// myDuties reads an officer's duties from..to with who else is in each slot.
func myDuties(ctx context.Context, db *store.DB, plan *roster.Plan, officer string, from, to time.Time, draft bool) ([]roster.Assignment, []myDutyJSON, error) {
	mine, err := db.AssignmentsBetween(ctx, from, to, officer, "", draft)
	if err != nil {
		return nil, nil, err
	}
	officers := officerIndex(plan)
	out := []myDutyJSON{}
	for _, a := range mine {
		d := myDutyJSON{Start: a.Start.Format(time.RFC3339), End: a.End.Format(time.RFC3339), Role: string(a.Role), PostID: a.PostID,
			PostName: a.PostID, ShiftID: a.ShiftID, With: []personJSON{}}
		if p := plan.Post(a.PostID); p != nil {
			d.PostName, d.Address, d.Phone = p.Name, p.Address, p.Phone
			for _, s := range p.Shifts {
				if s.ID == a.ShiftID {
					d.Mode = string(s.Mode)
				}
			}
		}
		same, err := db.AssignmentsBetween(ctx, a.Start, a.Start.Add(time.Second), "", a.PostID, draft)
		if err != nil {
			return nil, nil, err
		}
		for _, b := range same {
			if b.ShiftID == a.ShiftID && b.OfficerID != officer {
				d.With = append(d.With, person(officers, b))
			}
		}
		out = append(out, d)
	}
	return mine, out, nil
}

func runMy(ctx context.Context, env *Env, o myOptions) error {
	if err := checkOutput(o.output); err != nil {
		return err
	}
	lt, err := viewLabels(o.lang)
	if err != nil {
		return err
	}
	db, plan, loc, err := env.openDirectory(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	off := plan.Officer(o.officer)
	if off == nil {
		return roster.Errorf(roster.ENOTFOUND, "no officer with id %q; `dutyroster officer list` shows them", o.officer)
	}
	from := env.Now().In(loc)
	if o.from != "" {
		d, err := parseDay("from", o.from)
		if err != nil {
			return err
		}
		from = d.In(loc)
	}
	to := from.AddDate(0, 2, 0)
	if o.to != "" {
		d, err := parseDay("to", o.to)
		if err != nil {
			return err
		}
		to = d.AddDays(1).In(loc)
	}
	if !to.After(from) {
		return roster.Errorf(roster.EINVALID, "--to is before --from")
	}
	mine, duties, err := myDuties(ctx, db, plan, o.officer, from, to, o.draft)
	if err != nil {
		return err
	}
	if o.ics != "" {
		r := &roster.Roster{Month: roster.MonthOf(roster.DateOf(from)), Version: 1, Status: roster.StatusPublished, Assignments: mine}
		if o.draft {
			r.Status = roster.StatusDraft
		}
		doc := &export.Document{Plan: plan, Roster: r, Calendar: holiday.New(plan.Holidays), Lang: o.lang, Now: env.Now()}
		var buf bytes.Buffer
		if err := export.NewICSEncoder(&buf).Encode(doc); err != nil {
			return err
		}
		if err := writeFileAtomic(o.ics, buf.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "wrote %s: %d duties\n", o.ics, len(mine))
	}
	if o.output == "json" {
		return writeJSON(env.Stdout, duties)
	}
	l := listing{header: []string{"day", "start", "end", "role", "post", "address", "mode", "with", "post_phone"}}
	for _, d := range duties {
		s, _ := time.Parse(time.RFC3339, d.Start)
		e, _ := time.Parse(time.RFC3339, d.End)
		var with []string
		for _, p := range d.With {
			with = append(with, fmt.Sprintf("%s %s %s", roleWord(lt, p.Role), p.Name, p.Phone))
		}
		l.rows = append(l.rows, []string{lt.weekdays[s.Weekday()], s.Format("02/01/2006 15:04"), e.Format("02/01 15:04"), roleWord(lt, d.Role),
			d.PostName, d.Address, lt.modes[d.Mode], strings.Join(with, "; "), d.Phone})
	}
	if o.output == "csv" {
		return l.write(env.Stdout, "csv")
	}
	fmt.Fprintf(env.Stdout, "%s %s (%s)\n", lt.mine, off.Name, off.ID)
	if len(duties) == 0 {
		fmt.Fprintf(env.Stdout, lt.noMine+"\n", from.Format("02/01/2006"), to.Add(-time.Second).Format("02/01/2006"))
		return nil
	}
	return l.write(env.Stdout, "table")
}

func newNextCmd(env *Env) *cobra.Command {
	var officer, lang string
	var draft bool
	cmd := &cobra.Command{
		Use:   "next --officer ID",
		Short: "The officer's next duty, on one line (for a shell prompt)",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "officer"); err != nil {
				return err
			}
			lt, err := viewLabels(lang)
			if err != nil {
				return err
			}
			db, plan, loc, err := env.openDirectory(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			if plan.Officer(officer) == nil {
				return roster.Errorf(roster.ENOTFOUND, "no officer with id %q; `dutyroster officer list` shows them", officer)
			}
			now := env.Now().In(loc)
			// A duty running now counts as next: it started at most two days ago.
			_, duties, err := myDuties(cmd.Context(), db, plan, officer, now.Add(-maxDutyView), now.AddDate(0, 3, 0), draft)
			if err != nil {
				return err
			}
			for _, d := range duties {
				e, _ := time.Parse(time.RFC3339, d.End)
				if !e.After(now) {
					continue
				}
				s, _ := time.Parse(time.RFC3339, d.Start)
				line := fmt.Sprintf("%s %s-%s %s (%s)", lt.weekdays[s.Weekday()], s.Format("02/01 15:04"), e.Format("15:04"), d.PostName, roleWord(lt, d.Role))
				for _, p := range d.With {
					line += fmt.Sprintf("; %s %s %s", roleWord(lt, p.Role), p.Name, p.Phone)
				}
				fmt.Fprintln(env.Stdout, line)
				return nil
			}
			fmt.Fprintln(env.Stdout, lt.noNext)
			return nil
		},
	}
	cmd.Flags().StringVar(&officer, "officer", "", "the officer (required)")
	cmd.Flags().BoolVar(&draft, "draft", false, "read the newest draft where a month is not published")
	cmd.Flags().StringVar(&lang, "lang", "vi", "vi or en")
	return cmd
}

const maxDutyView = 48 * time.Hour

// openDirectory opens the database with the directory the views print from, and the Center's
// time zone; the caller closes the database.
func (env *Env) openDirectory(ctx context.Context) (*store.DB, *roster.Plan, *time.Location, error) {
	db, err := env.openDB(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	plan, err := db.LoadDirectory(ctx)
	if err == nil {
		var loc *time.Location
		if loc, err = plan.Center.Location(); err == nil {
			return db, plan, loc, nil
		}
	}
	db.Close()
	return nil, nil, nil, err
}
