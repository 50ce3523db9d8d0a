package roster

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold reduces a name, header or word for loose comparison: lower case, no diacritics, đ as d,
// punctuation as space, single spaces.
func Fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(strings.ToLower(strings.TrimSpace(s))) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteRune('d')
			space = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			space = false
		default:
			if !space && b.Len() > 0 {
				b.WriteRune(' ')
				space = true
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// lowerWords is a name in lower case with its diacritics, punctuation as space, single spaces.
func lowerWords(s string) string {
	return strings.Join(strings.FieldsFunc(norm.NFC.String(strings.ToLower(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	}), " ")
}

// FindOfficer finds the one officer a person means by an id or a name, or part of one:
// "tgv-04", "Nguyễn Văn Quý", "nguyen van quy", "Quý". It tries, in turn, the id, the whole
// name, every word of the query being a word of the name, and the query inside the name; the
// first way that matches anyone decides, each first with the diacritics as written (so "Quý"
// is not "Quỳ") and then without them; a query written without any diacritics is compared
// without them only. More than one officer at the deciding step is an error
// that lists them.
func FindOfficer(officers []Officer, query string) (*Officer, error) {
	q := strings.TrimSpace(query)
	if q == "" {
		return nil, Errorf(EINVALID, "no officer given")
	}
	for i := range officers {
		if officers[i].ID == q {
			return &officers[i], nil
		}
	}
	for i := range officers {
		if strings.EqualFold(officers[i].ID, q) {
			return &officers[i], nil
		}
	}
	wordsIn := func(name, words string) bool {
		have := " " + name + " "
		for _, w := range strings.Fields(words) {
			if !strings.Contains(have, " "+w+" ") {
				return false
			}
		}
		return words != ""
	}
	tests := []func(o *Officer) bool{
		func(o *Officer) bool { return lowerWords(o.Name) == lowerWords(q) },
		func(o *Officer) bool { return Fold(o.Name) == Fold(q) },
		func(o *Officer) bool { return wordsIn(lowerWords(o.Name), lowerWords(q)) },
		func(o *Officer) bool { return wordsIn(Fold(o.Name), Fold(q)) },
		func(o *Officer) bool { return Fold(q) != "" && strings.Contains(Fold(o.Name), Fold(q)) },
	}
	if Fold(q) == lowerWords(q) {
		// Written without diacritics: nothing tells "Quy" from "Quý", so only the loose tests.
		tests = []func(o *Officer) bool{tests[1], tests[3], tests[4]}
	}
	for _, test := range tests {
		var found []*Officer
		for i := range officers {
			if test(&officers[i]) {
				found = append(found, &officers[i])
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil
		}
		SortVietnamese(found, func(o *Officer) string { return o.Name }, func(o *Officer) string { return o.ID })
		list := make([]string, len(found))
		for i, o := range found {
			list[i] = fmt.Sprintf("%s (%s)", o.ID, o.Name)
		}
		return nil, Errorf(EINVALID, "%q could be %d officers: %s; give the id or more of the name", query, len(found), strings.Join(list, ", "))
	}
	return nil, Errorf(ENOTFOUND, "no officer has the id or name %q; `dutyroster officer list` shows them", query)
}
