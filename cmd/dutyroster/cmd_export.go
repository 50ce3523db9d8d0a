package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dutyroster/export"
	"dutyroster/roster"
	"dutyroster/roster/holiday"
	"dutyroster/store"
)

type exportOptions struct {
	month, format, post, officer, splitBy, lang, out string
	version                                          int
}

func newExportCmd(env *Env) *cobra.Command {
	var opts exportOptions
	cmd := &cobra.Command{
		Use:   "export --month YYYY-MM --format xlsx|csv|json|ics [--version N] [--post ID] [--officer ID] [--split-by post] [--lang vi|en] [--out PATH]",
		Short: "Write a roster as the official Excel document, CSV, JSON or iCal",
		Long: `export writes the month's published version (else its newest draft, marked DỰ THẢO / DRAFT on every
page). xlsx is the Decree 30 document courts and police receive; --split-by post writes one file per
post into the --out folder plus the Center's full file. Files are written whole or not at all, with
mode 0644; default names are ASCII, e.g. lich-truc-2026-03-tand-tinh.xlsx.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "month", "format"); err != nil {
				return err
			}
			return runExport(cmd.Context(), env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.month, "month", "", "the month (required)")
	cmd.Flags().StringVar(&opts.format, "format", "", "xlsx, csv, json or ics (required)")
	cmd.Flags().IntVar(&opts.version, "version", 0, "a version (default: published, else newest draft)")
	cmd.Flags().StringVar(&opts.post, "post", "", "only this post")
	cmd.Flags().StringVar(&opts.officer, "officer", "", "only this officer")
	cmd.Flags().StringVar(&opts.splitBy, "split-by", "", "post: one file per post, plus the Center's full file")
	cmd.Flags().StringVar(&opts.lang, "lang", "vi", "vi or en")
	cmd.Flags().StringVar(&opts.out, "out", "", "file or folder to write (default: a named file in the current folder; - for standard output)")
	cmd.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"xlsx", "csv", "json", "ics"}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// encoder returns the encoder of a format.
func encoder(format string, w *bytes.Buffer) interface{ Encode(*export.Document) error } {
	switch format {
	case "xlsx":
		return export.NewXLSXEncoder(w)
	case "csv":
		return export.NewCSVEncoder(w)
	case "json":
		return export.NewJSONEncoder(w)
	default:
		return export.NewICSEncoder(w)
	}
}

// outputFile is one file an export writes.
type outputFile struct {
	path    string
	data    []byte
	summary string
	postID  string // the post whose file this is ("" for the Center's)
}

func runExport(ctx context.Context, env *Env, opts exportOptions) error {
	switch opts.format {
	case "xlsx", "csv", "json", "ics":
	default:
		return roster.Errorf(roster.EINVALID, "unknown --format %q; use xlsx, csv, json or ics", opts.format)
	}
	if opts.lang != "vi" && opts.lang != "en" {
		return roster.Errorf(roster.EINVALID, "unknown --lang %q; use vi or en", opts.lang)
	}
	if opts.splitBy != "" {
		if opts.splitBy != "post" {
			return roster.Errorf(roster.EINVALID, "unknown --split-by %q; the only split is post", opts.splitBy)
		}
		if opts.format != "xlsx" && opts.format != "csv" {
			return roster.Errorf(roster.EINVALID, "--split-by post goes with --format xlsx or csv")
		}
		if opts.post != "" || opts.officer != "" || opts.out == "-" {
			return roster.Errorf(roster.EINVALID, "--split-by post writes every post into a folder; it does not go with --post, --officer or --out -")
		}
	}
	m, err := roster.ParseMonth(opts.month)
	if err != nil {
		return err
	}
	db, plan, err := env.openWithPlan(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := db.Roster(ctx, m, opts.version)
	if err != nil {
		return err
	}
	files, err := buildExport(ctx, env, db, plan, r, opts)
	if err != nil {
		return err
	}
	if opts.out == "-" {
		_, err := env.Stdout.Write(files[0].data)
		return err
	}
	for _, f := range files {
		if err := writeFileAtomic(f.path, f.data, 0o644); err != nil {
			return err
		}
	}
	for _, f := range files {
		fmt.Fprintf(env.Stdout, "wrote %s: %s\n", f.path, f.summary)
	}
	return nil
}

// buildExport encodes every file of an export in memory, so that a failure writes nothing.
func buildExport(ctx context.Context, env *Env, db *store.DB, plan *roster.Plan, r *roster.Roster, opts exportOptions) ([]outputFile, error) {
	loc, err := plan.Center.Location()
	if err != nil {
		return nil, err
	}
	base := "lich-truc-" + r.Month.String()
	newDoc := func(rr *roster.Roster) *export.Document {
		return &export.Document{Plan: plan, Roster: rr, Calendar: holiday.New(plan.Holidays), Lang: opts.lang,
			Date: roster.DateOf(env.Now().In(loc)), Now: env.Now()}
	}
	// An amendment's changes are found once and listed in each file for its own post.
	changes, err := amendmentChanges(ctx, db, r)
	if err != nil {
		return nil, err
	}
	encode := func(doc *export.Document, path string) (outputFile, error) {
		doc.Changes = changeLines(plan, loc, r, changes, doc.PostID, opts.lang)
		var buf bytes.Buffer
		if err := encoder(opts.format, &buf).Encode(doc); err != nil {
			return outputFile{}, fmt.Errorf("encode %s: %w", path, err)
		}
		return outputFile{path: path, data: buf.Bytes(), summary: describeDoc(doc), postID: doc.PostID}, nil
	}
	if opts.splitBy == "post" {
		dir := opts.out
		if dir == "" {
			dir = "."
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, roster.Errorf(roster.EINVALID, "cannot use folder %s: %v", dir, err)
		}
		full := newDoc(r)
		full.Full = true
		f, err := encode(full, filepath.Join(dir, base+"."+opts.format))
		if err != nil {
			return nil, err
		}
		files := []outputFile{f}
		for _, p := range plan.Posts {
			rr := *r
			if err := filterRoster(plan, &rr, p.ID, ""); err != nil {
				return nil, err
			}
			if len(rr.Assignments) == 0 && len(rr.Unfilled) == 0 {
				continue
			}
			doc := newDoc(&rr)
			doc.PostID = p.ID
			f, err := encode(doc, filepath.Join(dir, base+"-"+export.Slug(p.ID)+"."+opts.format))
			if err != nil {
				return nil, err
			}
			files = append(files, f)
		}
		return files, nil
	}
	rr := *r
	if err := filterRoster(plan, &rr, opts.post, opts.officer); err != nil {
		return nil, err
	}
	doc := newDoc(&rr)
	doc.PostID = opts.post
	doc.Full = opts.post == "" && opts.officer == ""
	name := base
	if opts.post != "" {
		name += "-" + export.Slug(opts.post)
	}
	if opts.officer != "" {
		name += "-" + export.Slug(opts.officer)
	}
	if opts.format == "ics" {
		if doc.Cancelled, err = cancelledDuties(ctx, db, r, opts.post, opts.officer); err != nil {
			return nil, err
		}
	}
	path := name + "." + opts.format
	if opts.out != "" && opts.out != "-" {
		path = opts.out
		if fi, err := os.Stat(opts.out); err == nil && fi.IsDir() {
			path = filepath.Join(opts.out, name+"."+opts.format)
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, roster.Errorf(roster.EINVALID, "cannot write %s: %v", opts.out, err)
		}
	}
	f, err := encode(doc, path)
	if err != nil {
		return nil, err
	}
	return []outputFile{f}, nil
}

// cancelledDuties lists the duties of earlier versions of the month that this version does not
// have: a calendar that took them in must drop them.
func cancelledDuties(ctx context.Context, db *store.DB, r *roster.Roster, post, officer string) ([]roster.Assignment, error) {
	versions, err := db.Versions(ctx, r.Month)
	if err != nil {
		return nil, err
	}
	key := func(a roster.Assignment) string { return a.OfficerID + "|" + a.PostID + "|" + a.Start.UTC().String() }
	have := map[string]bool{}
	for _, a := range r.Assignments {
		have[key(a)] = true
	}
	seen := map[string]bool{}
	var out []roster.Assignment
	for _, v := range versions {
		if v.Version >= r.Version {
			continue
		}
		old, err := db.Roster(ctx, r.Month, v.Version)
		if err != nil {
			return nil, err
		}
		for _, a := range old.Assignments {
			k := key(a)
			if have[k] || seen[k] || (post != "" && a.PostID != post) || (officer != "" && a.OfficerID != officer) {
				continue
			}
			seen[k] = true
			out = append(out, a)
		}
	}
	return out, nil
}

// describeDoc is the one-line summary printed beside each file written.
func describeDoc(d *export.Document) string {
	r := d.Roster
	missing := roster.MissingPlaces(r.Unfilled)
	s := fmt.Sprintf("%s version %d (%s), %d assignments, %d unfilled places", r.Month, r.Version, r.Status, len(r.Assignments), missing)
	if len(d.Cancelled) > 0 {
		s += fmt.Sprintf(", %d cancelled", len(d.Cancelled))
	}
	if d.PostID != "" {
		if p := d.Plan.Post(d.PostID); p != nil {
			s = p.Name + ": " + s
		}
	}
	return strings.TrimSpace(s)
}

// amendmentChanges lists how an amended version differs from the version it amends (nil for a
// version that amends nothing).
func amendmentChanges(ctx context.Context, db *store.DB, r *roster.Roster) ([]roster.Change, error) {
	if r.BasedOn == 0 {
		return nil, nil
	}
	prev, err := db.Roster(ctx, r.Month, r.BasedOn)
	if err != nil {
		return nil, err
	}
	return roster.Diff(prev.Assignments, r.Assignments), nil
}

// changeLines writes the changes for the document's "Điều chỉnh" line (only the given post's
// when post is set), with the amendment's reason.
func changeLines(plan *roster.Plan, loc *time.Location, r *roster.Roster, changes []roster.Change, post, lang string) []string {
	name := func(id string) string {
		if o := plan.Officer(id); o != nil {
			return o.Name
		}
		return id
	}
	var lines []string
	for _, c := range changes {
		if post != "" && c.PostID != post {
			continue
		}
		place := c.PostID
		if p := plan.Post(c.PostID); p != nil {
			place = p.Name
		}
		when := c.Start.In(loc).Format("02/01/2006 15:04")
		var what string
		switch {
		case lang == "en" && c.Kind == "changed":
			what = name(c.To) + " replaces " + name(c.From)
		case lang == "en" && c.Kind == "removed":
			what = name(c.From) + " removed"
		case lang == "en":
			what = name(c.To) + " added"
		case c.Kind == "changed":
			what = name(c.To) + " thay " + name(c.From)
		case c.Kind == "removed":
			what = "bỏ " + name(c.From)
		default:
			what = "thêm " + name(c.To)
		}
		lines = append(lines, fmt.Sprintf("%s %s: %s", when, place, what))
	}
	if len(lines) > 0 && r.Reason != "" {
		lines = append(lines, map[bool]string{true: "reason: ", false: "lý do: "}[lang == "en"]+r.Reason)
	}
	return lines
}
