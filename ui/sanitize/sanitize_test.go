package sanitize

import (
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/twilio-keys/twilio-keys/ui/sanitize/sanitizetest"
)

func TestTextShowsHostileNamesAsVisibleEscapes(t *testing.T) {
	cases := sanitizetest.Names()
	if len(cases) < 30 {
		t.Fatalf("hostile corpus has %d entries, want at least 30", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Label, func(t *testing.T) {
			got := Text(c.Name)
			if got != c.Shown {
				t.Errorf("Text(%s) = %s, want %s", clip(c.Name), clip(got), clip(c.Shown))
			}
			assertSafe(t, got)
		})
	}
}

func TestTextHasAMegabyteCase(t *testing.T) {
	for _, c := range sanitizetest.Names() {
		if len(c.Name) == sanitizetest.MegabyteLen {
			return
		}
	}
	t.Fatal("hostile corpus lost its one-megabyte name")
}

func TestTextEscapesEachControlCharacter(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"\x00", "^@"},
		{"\x01", "^A"},
		{"\x1a", "^Z"},
		{"\x1b", "^["},
		{"\x1c", `^\`},
		{"\x1f", "^_"},
		{"\x7f", "^?"},
		{"\u0080", `\u0080`},
		{"\u009f", `\u009f`},
		{"\u00a0", "\u00a0"}, // no-break space is printable
		{"\U0010fffd", `\U0010fffd`},
		{"\xc0\x80", `\xc0\x80`}, // overlong NUL
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTextKeepsJoinedRunsUpToThree(t *testing.T) {
	tests := []struct {
		marks int
		want  string
	}{
		{0, "e"},
		{1, "e\u0300"},
		{3, "e\u0300\u0300\u0300"},
		{4, "e\u0300\u0300\u0300\ufffd"},
		{50, "e\u0300\u0300\u0300\ufffd"},
	}
	for _, tt := range tests {
		in := "e" + strings.Repeat("\u0300", tt.marks)
		if got := Text(in); got != tt.want {
			t.Errorf("e + %d marks: got %q, want %q", tt.marks, got, tt.want)
		}
	}
	// Each base starts a new run; an escape does too.
	in := "a\u0300\u0300\u0300b\u0300\u0300\u0300\x1b\u0300\u0300\u0300"
	want := "a\u0300\u0300\u0300b\u0300\u0300\u0300^[\u0300\u0300\u0300"
	if got := Text(in); got != want {
		t.Errorf("runs split by bases: got %q, want %q", got, want)
	}
}

func TestTextReturnsSafeStringItselfWithoutAllocating(t *testing.T) {
	for _, c := range sanitizetest.Names() {
		if c.Name != c.Shown {
			continue
		}
		got := Text(c.Name)
		if unsafe.StringData(got) != unsafe.StringData(c.Name) {
			t.Errorf("%s: Text copied a safe string", c.Label)
		}
		allocs := testing.AllocsPerRun(10, func() { _ = Text(c.Name) })
		if allocs != 0 {
			t.Errorf("%s: Text allocated %.0f times for a safe string", c.Label, allocs)
		}
	}
}

func TestTextIsIdempotent(t *testing.T) {
	for _, c := range sanitizetest.Names() {
		once := Text(c.Name)
		if twice := Text(once); twice != once {
			t.Errorf("%s: Text(Text(s)) = %s, want %s", c.Label, clip(twice), clip(once))
		}
	}
}

// TestTextOutputIsSafeForEveryCodePoint feeds every assigned code point
// after a base and checks the output with rules written independently of
// the classifier. Planes 4 to 13 (unassigned) and 15 to 16 (private use) are
// sampled rather than walked, to keep the test quick under -race.
func TestTextOutputIsSafeForEveryCodePoint(t *testing.T) {
	var b strings.Builder
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0x40000 && (r < 0xe0000 || r > 0xe0fff) && r%251 != 0 {
			continue
		}
		if utf8.ValidRune(r) {
			b.WriteString("x")
			b.WriteRune(r)
		}
		if b.Len() > 1<<16 {
			assertSafe(t, Text(b.String()))
			b.Reset()
		}
	}
	assertSafe(t, Text(b.String()))
}

// TestPrintableCodePointsTakeACell pins the fact Line's bound rests on: every
// code point Text keeps that does not join a neighbour is at least one cell
// wide, as Lip Gloss measures it.
func TestPrintableCodePointsTakeACell(t *testing.T) {
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) || classify(r) != printable {
			continue
		}
		if w := Width(string(r)); w < 1 {
			t.Errorf("%U is kept, does not join, and is %d cells wide", r, w)
		}
	}
}

// assertSafe fails t unless s is valid UTF-8 free of anything that acts on a
// terminal or hides itself, and free of over-long runs of stacking marks.
func assertSafe(t testing.TB, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("output is not valid UTF-8: %s", clip(s))
	}
	run := 0
	for i, r := range s {
		switch {
		case r < 0x20 || r == 0x7f:
			t.Fatalf("output has C0 control %U at byte %d: %s", r, i, clip(s))
		case r >= 0x80 && r <= 0x9f:
			t.Fatalf("output has C1 control %U at byte %d: %s", r, i, clip(s))
		case unicode.Is(unicode.Bidi_Control, r):
			t.Fatalf("output has bidi control %U at byte %d: %s", r, i, clip(s))
		case unicode.In(r, unicode.Cf, unicode.Co, unicode.Zl, unicode.Zp, unicode.Other_Default_Ignorable_Code_Point):
			t.Fatalf("output has invisible or format code point %U at byte %d: %s", r, i, clip(s))
		case !unicode.IsGraphic(r):
			t.Fatalf("output has unassigned code point %U at byte %d: %s", r, i, clip(s))
		}
		if unicode.Is(unicode.M, r) {
			run++
			if run > maxJoined {
				t.Fatalf("output has %d marks in a row at byte %d: %s", run, i, clip(s))
			}
		} else {
			run = 0
		}
	}
}

// clip quotes s for a failure message, showing only the ends of a very
// long one.
func clip(s string) string {
	if len(s) > 120 {
		return strconv.QuoteToASCII(s[:60]) + "…" + strconv.QuoteToASCII(s[len(s)-60:])
	}
	return strconv.QuoteToASCII(s)
}
