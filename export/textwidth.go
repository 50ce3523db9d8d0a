package export

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A spreadsheet stores row heights but not where a printer will break a line of text, so the
// document works out itself how many lines each cell takes: it needs the row heights to place
// its own page breaks (a closing block never alone on a page) and to keep every row readable.
// The widths below are the advance widths of Times New Roman (and of its metric twin Liberation
// Serif, which LibreOffice substitutes), in thousandths of the type size. Vietnamese letters are
// measured by their base letter: the diacritics sit above or below it and take no width.
var timesWidth = map[rune]int{
	'a': 444, 'b': 500, 'c': 444, 'd': 500, 'e': 444, 'f': 333, 'g': 500, 'h': 500, 'i': 278, 'j': 278,
	'k': 500, 'l': 278, 'm': 778, 'n': 500, 'o': 500, 'p': 500, 'q': 500, 'r': 333, 's': 389, 't': 278,
	'u': 500, 'v': 500, 'w': 722, 'x': 500, 'y': 500, 'z': 444,
	'A': 722, 'B': 667, 'C': 667, 'D': 722, 'E': 611, 'F': 556, 'G': 722, 'H': 722, 'I': 333, 'J': 389,
	'K': 722, 'L': 611, 'M': 889, 'N': 722, 'O': 722, 'P': 556, 'Q': 722, 'R': 667, 'S': 556, 'T': 611,
	'U': 722, 'V': 722, 'W': 944, 'X': 722, 'Y': 722, 'Z': 611,
	' ': 250, '-': 333, '/': 278, ':': 278, ',': 250, '.': 250, ';': 278, '(': 333, ')': 333, '+': 564,
	'đ': 500, 'Đ': 722,
}

// Bold Times is a little wider; this factor covers its widest letters.
const boldWidth = 1.08

// widths holds runeWidth for the first characters of Unicode (Latin with every Vietnamese
// letter, and the punctuation in between), worked out once.
var widths = func() []uint16 {
	t := make([]uint16, 0x2100)
	for r := range t {
		t[r] = uint16(measureRune(rune(r)))
	}
	return t
}()

// runeWidth is the advance width of one character, in thousandths of the type size.
func runeWidth(r rune) int {
	if r >= 0 && int(r) < len(widths) {
		return int(widths[r])
	}
	return measureRune(r)
}

func measureRune(r rune) int {
	if w, ok := timesWidth[r]; ok {
		return w
	}
	if unicode.IsDigit(r) {
		return 500
	}
	// A Vietnamese letter: measure its base letter (ệ -> e, Ư -> U).
	if base := []rune(norm.NFD.String(string(r))); len(base) > 0 && base[0] != r {
		if w, ok := timesWidth[base[0]]; ok {
			return w
		}
	}
	if unicode.IsUpper(r) {
		return 722
	}
	return 500
}

// textWidth is the printed width in points of a line of text at a type size.
func textWidth(s string, size float64, bold bool) float64 {
	w := 0
	for _, r := range s {
		w += runeWidth(r)
	}
	pt := float64(w) * size / 1000
	if bold {
		pt *= boldWidth
	}
	return pt
}

// wrapLines counts the lines a cell's text takes in a column of the given inner width (points),
// breaking at spaces as a spreadsheet does, and a word longer than the line on its own. It reads
// the text in place: a national roster measures a few hundred thousand cells.
func wrapLines(text string, width, size float64, bold bool) int {
	if width <= 0 {
		return 1
	}
	scale := size / 1000
	if bold {
		scale *= boldWidth
	}
	space := float64(runeWidth(' ')) * scale
	n, line, fresh := 1, 0.0, true
	for i := 0; i <= len(text); {
		w, j := 0, i
		for j < len(text) && text[j] != ' ' && text[j] != '\n' {
			r, size := utf8.DecodeRuneInString(text[j:])
			w += runeWidth(r)
			j += size
		}
		if j > i {
			ww := float64(w) * scale
			if !fresh && line+space+ww <= width {
				line += space + ww
			} else {
				if !fresh {
					n++
				}
				// A word wider than the column breaks inside itself.
				for ww > width {
					n++
					ww -= width
				}
				line = ww
			}
			fresh = false
		}
		if j >= len(text) {
			break
		}
		if text[j] == '\n' {
			n++
			line, fresh = 0, true
		}
		i = j + 1
	}
	return n
}
