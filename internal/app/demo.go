package app

import (
	"context"
	"os"
	"path/filepath"

	"dutyroster/roster"
	"dutyroster/roster/sample"
	"dutyroster/store"
)

// Demo is the demo's Center as SetUpDemo leaves it.
type Demo struct {
	PlanPath, DBPath string
	Plan             *roster.Plan
}

// SetUpDemo writes the bundled Đồng Tháp plan into dir and loads it into a new database there,
// replacing an earlier demo's.
func SetUpDemo(ctx context.Context, dir string, actor store.Actor) (*Demo, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, roster.Errorf(roster.EINVALID, "cannot make the demo folder %s: %v", dir, err)
	}
	d := &Demo{PlanPath: filepath.Join(dir, "dong-thap.yaml"), DBPath: filepath.Join(dir, "dutyroster.db")}
	if err := WriteFileAtomic(d.PlanPath, sample.DongThap, 0o644); err != nil {
		return nil, err
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(d.DBPath + suffix); err != nil && !os.IsNotExist(err) {
			return nil, roster.Errorf(roster.EINVALID, "cannot replace the demo database %s: %v", d.DBPath, err)
		}
	}
	db, _, err := store.Create(ctx, d.DBPath)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if d.Plan, err = roster.ParsePlan(d.PlanPath, sample.DongThap); err != nil {
		return nil, err
	}
	if _, err := db.ImportPlan(ctx, d.Plan, false, actor); err != nil {
		return nil, err
	}
	return d, nil
}
