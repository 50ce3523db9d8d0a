package export

import (
	"testing"

	"dutyroster/roster/msg"
)

// TestLabelsInTheCatalogue: every fixed text of the documents has its Vietnamese.
func TestLabelsInTheCatalogue(t *testing.T) {
	msg.Record()
	labelsIn(msg.VI)
	if missing := msg.Untranslated(); len(missing) > 0 {
		t.Errorf("document texts without Vietnamese: %q", missing)
	}
	if vi.nation != "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" || en.nation != "SOCIALIST REPUBLIC OF VIETNAM" || vi.roles["support"] != "Người hỗ trợ" {
		t.Errorf("labels: %q %q %q", vi.nation, en.nation, vi.roles["support"])
	}
}
