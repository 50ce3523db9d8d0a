package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"dutyroster/store"
)

// repoFile returns a path under the repository root.
func repoFile(parts ...string) string {
	return filepath.Join(append([]string{repoRoot}, parts...)...)
}

var repoRoot = func() string {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		panic(err)
	}
	return root
}()

var samplePlan = repoFile("roster", "sample", "dong-thap.yaml")

// cli runs command lines in-process against one database in a temporary directory.
type cli struct {
	t   *testing.T
	dir string
	db  string
	now time.Time
	env map[string]string // the environment the commands see
}

func newCLI(t *testing.T) *cli {
	t.Helper()
	dir := t.TempDir()
	return &cli{t: t, dir: dir, db: filepath.Join(dir, "test.db"), now: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
}

// getenv is the test's environment: c.env, in English unless a test says otherwise (most
// tests compare English text; TestVietnamese and the language tests read Vietnamese).
func (c *cli) getenv(k string) string {
	if v, ok := c.env[k]; ok {
		return v
	}
	if k == "DUTYROSTER_LANG" {
		return "en"
	}
	return ""
}

// run executes one command line with --db set and returns stdout, stderr and the exit code.
func (c *cli) run(args ...string) (string, string, int) {
	c.t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: c.getenv,
		Now: func() time.Time { return c.now }, User: "tester"}
	args = append(args, "--db", c.db)
	code := run(context.Background(), args, env)
	return out.String(), errOut.String(), code
}

// ok runs a command that must succeed and returns its stdout.
func (c *cli) ok(args ...string) string {
	c.t.Helper()
	out, errOut, code := c.run(args...)
	if code != 0 {
		c.t.Fatalf("%v: exit %d\nstdout: %s\nstderr: %s", args, code, out, errOut)
	}
	return out
}

// fail runs a command that must fail with the given code and returns its stderr.
func (c *cli) fail(code int, args ...string) string {
	c.t.Helper()
	out, errOut, got := c.run(args...)
	if got != code {
		c.t.Fatalf("%v: exit %d, want %d\nstdout: %s\nstderr: %s", args, got, code, out, errOut)
	}
	return errOut
}

// withSample makes a database holding the Đồng Tháp sample plan.
func withSample(t *testing.T) *cli {
	c := newCLI(t)
	c.ok("init")
	c.ok("import", samplePlan)
	return c
}

func (c *cli) snapshot() map[string][]string {
	c.t.Helper()
	db, err := store.Open(context.Background(), c.db)
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	snap, err := db.Snapshot(context.Background())
	if err != nil {
		c.t.Fatal(err)
	}
	return snap
}

func (c *cli) assertUnchanged(before map[string][]string) {
	c.t.Helper()
	after := c.snapshot()
	if !reflect.DeepEqual(before, after) {
		for table := range after {
			if !reflect.DeepEqual(before[table], after[table]) {
				c.t.Errorf("table %s changed:\nbefore %q\nafter  %q", table, before[table], after[table])
			}
		}
		c.t.Fatal("the database changed")
	}
}

func TestInitCreatesPrivateFile(t *testing.T) {
	c := newCLI(t)
	out := c.ok("init")
	if !strings.Contains(out, "created "+c.db) {
		t.Errorf("init said %q", out)
	}
	fi, err := os.Stat(c.db)
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 && os.Getenv("GOOS") != "windows" {
		t.Errorf("database mode %o, want 600", mode)
	}
	if out := c.ok("init"); !strings.Contains(out, "already exists") {
		t.Errorf("second init said %q", out)
	}
}

func TestMissingDatabaseSaysHowToCreateOne(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{{"officer", "list"}, {"import", samplePlan}, {"post", "list"}, {"leave", "list"}} {
		errOut := c.fail(2, args...)
		want := "Error: no database at " + c.db + "; create one with `dutyroster init --db " + c.db + "`"
		if !strings.HasPrefix(errOut, want) {
			t.Errorf("%v: stderr %q, want prefix %q", args, errOut, want)
		}
		if _, err := os.Stat(c.db); err == nil {
			t.Fatalf("%v created the database", args)
		}
	}
}

func TestDatabasePathFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "env.db")
	var out bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &out, Getenv: func(k string) string {
		if k == "DUTYROSTER_DB" {
			return path
		}
		if k == "DUTYROSTER_LANG" {
			return "en"
		}
		return ""
	}, Now: time.Now}
	if code := run(context.Background(), []string{"init"}, env); code != 0 {
		t.Fatalf("init: %d %s", code, out.String())
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("$DUTYROSTER_DB was not used: %v", err)
	}
}
