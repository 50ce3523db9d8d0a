package roster

import (
	"sort"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// SortVietnamese sorts xs by key in Vietnamese alphabetical order (An, Ánh, Bình, Dương, Đặng,
// Đỗ), breaking ties by tie. A Collator is not safe for concurrent use, so each sort makes its own.
func SortVietnamese[T any](xs []T, key func(T) string, tie func(T) string) {
	c := collate.New(language.Vietnamese)
	sort.SliceStable(xs, func(i, j int) bool {
		if r := c.CompareString(key(xs[i]), key(xs[j])); r != 0 {
			return r < 0
		}
		return tie(xs[i]) < tie(xs[j])
	})
}
