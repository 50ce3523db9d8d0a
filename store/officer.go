package store

import (
	"context"
	"database/sql"
	"fmt"

	"dutyroster/roster"
)

// Officer returns one officer with areas and unavailability.
func (db *DB) Officer(ctx context.Context, id string) (*roster.Officer, error) {
	var out *roster.Officer
	err := db.readTx(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.officer(ctx, id)
		return err
	})
	return out, err
}

func (tx *Tx) officer(ctx context.Context, id string) (*roster.Officer, error) {
	os, err := tx.loadOfficers(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(os) == 0 {
		return nil, roster.Errorf(roster.ENOTFOUND, "no officer with id %q; `dutyroster officer list` shows them", id)
	}
	return &os[0], nil
}

// Officers lists every officer (inactive ones too), ordered by id.
func (db *DB) Officers(ctx context.Context) ([]roster.Officer, error) {
	var out []roster.Officer
	err := db.readTx(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.loadOfficers(ctx, "")
		return err
	})
	return out, err
}

func (tx *Tx) areaSet(ctx context.Context) (map[string]bool, error) {
	areas := map[string]bool{}
	err := tx.query(ctx, `SELECT id FROM areas`, func(rows *sql.Rows) error {
		var id string
		err := rows.Scan(&id)
		areas[id] = true
		return err
	})
	return areas, err
}

// AddOfficer stores a new officer given on the command line. Such an officer is owned by the
// command line: a plan import does not deactivate it (but takes it over if the file names its id).
func (db *DB) AddOfficer(ctx context.Context, o roster.Officer, actor Actor) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.requirePlan(ctx); err != nil {
			return err
		}
		areas, err := tx.areaSet(ctx)
		if err != nil {
			return err
		}
		if err := roster.ValidateOfficer(&o, areas); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM officers WHERE id = ?`, o.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return roster.Errorf(roster.ECONFLICT, "an officer with id %q already exists; change it with `dutyroster officer set %s`", o.ID, o.ID)
		}
		o.Source, o.Active, o.Unavailable = "cli", true, nil
		if err := tx.writeOfficer(ctx, &o, false); err != nil {
			return err
		}
		return tx.audit(ctx, actor.User, actor.Command, "officer add %s (%s)", o.ID, o.Name)
	})
}

// UpdateOfficer applies change to a stored officer, validates the result and stores it.
// It returns the officer as stored.
func (db *DB) UpdateOfficer(ctx context.Context, id string, change func(*roster.Officer) error, actor Actor) (*roster.Officer, error) {
	var out *roster.Officer
	err := db.inTx(ctx, func(tx *Tx) error {
		o, err := tx.officer(ctx, id)
		if err != nil {
			return err
		}
		before := *o
		if err := change(o); err != nil {
			return err
		}
		areas, err := tx.areaSet(ctx)
		if err != nil {
			return err
		}
		if err := roster.ValidateOfficer(o, areas); err != nil {
			return err
		}
		f := diffFields(before, *o, "Unavailable", "Source")
		if len(f) == 0 {
			out = o
			return nil
		}
		if err := tx.writeOfficer(ctx, o, false); err != nil {
			return err
		}
		out = o
		return tx.audit(ctx, actor.User, actor.Command, "officer %s changed: %s", id, joinIDs(f))
	})
	return out, err
}

func (tx *Tx) requirePlan(ctx context.Context) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM center`).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return roster.Errorf(roster.ENOTFOUND, "the database %s holds no plan yet; load one with `dutyroster import PLAN.yaml`", tx.db.Path)
	}
	return nil
}

// AddLeave stores leave given on the command line. It survives re-imports of the plan.
func (db *DB) AddLeave(ctx context.Context, officerID string, u roster.Unavailability, actor Actor) (int64, error) {
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		o, err := tx.officer(ctx, officerID)
		if err != nil {
			return err
		}
		u.Source = "cli"
		id, err = tx.insertUnavailability(ctx, o.ID, u, 0)
		if err != nil {
			return err
		}
		return tx.audit(ctx, actor.User, actor.Command, "leave add #%d for %s: %s", id, o.ID, describeLeave(u))
	})
	return id, err
}

// LeaveEntry is leave for one officer.
type LeaveEntry struct {
	OfficerID string
	Leave     roster.Unavailability
}

// AddLeaves stores many leave entries in one transaction: all of them, or none.
func (db *DB) AddLeaves(ctx context.Context, entries []LeaveEntry, actor Actor) ([]int64, error) {
	var ids []int64
	err := db.inTx(ctx, func(tx *Tx) error {
		for _, e := range entries {
			o, err := tx.officer(ctx, e.OfficerID)
			if err != nil {
				return err
			}
			e.Leave.Source = "cli"
			id, err := tx.insertUnavailability(ctx, o.ID, e.Leave, 0)
			if err != nil {
				return err
			}
			ids = append(ids, id)
			if err := tx.audit(ctx, actor.User, actor.Command, "leave add #%d for %s: %s", id, o.ID, describeLeave(e.Leave)); err != nil {
				return err
			}
		}
		return nil
	})
	return ids, err
}

func describeLeave(u roster.Unavailability) string {
	switch u.Kind {
	case roster.UnavailDays:
		return u.FromDate.String() + ".." + u.ToDate.String()
	case roster.UnavailWindow:
		return u.From.String() + ".." + u.To.String()
	}
	return u.RRule + " " + u.Start.String() + "-" + u.End.String()
}

// RemoveLeave deletes leave that was added on the command line. Leave from the plan file is
// changed in the plan file.
func (db *DB) RemoveLeave(ctx context.Context, id int64, actor Actor) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var officerID, source string
		err := tx.QueryRowContext(ctx, `SELECT officer_id, source FROM unavailability WHERE id = ?`, id).Scan(&officerID, &source)
		if err != nil {
			return roster.Errorf(roster.ENOTFOUND, "no leave with id %d; `dutyroster leave list` shows them", id)
		}
		if source != "cli" {
			return roster.Errorf(roster.ECONFLICT, "leave %d of %s comes from the plan file; remove it there and import the file again", id, officerID)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM unavailability WHERE id = ?`, id); err != nil {
			return fmt.Errorf("remove leave %d: %w", id, err)
		}
		return tx.audit(ctx, actor.User, actor.Command, "leave remove #%d of %s", id, officerID)
	})
}
