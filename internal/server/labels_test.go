package server

import (
	"testing"

	"dutyroster/roster/msg"
)

// TestLabelsInTheCatalogue: every fixed text of the pages has its Vietnamese.
func TestLabelsInTheCatalogue(t *testing.T) {
	msg.Record()
	labelsIn(msg.VI)
	if missing := msg.Untranslated(); len(missing) > 0 {
		t.Errorf("page texts without Vietnamese: %q", missing)
	}
	if vi.Desk != "Trực ban trợ giúp pháp lý" || en.Desk != "Legal aid duty desk" {
		t.Errorf("labels: %q %q", vi.Desk, en.Desk)
	}
}
