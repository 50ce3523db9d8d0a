package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dutyroster/internal/app"
	"dutyroster/roster"
	"dutyroster/roster/msg"
)

// viewText holds the labels of the officers' and the police desk's views.
type viewText struct {
	duty, backup, nobody, next, noNext, hotline, at, none, mine, noMine, absent, absentMine string
	weekdays                                                                                [7]string
	modes                                                                                   map[string]string
}

// viewTextIn takes the views' labels from the message catalogue.
func viewTextIn(l msg.Lang) viewText {
	var weekdays [7]string
	for i, d := range []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"} {
		weekdays[i] = l.T(d)
	}
	return viewText{duty: l.T("duty"), backup: l.T("backup"), nobody: l.T("nobody on duty — call the Center hotline %s"), next: l.T("next"),
		absent: l.T("CANNOT SERVE (%s): call the backup or the hotline %s"), absentMine: l.T("you cannot serve then (%s): tell the coordinator now"),
		noNext: l.T("nothing scheduled yet"), hotline: l.T("Center hotline"), at: l.T("Legal aid duty at"),
		none: l.T("none"), mine: l.T("Duties of"), noMine: l.T("no duties from %s to %s"),
		weekdays: weekdays,
		modes:    map[string]string{"in_person": l.T("in person"), "phone": l.T("by phone")}}
}

var viewVI, viewEN = viewTextIn(msg.VI), viewTextIn(msg.EN)

func viewLabels(lang string) (*viewText, error) {
	switch lang {
	case "vi", "":
		return &viewVI, nil
	case "en":
		return &viewEN, nil
	}
	return nil, roster.Errorf(roster.EINVALID, "unknown --lang %q; use vi or en", lang)
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
			c, err := env.openDirectory(cmd.Context())
			if err != nil {
				return err
			}
			defer c.Close()
			t := env.Now().In(c.Loc)
			if at != "" {
				if t, err = app.ParseAt(at, c.Loc); err != nil {
					return err
				}
			}
			j, err := app.Now(cmd.Context(), c, t, post, draft)
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
	formatFlag(cmd, &output, "table", "json")
	return cmd
}

func printNow(w io.Writer, lt *viewText, j *app.NowView, t time.Time) {
	fmt.Fprintf(w, "%s %s %s\n", lt.at, lt.weekdays[t.Weekday()], t.Format("02/01/2006 15:04"))
	for _, p := range j.Posts {
		phone := ""
		if p.Phone != "" {
			phone = " (" + p.Phone + ")"
		}
		fmt.Fprintf(w, "\n%s%s\n", p.PostName, phone)
		present := 0
		for _, d := range p.OnDuty {
			if d.Absent != "" {
				fmt.Fprintf(w, "  %-8s %s  (%s)  %s\n", roleWord(lt, d.Role), d.Name, shortTimes(lt, d), fmt.Sprintf(lt.absent, d.Absent, j.Hotline))
				continue
			}
			present++
			fmt.Fprintf(w, "  %-8s %s  %s  (%s)\n", roleWord(lt, d.Role), d.Name, d.Phone, shortTimes(lt, d))
		}
		if present > 0 {
			continue
		}
		fmt.Fprintf(w, "  %s\n", fmt.Sprintf(lt.nobody, j.Hotline))
		if len(p.Next) == 0 {
			fmt.Fprintf(w, "  %s: %s\n", lt.next, lt.noNext)
		}
		for _, n := range p.Next {
			if n.Absent != "" {
				fmt.Fprintf(w, "  %s: %s  %-8s %s  %s\n", lt.next, shortTimes(lt, n), roleWord(lt, n.Role), n.Name, fmt.Sprintf(lt.absent, n.Absent, j.Hotline))
				continue
			}
			fmt.Fprintf(w, "  %s: %s  %-8s %s  %s\n", lt.next, shortTimes(lt, n), roleWord(lt, n.Role), n.Name, n.Phone)
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

func shortTimes(lt *viewText, p app.Person) string {
	s, _ := time.Parse(time.RFC3339, p.Start)
	e, _ := time.Parse(time.RFC3339, p.End)
	return fmt.Sprintf("%s %s - %s", lt.weekdays[s.Weekday()], s.Format("02/01 15:04"), e.Format("02/01 15:04"))
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
	officerFlag(env, cmd, &o.officer, "officer", "the officer (required)")
	cmd.Flags().StringVar(&o.from, "from", "", "first day (default: now)")
	cmd.Flags().StringVar(&o.to, "to", "", "last day (default: two months on)")
	cmd.Flags().StringVar(&o.ics, "ics", "", "also write the duties as a calendar file")
	cmd.Flags().BoolVar(&o.draft, "draft", false, "read the newest draft where a month is not published")
	cmd.Flags().StringVar(&o.lang, "lang", "vi", "vi or en")
	outputFlag(cmd, &o.output)
	return cmd
}

func runMy(ctx context.Context, env *Env, o myOptions) error {
	if err := checkOutput(o.output); err != nil {
		return err
	}
	lt, err := viewLabels(o.lang)
	if err != nil {
		return err
	}
	c, err := env.openDirectory(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	loc := c.Loc
	off := c.Plan.Officer(o.officer)
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
	mine, duties, err := app.MyDuties(ctx, c, o.officer, from, to, o.draft)
	if err != nil {
		return err
	}
	if o.ics != "" {
		data, err := app.MyCalendar(ctx, c, o.officer, mine, from, to, o.draft, o.lang, env.Now())
		if err != nil {
			return err
		}
		if err := app.WriteFileAtomic(o.ics, data, 0o644); err != nil {
			return err
		}
		env.printf(env.Stderr, "wrote %s: %d duties\n", o.ics, len(mine))
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
		return l.write(env.lang, env.Stdout, "csv")
	}
	env.printf(env.Stdout, "%s %s (%s)\n", lt.mine, off.Name, off.ID)
	if len(duties) == 0 {
		env.printf(env.Stdout, lt.noMine+"\n", from.Format("02/01/2006"), to.Add(-time.Second).Format("02/01/2006"))
		return nil
	}
	return l.write(env.lang, env.Stdout, "table")
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
			c, err := env.openDirectory(cmd.Context())
			if err != nil {
				return err
			}
			defer c.Close()
			// A duty running now counts as next.
			d, err := app.NextDuty(cmd.Context(), c, officer, env.Now().In(c.Loc), draft)
			if err != nil {
				return err
			}
			if d == nil {
				fmt.Fprintln(env.Stdout, lt.noNext)
				return nil
			}
			s, _ := time.Parse(time.RFC3339, d.Start)
			e, _ := time.Parse(time.RFC3339, d.End)
			line := fmt.Sprintf("%s %s-%s %s (%s)", lt.weekdays[s.Weekday()], s.Format("02/01 15:04"), e.Format("15:04"), d.PostName, roleWord(lt, d.Role))
			if d.Absent != "" {
				line += "; " + fmt.Sprintf(lt.absentMine, d.Absent)
			}
			for _, p := range d.With {
				line += fmt.Sprintf("; %s %s %s", roleWord(lt, p.Role), p.Name, p.Phone)
			}
			fmt.Fprintln(env.Stdout, line)
			return nil
		},
	}
	officerFlag(env, cmd, &officer, "officer", "the officer (required)")
	cmd.Flags().BoolVar(&draft, "draft", false, "read the newest draft where a month is not published")
	cmd.Flags().StringVar(&lang, "lang", "vi", "vi or en")
	return cmd
}
