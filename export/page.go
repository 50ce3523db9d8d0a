package export

import "math"

// Page geometry of the printed documents: A4 with the Decree 30 margins (top and bottom 20 mm,
// left 30 mm, right 15 mm). A sheet is printed at an explicit scale, never "fit to width": the
// export chooses the orientation and scale so that the smallest type on the sheet still prints
// at 11 pt, and the columns are wide enough for that.
const (
	ptPerMM        = 72 / 25.4
	a4Short        = 210 * ptPerMM
	a4Long         = 297 * ptPerMM
	marginTopMM    = 20
	marginBottomMM = 20
	marginLeftMM   = 30
	marginRightMM  = 15
	headerMarginMM = 8
	// unitPt is the printed width of one unit of spreadsheet column width: a unit is the width
	// of a digit of the workbook's default font, which the encoder sets to Times New Roman 11
	// (5.5 pt; Excel rounds it down to 7 pixels, 5.25 pt, so the plan errs on the wide side).
	// Left at Calibri, a machine without Calibri measures its substitute, up to a third wider.
	unitPt = 5.5
	// cellPad is the room a cell keeps free around its text, in points (Excel: 5 pixels).
	cellPad = 4.5
	// lineSpacing is the height of a line of text relative to its type size.
	lineSpacing = 1.2
	// minPrinted is the smallest type size any document prints at.
	minPrinted = 11.0
	// pageFill is the share of a page's height the export plans to fill, leaving room for
	// printers whose line heights differ a little from the planned ones.
	pageFill = 0.95
)

// pageSpec is how a sheet is printed.
type pageSpec struct {
	landscape bool
	scale     int // percent
}

func (p pageSpec) paper() (w, h float64) {
	if p.landscape {
		return a4Long, a4Short
	}
	return a4Short, a4Long
}

// width is how wide the sheet's columns may be (before scaling) to fit between the margins.
func (p pageSpec) width() float64 {
	w, _ := p.paper()
	return (w - (marginLeftMM+marginRightMM)*ptPerMM) * 100 / float64(p.scale)
}

// height is how tall the rows of one page may be (before scaling).
func (p pageSpec) height() float64 {
	_, h := p.paper()
	return (h - (marginTopMM+marginBottomMM)*ptPerMM) * 100 / float64(p.scale)
}

// minScale is the smallest print scale at which type of the given size prints at 11 pt.
func minScale(minFont float64) int { return int(math.Ceil(minPrinted / minFont * 100)) }

// choosePage prints columns of the given total width portrait when they fit it at a readable
// scale, else landscape; ok is false when they fit neither (the caller splits them).
func choosePage(widthPt, minFont float64) (p pageSpec, ok bool) {
	for _, landscape := range []bool{false, true} {
		p = pageSpec{landscape: landscape, scale: 100}
		if avail := p.width(); widthPt > avail {
			p.scale = int(avail / widthPt * 100)
		}
		if p.scale >= minScale(minFont) {
			return p, true
		}
	}
	return pageSpec{landscape: true, scale: minScale(minFont)}, false
}

// stretch widens the flexible columns so that the columns fill the printable width.
func stretch(widths []float64, flex []bool, p pageSpec) {
	total, flexTotal := 0.0, 0.0
	for i, w := range widths {
		total += w
		if flex[i] {
			flexTotal += w
		}
	}
	extra := p.width()/unitPt - total
	if extra <= 0 || flexTotal == 0 {
		return
	}
	for i := range widths {
		if flex[i] {
			widths[i] = math.Floor((widths[i]+extra*widths[i]/flexTotal)*100) / 100
		}
	}
}
