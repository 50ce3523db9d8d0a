package roster

import (
	"os"
	"regexp"
	"sort"
	"testing"
)

// TestPlanFormatReference holds the reference of the plan file to the parser: every key the
// parser accepts is documented in both languages, and every documented key is accepted.
func TestPlanFormatReference(t *testing.T) {
	accepted := map[string]bool{}
	for path, keys := range PlanKeys {
		for _, k := range keys {
			if path == "" {
				accepted[k] = true
			} else {
				accepted[path+"."+k] = true
			}
		}
	}
	row := regexp.MustCompile("(?m)^\\| `([^`]+)` \\|")
	for _, file := range []string{"plan-format.md", "plan-format.vi.md"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		documented := map[string]bool{}
		for _, m := range row.FindAllStringSubmatch(string(data), -1) {
			documented[m[1]] = true
		}
		var missing, extra []string
		for k := range accepted {
			if !documented[k] {
				missing = append(missing, k)
			}
		}
		for k := range documented {
			if !accepted[k] {
				extra = append(extra, k)
			}
		}
		sort.Strings(missing)
		sort.Strings(extra)
		if len(missing) > 0 {
			t.Errorf("%s does not describe keys the parser accepts: %v", file, missing)
		}
		if len(extra) > 0 {
			t.Errorf("%s describes keys the parser refuses: %v", file, extra)
		}
	}
}
