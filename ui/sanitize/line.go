package sanitize

import (
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Ellipsis ends a line that Line had to cut short.
const Ellipsis = "…"

// ellipsisWidth is measured rather than assumed: ansi counts "…" as two
// cells when RUNEWIDTH_EASTASIAN is set.
var ellipsisWidth = ansi.StringWidth(Ellipsis)

// Width returns how many terminal cells s takes, measured exactly as Lip
// Gloss measures it (ansi.StringWidth, by grapheme cluster), so layout math
// done with it agrees with what Lip Gloss draws.
func Width(s string) int {
	return ansi.StringWidth(s)
}

// Line returns Text(s) cut to at most maxCells terminal cells (as Width
// counts them), ending in Ellipsis when anything was cut. It never splits a
// wide character or a grapheme cluster that starts with a non-ASCII
// character; the marks stacked on the last kept character stay with it.
//
// Line looks at only as much of s as can be shown, so a megabyte-long name
// costs no more than a short one. When s is safe and fits, Line returns s
// itself without allocating. maxCells <= 0 gives "".
func Line(s string, maxCells int) string {
	if maxCells <= 0 {
		return ""
	}
	// Every unit (an ASCII byte, a code point that does not join its
	// neighbour, an invalid byte) comes out of Text at least one cell wide,
	// and a grapheme cluster holds at most two of them (a flag), so this many
	// units always overflow maxCells. Cutting s just before a non-joining
	// unit cuts Text's output at the same place: Text carries no state past
	// such a unit.
	end := len(s)
	if maxCells < len(s) {
		end = unitsPrefix(s, 2*maxCells+2)
	}
	text := Text(s[:end])

	tail, room := Ellipsis, maxCells-ellipsisWidth
	if room < 0 {
		tail, room = "", maxCells
	}
	width, keep := 0, 0
	for i := 0; i < len(text); {
		// Step as ansi.StringWidth does: ASCII one byte at a time, anything
		// else by grapheme cluster.
		size, cells := 1, 1
		if text[i] >= utf8.RuneSelf {
			cluster, w := ansi.FirstGraphemeCluster(text[i:], ansi.GraphemeWidth)
			size, cells = len(cluster), w
		}
		if width+cells > maxCells {
			return text[:keep] + tail
		}
		width += cells
		i += size
		if width <= room {
			keep = i
		}
	}
	if end < len(s) {
		// Not reached when the bound above holds; kept so that the result is
		// marked as cut and fits even if a future width table breaks it.
		return text[:keep] + tail
	}
	return text
}

// unitsPrefix returns the length of the prefix of s that holds its first n
// non-joining units and the joining code points after them.
func unitsPrefix(s string, n int) int {
	units := 0
	for i := 0; i < len(s); {
		size, join := 1, false
		if s[i] >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			join = size > 1 && classify(r) == joining
		}
		if !join {
			if units == n {
				return i
			}
			units++
		}
		i += size
	}
	return len(s)
}
