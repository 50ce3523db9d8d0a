package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Snapshot returns every row of every table as text, table by table in rowid order. Tests use it
// to prove that a command changed nothing; it also serves diagnostics.
func (db *DB) Snapshot(ctx context.Context) (map[string][]string, error) {
	out := map[string][]string{}
	err := db.readTx(ctx, func(tx *Tx) error {
		var tables []string
		if err := tx.query(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
			func(rows *sql.Rows) error {
				var n string
				err := rows.Scan(&n)
				tables = append(tables, n)
				return err
			}); err != nil {
			return err
		}
		for _, t := range tables {
			probe, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT * FROM %q LIMIT 0`, t))
			if err != nil {
				return err
			}
			cols, _ := probe.Columns()
			probe.Close()
			order := make([]string, len(cols))
			for i := range cols {
				order[i] = fmt.Sprint(i + 1)
			}
			rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT * FROM %q ORDER BY %s`, t, strings.Join(order, ", ")))
			if err != nil {
				return err
			}
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			out[t] = []string{}
			for rows.Next() {
				if err := rows.Scan(ptrs...); err != nil {
					rows.Close()
					return err
				}
				cells := make([]string, len(vals))
				for i, v := range vals {
					cells[i] = fmt.Sprintf("%v", v)
				}
				out[t] = append(out[t], strings.Join(cells, "|"))
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}
