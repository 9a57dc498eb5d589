// Package sanitize makes server-provided text safe to draw in a terminal.
//
// Friendly names, account names and error messages come from the API, and
// anyone holding a credential for an account can set a friendly name. Drawn
// raw, such a string can clear the screen, move the cursor, set the window
// title, write the clipboard (OSC 52), plant a hyperlink, or reorder how a
// line reads (bidi "Trojan Source"). Lip Gloss and the Bubbles components
// pass all of that straight through, so every such string goes through Text
// or Line before it reaches a model or a style.
//
// Nothing is deleted silently: every character that could act on the
// terminal or hide itself is replaced by a visible escape, so tampering shows.
// Keep the raw string for API calls (rename, delete); only the displayed copy
// is sanitized.
package sanitize

import (
	"strings"
	"unicode/utf8"
)

// Text returns s with every character that is not safe to print replaced by
// a visible escape:
//
//   - C0 controls and DEL in caret notation: ESC is "^[", CR "^M", NUL "^@", DEL "^?";
//   - C1 controls (including the 8-bit CSI U+009B), format characters (bidi
//     overrides, embeddings, isolates and marks, zero-width spaces and joiners,
//     BOM, soft hyphen), line and paragraph separators, private-use,
//     unassigned and other default-ignorable code points as \uXXXX
//     (\UXXXXXXXX above U+FFFF), lower-case hex;
//   - each byte that is not valid UTF-8 as \xHH.
//
// Code points that join the grapheme cluster before them yet take cells of
// their own in a terminal (spacing vowel signs, emoji skin-tone modifiers,
// conjoining Hangul jamo, emoji presentation selectors) are escaped too: Lip
// Gloss counts a cluster as one or two cells, tmux and other wcwidth-based
// terminals count each of these, and a line that is wider than measured
// breaks the layout. Text that uses them (Devanagari vowel signs, for one)
// reads less well, but always lines up.
//
// A run of more than three combining marks on one base keeps its first three
// and shows the rest as one "\uFFFD", so "Zalgo" text cannot smear over the
// lines around it.
//
// Printable text, wide CJK and emoji included, is kept as it is. When s is
// already safe, Text returns s itself without allocating. Text is idempotent:
// Text(Text(s)) == Text(s).
func Text(s string) string {
	i, run := safePrefix(s)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	writeFrom(&b, s, i, run)
	return b.String()
}

// maxJoined is how many code points in a row may stack onto one base.
// Three, not fewer: Vietnamese needs two marks on a vowel, Hindi can carry a
// nukta, a vowel sign and a nasal mark on one consonant, and an old-style
// Hangul syllable is three conjoining jamo.
const maxJoined = 3

// tooManyJoined stands in for the marks dropped from an over-long run.
const tooManyJoined = "\uFFFD"

// safePrefix returns how many leading bytes of s are safe to print as they
// are, and the length of the run of joining code points that ends there.
func safePrefix(s string) (n, run int) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return i, run
			}
			run = 0
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i, run
		}
		switch classify(r) {
		case hidden:
			return i, run
		case joining:
			if run == maxJoined {
				return i, run
			}
			run++
		default:
			run = 0
		}
		i += size
	}
	return len(s), run
}

// writeFrom writes the sanitized form of s[i:] to b, given the length of the
// run of joining code points just before i.
func writeFrom(b *strings.Builder, s string, i, run int) {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				writeCaret(b, c)
			} else {
				b.WriteByte(c)
			}
			run = 0
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			writeByteEscape(b, c)
			run = 0
			i++
			continue
		}
		switch classify(r) {
		case hidden:
			writeRuneEscape(b, r)
			run = 0
		case joining:
			switch {
			case run < maxJoined:
				b.WriteString(s[i : i+size])
			case run == maxJoined:
				b.WriteString(tooManyJoined)
			}
			run++
		default:
			b.WriteString(s[i : i+size])
			run = 0
		}
		i += size
	}
}

const hexDigits = "0123456789abcdef"

// writeCaret writes a C0 control or DEL the way git and less show them.
func writeCaret(b *strings.Builder, c byte) {
	b.WriteByte('^')
	b.WriteByte(c ^ 0x40)
}

func writeByteEscape(b *strings.Builder, c byte) {
	b.WriteString(`\x`)
	b.WriteByte(hexDigits[c>>4])
	b.WriteByte(hexDigits[c&0xf])
}

func writeRuneEscape(b *strings.Builder, r rune) {
	digits := 4
	if r > 0xffff {
		b.WriteString(`\U`)
		digits = 8
	} else {
		b.WriteString(`\u`)
	}
	for shift := (digits - 1) * 4; shift >= 0; shift -= 4 {
		b.WriteByte(hexDigits[(r>>shift)&0xf])
	}
}
