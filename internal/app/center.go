// Package app holds dutyroster's use cases: generate, publish, amend, export, deliver, remind
// and the views. The command line, the daemon and the web server all call them. Each is a
// function of a context, an open Center and, where time matters, an explicit instant: none of
// them reads the clock, knows a flag, a terminal or an HTTP request.
package app

import (
	"context"
	"time"

	"dutyroster/roster"
	"dutyroster/roster/holiday"
	"dutyroster/store"
)

// Center is an open dutyroster database with the plan it holds: what every use case works on.
type Center struct {
	DB   *store.DB
	Plan *roster.Plan
	Loc  *time.Location    // the Center's time zone
	Cal  *holiday.Calendar // the plan's public holidays and working days
	idx  map[string]*roster.Officer
}

// Open opens the database at path and reads its whole plan. clock stamps what the database
// writes (nil: the system clock).
func Open(ctx context.Context, path string, clock func() time.Time) (*Center, error) {
	return open(ctx, path, clock, (*store.DB).LoadPlan)
}

// OpenReader opens the database at path for reading only (see store.OpenReadOnly) and reads
// its whole plan: what every command that only reads uses, so it works on a read-only copy and
// never blocks a writer.
func OpenReader(ctx context.Context, path string, clock func() time.Time) (*Center, error) {
	return openWith(ctx, store.OpenReadOnly, path, clock, (*store.DB).LoadPlan)
}

// OpenDirectory opens the database at path for reading only and reads only what the views
// print (names, phones, posts and shifts), which is quick on a national plan.
func OpenDirectory(ctx context.Context, path string, clock func() time.Time) (*Center, error) {
	return openWith(ctx, store.OpenReadOnly, path, clock, (*store.DB).LoadDirectory)
}

func open(ctx context.Context, path string, clock func() time.Time, load func(*store.DB, context.Context) (*roster.Plan, error)) (*Center, error) {
	return openWith(ctx, store.Open, path, clock, load)
}

func openWith(ctx context.Context, opener func(context.Context, string) (*store.DB, error), path string, clock func() time.Time,
	load func(*store.DB, context.Context) (*roster.Plan, error)) (*Center, error) {
	db, err := opener(ctx, path)
	if err != nil {
		return nil, err
	}
	if clock != nil {
		db.Now = clock
	}
	plan, err := load(db, ctx)
	if err == nil {
		var c *Center
		if c, err = NewCenter(db, plan); err == nil {
			return c, nil
		}
	}
	db.Close()
	return nil, err
}

// Load reads the plan of an open database into a Center (the daemon reads it every round, as
// the plan may be re-imported while it runs). The caller keeps the database.
func Load(ctx context.Context, db *store.DB) (*Center, error) {
	plan, err := db.LoadPlan(ctx)
	if err != nil {
		return nil, err
	}
	return NewCenter(db, plan)
}

// NewCenter puts a database and its plan together.
func NewCenter(db *store.DB, plan *roster.Plan) (*Center, error) {
	loc, err := plan.Center.Location()
	if err != nil {
		return nil, err
	}
	// The index is built here, not on first use: the web server reads one Center from many
	// goroutines.
	return &Center{DB: db, Plan: plan, Loc: loc, Cal: holiday.New(plan.Holidays), idx: plan.OfficerIndex()}, nil
}

// Close closes the database.
func (c *Center) Close() error { return c.DB.Close() }

// Officer returns the plan's officer with the given id, or nil, from an index built once.
func (c *Center) Officer(id string) *roster.Officer {
	if c.idx == nil {
		return c.Plan.Officer(id)
	}
	return c.idx[id]
}

// OfficerName is the officer's full name, or the id when the plan does not know it.
func (c *Center) OfficerName(id string) string {
	if o := c.Officer(id); o != nil {
		return o.Name
	}
	return id
}

// Today is the Center's local date at instant t.
func (c *Center) Today(t time.Time) roster.Date { return roster.DateOf(t.In(c.Loc)) }
