package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"dutyroster/export"
	"dutyroster/roster"
)

// ExportRequest says what to export and how.
type ExportRequest struct {
	Format  string // xlsx, csv, json, ics or pdf (the xlsx document through LibreOffice)
	Post    string // only this post
	Officer string // only this officer
	SplitBy string // "post": one file per post into the Out folder, plus the Center's full file
	Lang    string // vi or en
	Out     string // a file or folder; "" names a file in the current folder; "-" standard output
	// At is the instant of the export (documents carry their version's own date, not this).
	At time.Time
	// Getenv reads the environment (DUTYROSTER_SOFFICE); nil reads the process's.
	Getenv func(string) string
}

// OutputFile is one file an export writes.
type OutputFile struct {
	Path    string
	Data    []byte
	Summary roster.Text
	PostID  string // the post whose file this is ("" for the Center's)
}

// CheckExport refuses a request whose options do not go together, before anything is read.
func CheckExport(req ExportRequest) error {
	switch req.Format {
	case "xlsx", "csv", "json", "ics", "pdf":
	default:
		return roster.Errorf(roster.EINVALID, "unknown --format %q; use xlsx, csv, json, ics or pdf", req.Format)
	}
	if req.Lang != "vi" && req.Lang != "en" {
		return roster.Errorf(roster.EINVALID, "unknown --lang %q; use vi or en", req.Lang)
	}
	if req.SplitBy != "" {
		if req.SplitBy != "post" {
			return roster.Errorf(roster.EINVALID, "unknown --split-by %q; the only split is post", req.SplitBy)
		}
		if req.Format != "xlsx" && req.Format != "csv" && req.Format != "pdf" {
			return roster.Errorf(roster.EINVALID, "--split-by post goes with --format xlsx, pdf or csv")
		}
		if req.Post != "" || req.Officer != "" || req.Out == "-" {
			return roster.Errorf(roster.EINVALID, "--split-by post writes every post into a folder; it does not go with --post, --officer or --out -")
		}
	}
	return nil
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

// BuildExport encodes every file of an export of r in memory, so that a failure writes nothing.
func BuildExport(ctx context.Context, c *Center, r *roster.Roster, req ExportRequest) ([]OutputFile, error) {
	if err := CheckExport(req); err != nil {
		return nil, err
	}
	if req.Format == "pdf" {
		// A PDF is the Excel document as LibreOffice prints it.
		getenv := req.Getenv
		if getenv == nil {
			getenv = os.Getenv
		}
		soffice, err := FindSoffice(getenv)
		if err != nil {
			return nil, err
		}
		req.Format = "xlsx"
		files, err := BuildExport(ctx, c, r, req)
		if err != nil {
			return nil, err
		}
		return convertToPDF(ctx, soffice, files)
	}
	plan := c.Plan
	base := "lich-truc-" + r.Month.String()
	// A document carries its version's own date and stamp, never the moment of export: the
	// same version exported twice gives the same bytes.
	edition, err := EditionOf(ctx, c, r)
	if err != nil {
		return nil, err
	}
	at := VersionTime(r)
	newDoc := func(rr *roster.Roster) *export.Document {
		return &export.Document{Plan: plan, Roster: rr, Calendar: c.Cal, Lang: req.Lang, Date: c.Today(at), Now: at,
			Edition: edition, All: r.Assignments}
	}
	// An amendment's changes are found once and listed in each file for its own post.
	changes, err := AmendmentChanges(ctx, c, r)
	if err != nil {
		return nil, err
	}
	encode := func(doc *export.Document, path string) (OutputFile, error) {
		doc.Changes = ChangeLines(c, r, changes, doc.PostID, req.Lang)
		var buf bytes.Buffer
		if err := encoder(req.Format, &buf).Encode(doc); err != nil {
			return OutputFile{}, fmt.Errorf("encode %s: %w", path, err)
		}
		return OutputFile{Path: path, Data: buf.Bytes(), Summary: describeDoc(doc), PostID: doc.PostID}, nil
	}
	if req.SplitBy == "post" {
		dir := req.Out
		if dir == "" {
			dir = "."
		}
		if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
			return nil, roster.Errorf(roster.EINVALID, "cannot use folder %s: it is a file", dir)
		}
		full := newDoc(r)
		full.Full = true
		f, err := encode(full, filepath.Join(dir, base+"."+req.Format))
		if err != nil {
			return nil, err
		}
		files := []OutputFile{f}
		for _, p := range plan.Posts {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			rr := *r
			if err := FilterRoster(plan, &rr, p.ID, ""); err != nil {
				return nil, err
			}
			if len(rr.Assignments) == 0 && len(rr.Unfilled) == 0 {
				continue
			}
			doc := newDoc(&rr)
			doc.PostID = p.ID
			// Ids are [a-z0-9-]: the id itself names the file, unique per post by construction.
			f, err := encode(doc, filepath.Join(dir, base+"-"+p.ID+"."+req.Format))
			if err != nil {
				return nil, err
			}
			files = append(files, f)
		}
		return files, checkDistinct(files)
	}
	rr := *r
	if err := FilterRoster(plan, &rr, req.Post, req.Officer); err != nil {
		return nil, err
	}
	doc := newDoc(&rr)
	doc.PostID = req.Post
	doc.Full = req.Post == "" && req.Officer == ""
	name := base
	if req.Post != "" {
		name += "-" + req.Post
	}
	if req.Officer != "" {
		name += "-" + req.Officer
	}
	if req.Format == "ics" {
		if doc.Cancelled, err = CancelledDuties(ctx, c, r, req.Post, req.Officer); err != nil {
			return nil, err
		}
	}
	path := name + "." + req.Format
	if req.Out != "" && req.Out != "-" {
		path = req.Out
		if fi, err := os.Stat(req.Out); err == nil && fi.IsDir() {
			path = filepath.Join(req.Out, name+"."+req.Format)
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, roster.Errorf(roster.EINVALID, "cannot write %s: %v", req.Out, err)
		}
	}
	f, err := encode(doc, path)
	if err != nil {
		return nil, err
	}
	return []OutputFile{f}, nil
}

