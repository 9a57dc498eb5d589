package sanitize

import "unicode"

// class sorts a non-ASCII code point by how Text treats it.
type class uint8

const (
	// printable code points are kept and take at least one cell on their own.
	printable class = iota
	// joining code points (non-spacing and enclosing marks) are kept, but
	// stack onto a neighbour inside one grapheme cluster, so a long run of
	// them is cut short.
	joining
	// hidden code points act on the terminal, reorder text, draw nothing, or
	// draw wider than Lip Gloss measures them; they are shown as escapes.
	hidden
)

func classify(r rune) class {
	// unicode.IsGraphic leaves out exactly the categories that must not be
	// printed raw: Cc (C1 controls), Cf (bidi and zero-width format
	// characters, BOM, soft hyphen), Zl, Zp, Co (private use), Cs and Cn
	// (unassigned; code points newer than Go's Unicode tables land here too,
	// which is the safe side: their width is unknown).
	if !unicode.IsGraphic(r) || unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) {
		return hidden
	}
	if unicode.In(r, unicode.Mn, unicode.Me) && r != 0xfe0e && r != 0xfe0f {
		return joining
	}
	if unicode.Is(unicode.Mc, r) || unicode.Is(alsoJoining, r) || r == 0xfe0e || r == 0xfe0f {
		// These join the grapheme cluster before them but take cells of
		// their own in terminals that draw code point by code point (tmux,
		// xterm, VTE: wcwidth): a spacing vowel sign, a skin-tone modifier, a
		// conjoining jamo. Lip Gloss counts the whole cluster as one or two
		// cells, so the line would overrun its column. The emoji and text
		// presentation selectors change Lip Gloss's count and not the
		// terminal's. Shown as escapes, all of them measure the same both ways.
		return hidden
	}
	return printable
}

// alsoJoining lists code points outside the mark categories that a grapheme
// cluster (UAX #29) also glues onto a neighbour without limit. Lip Gloss
// measures a whole cluster as one or two cells while many terminals draw each
// of these in its own cells, so an unbounded run breaks the layout.
var alsoJoining = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x0d4e, Hi: 0x0d4e, Stride: 1}, // Malayalam dot reph (Prepend)
		{Lo: 0x0e33, Hi: 0x0e33, Stride: 1}, // Thai sara am (SpacingMark)
		{Lo: 0x0eb3, Hi: 0x0eb3, Stride: 1}, // Lao vowel sign am (SpacingMark)
		{Lo: 0x1100, Hi: 0x11ff, Stride: 1}, // conjoining Hangul jamo
		{Lo: 0xa960, Hi: 0xa97f, Stride: 1}, // Hangul jamo extended-A
		{Lo: 0xd7b0, Hi: 0xd7ff, Stride: 1}, // Hangul jamo extended-B
		{Lo: 0xff9e, Hi: 0xff9f, Stride: 1}, // halfwidth katakana voiced sound marks (Extend)
	},
	R32: []unicode.Range32{
		{Lo: 0x111c2, Hi: 0x111c3, Stride: 1}, // Sharada (Prepend)
		{Lo: 0x1193f, Hi: 0x1193f, Stride: 1}, // Dives Akuru (Prepend)
		{Lo: 0x11941, Hi: 0x11941, Stride: 1},
		{Lo: 0x11a3a, Hi: 0x11a3a, Stride: 1}, // Zanabazar Square (Prepend)
		{Lo: 0x11a84, Hi: 0x11a89, Stride: 1}, // Soyombo (Prepend)
		{Lo: 0x11d46, Hi: 0x11d46, Stride: 1}, // Masaram Gondi (Prepend)
		{Lo: 0x11f02, Hi: 0x11f02, Stride: 1}, // Kawi (Prepend)
		{Lo: 0x1f3fb, Hi: 0x1f3ff, Stride: 1}, // emoji skin-tone modifiers (Extend)
	},
}
