package app

import (
	"context"
	"time"

	"dutyroster/roster"
	"dutyroster/store"
)

// stamp writes an instant for the history ("" for none).
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// History lists a month's versions: status, when, who and why.
func History(ctx context.Context, db *store.DB, m roster.Month) ([]VersionJSON, error) {
	vs, err := db.Versions(ctx, m)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, roster.Errorf(roster.ENOTFOUND, "no roster for %s yet; make one with `dutyroster generate --month %s`", m, m)
	}
	out := []VersionJSON{}
	for _, v := range vs {
		out = append(out, VersionJSON{Version: v.Version, Status: v.Status, Kind: v.Kind, BasedOn: v.BasedOn, CreatedAt: stamp(v.CreatedAt),
			CreatedBy: v.CreatedBy, Reason: v.Reason, PublishedAt: stamp(v.PublishedAt), PublishedBy: v.PublishedBy})
	}
	return out, nil
}

// VersionDiff lists the duties removed, added and changed from version from to version to.
func VersionDiff(ctx context.Context, db *store.DB, m roster.Month, from, to int) ([]roster.Change, []ChangeJSON, error) {
	if from < 1 || to < 1 {
		return nil, nil, roster.Errorf(roster.EINVALID, "--from and --to are version numbers from 1")
	}
	a, err := db.Roster(ctx, m, from)
	if err != nil {
		return nil, nil, err
	}
	b, err := db.Roster(ctx, m, to)
	if err != nil {
		return nil, nil, err
	}
	changes := roster.Diff(a.Assignments, b.Assignments)
	js := []ChangeJSON{}
	for _, c := range changes {
		js = append(js, ChangeJSON{Change: c.Kind, PostID: c.PostID, ShiftID: c.ShiftID, Start: c.Start.Format(time.RFC3339),
			End: c.End.Format(time.RFC3339), Role: string(c.Role), FromOfficer: c.From, ToOfficer: c.To})
	}
	return changes, js, nil
}
