package main

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeListsEveryCommand: the README's command table names every command, so a newcomer
// finds all of them in one place.
func TestReadmeListsEveryCommand(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "## Commands")
	end := strings.Index(text[start+1:], "\n## ")
	if start < 0 || end < 0 {
		t.Fatal("the README has no Commands section")
	}
	section := text[start : start+1+end]
	for _, c := range newRootCmd(defaultEnv()).Commands() {
		if c.Hidden || c.Name() == "help" {
			continue
		}
		if !strings.Contains(section, "`"+c.Name()) && !strings.Contains(section, ", `"+c.Name()) {
			t.Errorf("the README's command table does not name %q", c.Name())
		}
	}
}
