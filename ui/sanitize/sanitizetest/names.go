// Package sanitizetest holds hostile names for tests: strings a server (or
// anyone holding an account credential) could put in a friendly name or an
// error message to attack the terminal that draws them. The sanitize tests
// use them, and end-to-end tests can create keys with these names and check
// what the screen shows.
package sanitizetest

import "strings"

// Case is one hostile string and how sanitize.Text must show it.
type Case struct {
	Label string // short description, usable as a subtest name
	Name  string // the raw string, as a server would send it
	Shown string // the exact output of sanitize.Text(Name)
}

// MegabyteLen is the length of the longest Name in Names.
const MegabyteLen = 1 << 20

// Names returns the hostile corpus, in a new slice on each call. It covers
// ANSI and 8-bit control sequences, overwriting controls, bidi and invisible
// format characters, invalid UTF-8, mark floods, a one-megabyte name, and
// printable text (CJK, emoji, marks within bounds) that must be kept as is.
func Names() []Case {
	big := strings.Repeat("a", MegabyteLen-len("\x1b]0;pwned\x07")) + "\x1b]0;pwned\x07"
	return []Case{
		// Escape sequences (7-bit).
		{"CSI clear screen", "\x1b[2J", "^[[2J"},
		{"CSI cursor home then text", "\x1b[Hfake prompt$ ", "^[[Hfake prompt$ "},
		{"CSI cursor up", "\x1b[10A", "^[[10A"},
		{"CSI erase line then CR", "prod\x1b[2K\rstaging", "prod^[[2K^Mstaging"},
		{"SGR colour", "\x1b[31mred\x1b[0m", "^[[31mred^[[0m"},
		{"OSC 52 clipboard write, BEL", "\x1b]52;c;aGVsbG8=\x07", "^[]52;c;aGVsbG8=^G"},
		{"OSC 52 clipboard write, ST", "\x1b]52;c;aGVsbG8=\x1b\\", `^[]52;c;aGVsbG8=^[\`},
		{"OSC 8 hyperlink", "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\", `^[]8;;https://evil.example/^[\click^[]8;;^[\`},
		{"OSC 0 window title", "\x1b]0;pwned\x07", "^[]0;pwned^G"},
		{"DCS sixel", "\x1bPq#0;2;0;0;0\x1b\\", `^[Pq#0;2;0;0;0^[\`},
		{"DCS DECRQSS request", "\x1bP$qm\x1b\\", `^[P$qm^[\`},
		{"APC kitty graphics", "\x1b_Gf=100;AAAA\x1b\\", `^[_Gf=100;AAAA^[\`},
		{"lone ESC at end", "key\x1b", "key^["},
		// 8-bit controls.
		{"8-bit CSI clear screen", "\u009b2J", `\u009b2J`},
		{"8-bit OSC title", "\u009d0;pwned\u009c", `\u009d0;pwned\u009c`},
		{"raw C1 byte, not UTF-8", "\x9b2J", `\x9b2J`},
		// C0 controls that overwrite or make noise.
		{"CR overwrite", "prod\rtest", "prod^Mtest"},
		{"backspace overwrite", "prod\b\b\b\btest", "prod^H^H^H^Htest"},
		{"BEL", "ding\a", "ding^G"},
		{"NUL", "a\x00b", "a^@b"},
		{"DEL", "a\x7fb", "a^?b"},
		{"tab, LF, CRLF", "a\tb\nc\r\nd", "a^Ib^Jc^M^Jd"},
		// Bidi and invisible format characters.
		{"Trojan Source RLO", "prod\u202e1vk", `prod\u202e1vk`},
		{"bidi embeddings and PDF", "\u202aa\u202bb\u202cc\u202dd", `\u202aa\u202bb\u202cc\u202dd`},
		{"bidi isolates", "\u2066admin\u2069 \u2067x\u2068", `\u2066admin\u2069 \u2067x\u2068`},
		{"bidi marks LRM RLM ALM", "a\u200eb\u200fc\u061cd", `a\u200eb\u200fc\u061cd`},
		{"zero-width space", "ad\u200bmin", `ad\u200bmin`},
		{"zero-width joiner and non-joiner", "a\u200db\u200cc", `a\u200db\u200cc`},
		{"byte order mark", "\ufeffkey", `\ufeffkey`},
		{"soft hyphen", "ad\u00admin", `ad\u00admin`},
		{"word joiner and invisible operators", "a\u2060b\u2062c\u2064", `a\u2060b\u2062c\u2064`},
		{"line and paragraph separators", "a\u2028b\u2029c", `a\u2028b\u2029c`},
		{"Hangul filler", "\u3164", `\u3164`},
		{"private use", "\ue000x", `\ue000x`},
		{"noncharacter", "a\uffff", `a\uffff`},
		{"language tag", "a\U000e0001", `a\U000e0001`},
		// Invalid UTF-8.
		{"invalid bytes", "bad\xff\xfebyte", `bad\xff\xfebyte`},
		{"encoded surrogate", "\xed\xa0\x80", `\xed\xa0\x80`},
		{"truncated sequence at end", "caf\xc3", `caf\xc3`},
		// Floods of code points that stack on one base.
		{"combining mark flood", "Z" + strings.Repeat("\u0301", 20) + "a", "Z\u0301\u0301\u0301\ufffda"},
		{"marks with no base", strings.Repeat("\u0336", 5), "\u0336\u0336\u0336\ufffd"},
		{"skin-tone modifier flood", "👍" + strings.Repeat("🏻", 10), "👍" + strings.Repeat(`\U0001f3fb`, 10)},
		{"conjoining jamo flood", strings.Repeat("\u1100", 10), strings.Repeat(`\u1100`, 10)},
		{"spacing mark flood", "क" + strings.Repeat("\u093e", 10), "क" + strings.Repeat(`\u093e`, 10)},
		// Printable text that must be kept as it is.
		{"plain name", "Production backend key", "Production backend key"},
		{"wide CJK", "鍵の名前", "鍵の名前"},
		{"emoji and flag", "🔑 prod 🇺🇸", "🔑 prod 🇺🇸"},
		{"Vietnamese with two marks", "Vie\u0323\u0302t", "Vie\u0323\u0302t"},
		// Marks are kept; a spacing vowel sign is escaped, since terminals give
		// it a cell of its own and Lip Gloss does not (see sanitize.Text).
		{"Hindi: marks kept, spacing vowel sign escaped", "ज\u093c\u0940\u0902", "ज\u093c" + `\u0940` + "\u0902"},
		{"escape-looking printable text", `\u001b[2J ^[ \x1b`, `\u001b[2J ^[ \x1b`},
		{"one-megabyte name ending in a title set", big, big[:len(big)-len("\x1b]0;pwned\x07")] + "^[]0;pwned^G"},
	}
}
