package export

import (
	"encoding/json"
	"io"

	"dutyroster/roster"
)

// RosterJSON is the stable JSON contract of a roster version (roster show --output json and
// export --format json).
type RosterJSON struct {
	Month       string           `json:"month"`
	Version     int              `json:"version"`
	Status      string           `json:"status"`
	Seed        uint64           `json:"seed"`
	Digest      string           `json:"digest,omitempty"` // a published version's SHA-256 (dutyroster verify)
	Assignments []AssignmentJSON `json:"assignments"`
	Unfilled    []UnfilledJSON   `json:"unfilled"`
}

// AssignmentJSON is one assignment in the JSON contract; times are RFC 3339 with the offset.
type AssignmentJSON struct {
	PostID    string `json:"post_id"`
	ShiftID   string `json:"shift_id"`
	Start     string `json:"start"`
	End       string `json:"end"`
	OfficerID string `json:"officer_id"`
	Role      string `json:"role"`
}

// UnfilledJSON is one unfilled place in the JSON contract.
type UnfilledJSON struct {
	PostID  string `json:"post_id"`
	ShiftID string `json:"shift_id"`
	Start   string `json:"start"`
	End     string `json:"end"`
	Role    string `json:"role"`
	Missing int    `json:"missing"`
	Reason  string `json:"reason"`
}

const rfc3339 = "2006-01-02T15:04:05Z07:00"

// ToJSON converts a roster to its JSON contract.
func ToJSON(r *roster.Roster) RosterJSON {
	j := RosterJSON{Month: r.Month.String(), Version: r.Version, Status: r.Status, Seed: r.Seed, Digest: r.Digest,
		Assignments: make([]AssignmentJSON, 0, len(r.Assignments)), Unfilled: make([]UnfilledJSON, 0, len(r.Unfilled))}
	for _, a := range r.Assignments {
		j.Assignments = append(j.Assignments, AssignmentJSON{PostID: a.PostID, ShiftID: a.ShiftID, Start: a.Start.Format(rfc3339),
			End: a.End.Format(rfc3339), OfficerID: a.OfficerID, Role: string(a.Role)})
	}
	for _, u := range r.Unfilled {
		j.Unfilled = append(j.Unfilled, UnfilledJSON{PostID: u.PostID, ShiftID: u.ShiftID, Start: u.Start.Format(rfc3339),
			End: u.End.Format(rfc3339), Role: string(u.Role), Missing: u.Missing, Reason: u.Reason})
	}
	return j
}

// JSONEncoder writes the JSON contract.
type JSONEncoder struct{ w io.Writer }

// NewJSONEncoder returns an encoder writing to w.
func NewJSONEncoder(w io.Writer) *JSONEncoder { return &JSONEncoder{w: w} }

// Encode writes the document's roster as indented JSON.
func (e *JSONEncoder) Encode(d *Document) error {
	enc := json.NewEncoder(e.w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(ToJSON(d.Roster))
}
