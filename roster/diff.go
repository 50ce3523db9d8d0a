package roster

import (
	"sort"
	"time"
)

// Change is one difference between two versions of a roster, for one place.
type Change struct {
	PostID  string
	ShiftID string
	Start   time.Time
	End     time.Time
	Role    DutyRole
	Kind    string // added, removed or changed
	From    string // officer before (removed, changed)
	To      string // officer after (added, changed)
}

// Diff lists how assignments b differ from a, slot by slot and role by role: an officer who
// left a place and another who took it in the same slot and role is one "changed".
func Diff(a, b []Assignment) []Change {
	type key struct {
		post, shift string
		start       int64
		role        DutyRole
	}
	type side struct {
		before, after []string
		start, end    time.Time
	}
	slots := map[key]*side{}
	get := func(x Assignment) *side {
		k := key{x.PostID, x.ShiftID, x.Start.Unix(), x.Role}
		if slots[k] == nil {
			slots[k] = &side{start: x.Start, end: x.End}
		}
		return slots[k]
	}
	for _, x := range a {
		s := get(x)
		s.before = append(s.before, x.OfficerID)
	}
	for _, x := range b {
		s := get(x)
		s.after = append(s.after, x.OfficerID)
	}
	var out []Change
	for k, s := range slots {
		gone, came := minus(s.before, s.after), minus(s.after, s.before)
		n := min(len(gone), len(came))
		base := Change{PostID: k.post, ShiftID: k.shift, Start: s.start, End: s.end, Role: k.role}
		for i := 0; i < n; i++ {
			c := base
			c.Kind, c.From, c.To = "changed", gone[i], came[i]
			out = append(out, c)
		}
		for _, id := range gone[n:] {
			c := base
			c.Kind, c.From = "removed", id
			out = append(out, c)
		}
		for _, id := range came[n:] {
			c := base
			c.Kind, c.To = "added", id
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		switch {
		case !x.Start.Equal(y.Start):
			return x.Start.Before(y.Start)
		case x.PostID != y.PostID:
			return x.PostID < y.PostID
		case x.ShiftID != y.ShiftID:
			return x.ShiftID < y.ShiftID
		case x.Role != y.Role:
			return x.Role == Duty
		case x.From != y.From:
			return x.From < y.From
		}
		return x.To < y.To
	})
	return out
}

// minus returns the ids of xs not in ys, sorted.
func minus(xs, ys []string) []string {
	in := map[string]bool{}
	for _, y := range ys {
		in[y] = true
	}
	var out []string
	for _, x := range xs {
		if !in[x] {
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}