// VersionTime is when a version became what it is: published, or generated for a draft.
func VersionTime(r *roster.Roster) time.Time {
	if r.Status == roster.StatusPublished && !r.PublishedAt.IsZero() {
		return r.PublishedAt
	}
	return r.CreatedAt
}

// EditionOf places a version among the month's published versions: the K-th one after the
// first is "Điều chỉnh lần K" and replaces the one published before it.
func EditionOf(ctx context.Context, c *Center, r *roster.Roster) (export.Edition, error) {
	versions, err := c.DB.Versions(ctx, r.Month)
	if err != nil {
		return export.Edition{}, err
	}
	var e export.Edition
	for _, v := range versions {
		if v.Version < r.Version && v.Status == roster.StatusPublished {
			e.Amendment++
			e.Replaces = c.Today(v.PublishedAt)
		}
	}
	return e, nil
}

// checkDistinct refuses an export that would write two documents to one path.
func checkDistinct(files []OutputFile) error {
	seen := map[string]bool{}
	for _, f := range files {
		key := filepath.Clean(f.Path)
		if seen[key] {
			return fmt.Errorf("export would write two documents to %s", f.Path)
		}
		seen[key] = true
	}
	return nil
}

// FilterRoster keeps the assignments (and unfilled places) of one post and/or one officer,
// checking that they exist.
func FilterRoster(plan *roster.Plan, r *roster.Roster, post, officer string) error {
	if post != "" && plan.Post(post) == nil {
		return errNoPost(post)
	}
	if officer != "" && plan.Officer(officer) == nil {
		return errNoOfficer(officer)
	}
	var as []roster.Assignment
	for _, a := range r.Assignments {
		if (post == "" || a.PostID == post) && (officer == "" || a.OfficerID == officer) {
			as = append(as, a)
		}
	}
	var us []roster.Unfilled
	for _, u := range r.Unfilled {
		if (post == "" || u.PostID == post) && officer == "" {
			us = append(us, u)
		}
	}
	r.Assignments, r.Unfilled = as, us
	return nil
}

// CancelledDuties lists the duties of earlier versions of the month that this version does not
// have: a calendar that took them in must drop them.
func CancelledDuties(ctx context.Context, c *Center, r *roster.Roster, post, officer string) ([]roster.Assignment, error) {
	versions, err := c.DB.Versions(ctx, r.Month)
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
		old, err := c.DB.Roster(ctx, r.Month, v.Version)
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
func describeDoc(d *export.Document) roster.Text {
	r := d.Roster
	missing := roster.MissingPlaces(r.Unfilled)
	t := roster.T("%s version %d (%s), %d assignments, %d unfilled places", r.Month.String(), r.Version, roster.T(string(r.Status)), len(r.Assignments), missing)
	if len(d.Cancelled) > 0 {
		t = roster.T("%s version %d (%s), %d assignments, %d unfilled places, %d cancelled", r.Month.String(), r.Version, roster.T(string(r.Status)), len(r.Assignments), missing, len(d.Cancelled))
	}
	if d.PostID != "" {
		if p := d.Plan.Post(d.PostID); p != nil {
			t = roster.T("%s: %s", p.Name, t)
		}
	}
	return t
}

// AmendmentChanges lists how an amended version differs from the version it amends (nil for a
// version that amends nothing).
func AmendmentChanges(ctx context.Context, c *Center, r *roster.Roster) ([]roster.Change, error) {
	if r.BasedOn == 0 {
		return nil, nil
	}
	prev, err := c.DB.Roster(ctx, r.Month, r.BasedOn)
	if err != nil {
		return nil, err
	}
	return roster.Diff(prev.Assignments, r.Assignments), nil
}

// ChangeLines writes the changes for the document's "Điều chỉnh" line (only the given post's
// when post is set), with the amendment's reason.
func ChangeLines(c *Center, r *roster.Roster, changes []roster.Change, post, lang string) []string {
	var lines []string
	for _, ch := range changes {
		if post != "" && ch.PostID != post {
			continue
		}
		place := ch.PostID
		if p := c.Plan.Post(ch.PostID); p != nil {
			place = p.Name
		}
		when := ch.Start.In(c.Loc).Format("02/01/2006 15:04")
		var what string
		switch {
		case lang == "en" && ch.Kind == "changed":
			what = c.OfficerName(ch.To) + " replaces " + c.OfficerName(ch.From)
		case lang == "en" && ch.Kind == "removed":
			what = c.OfficerName(ch.From) + " removed"
		case lang == "en":
			what = c.OfficerName(ch.To) + " added"
		case ch.Kind == "changed":
			what = c.OfficerName(ch.To) + " thay " + c.OfficerName(ch.From)
		case ch.Kind == "removed":
			what = "bỏ " + c.OfficerName(ch.From)
		default:
			what = "thêm " + c.OfficerName(ch.To)
		}
		lines = append(lines, fmt.Sprintf("%s %s: %s", when, place, what))
	}
	if len(lines) > 0 && r.Reason != "" {
		lines = append(lines, map[bool]string{true: "reason: ", false: "lý do: "}[lang == "en"]+r.Reason)
	}
	return lines
}
