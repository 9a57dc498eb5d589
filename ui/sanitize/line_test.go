package sanitize

import (
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/charmbracelet/lipgloss"

	"github.com/twilio-keys/twilio-keys/ui/sanitize/sanitizetest"
)

func TestLine(t *testing.T) {
	tests := []struct {
		in       string
		maxCells int
		want     string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "ab…"},
		{"abc", 1, "…"},
		{"a", 1, "a"},
		{"abc", 0, ""},
		{"abc", -5, ""},
		{"", 10, ""},
		{"日本語", 6, "日本語"},
		{"日本語", 5, "日本…"},
		{"日本語", 4, "日…"}, // 本 would end at cell 4, leaving no room for …
		{"a日本", 3, "a…"}, // never half a wide character
		{"🔑🔑🔑", 4, "🔑…"},
		{"🇺🇸🇺🇸", 3, "🇺🇸…"},           // a flag is one cluster
		{"e\u0301xy", 2, "e\u0301…"}, // marks stay with their base
		{"e\u0301x", 2, "e\u0301x"},  // zero-width marks cost nothing
		{"\x1b[2J", 3, "^[…"},        // escapes are measured after Text
		{"prod\u202e1vk", 9, `prod\u20…`},
		{"Z" + strings.Repeat("\u0301", 100), 2, "Z\u0301\u0301\u0301\ufffd"},
	}
	for _, tt := range tests {
		got := Line(tt.in, tt.maxCells)
		if got != tt.want {
			t.Errorf("Line(%s, %d) = %s, want %s", clip(tt.in), tt.maxCells, clip(got), clip(tt.want))
		}
	}
}

// TestLineFitsAndAgreesWithText checks every hostile name at several widths:
// the result fits as Lip Gloss measures it, is safe, and is Text(s) itself or
// a prefix of it followed by the ellipsis.
func TestLineFitsAndAgreesWithText(t *testing.T) {
	for _, c := range sanitizetest.Names() {
		for _, n := range []int{1, 2, 3, 5, 8, 13, 21, 40, 64, 200} {
			got := Line(c.Name, n)
			if w := lipgloss.Width(got); w > n {
				t.Errorf("%s: Line(_, %d) is %d cells wide: %s", c.Label, n, w, clip(got))
			}
			assertSafe(t, got)
			if got == c.Shown {
				continue
			}
			head, cut := strings.CutSuffix(got, Ellipsis)
			if !cut || !strings.HasPrefix(c.Shown, head) {
				t.Errorf("%s: Line(_, %d) = %s, not a prefix of %s plus …", c.Label, n, clip(got), clip(c.Shown))
			}
			if lipgloss.Width(c.Shown) <= n {
				t.Errorf("%s: Line(_, %d) cut a string that fits: %s", c.Label, n, clip(got))
			}
		}
	}
}

func TestLineReturnsFittingSafeStringItselfWithoutAllocating(t *testing.T) {
	name := "Production backend key 🔑"
	if got := Line(name, 40); unsafe.StringData(got) != unsafe.StringData(name) {
		t.Errorf("Line copied a safe name that fits")
	}
	if allocs := testing.AllocsPerRun(10, func() { _ = Line(name, 40) }); allocs != 0 {
		t.Errorf("Line allocated %.0f times for a safe name that fits", allocs)
	}
}

// TestLineReadsOnlyWhatItShows proves the work bound without a clock: the
// hostile tail of a megabyte-long name is never sanitized, so Line allocates
// a few bytes where Text allocates a megabyte.
func TestLineReadsOnlyWhatItShows(t *testing.T) {
	huge := strings.Repeat("\x1b", 1<<20) // every byte needs escaping
	if got, want := unitsPrefix(huge, 82), 82; got != want {
		t.Fatalf("unitsPrefix read %d bytes, want %d", got, want)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got := Line(huge, 40)
	runtime.ReadMemStats(&after)
	if want := strings.Repeat("^[", 19) + "^…"; got != want {
		t.Fatalf("Line = %q, want %q", got, want)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 16<<10 {
		t.Errorf("Line allocated %d bytes for a 40-cell line of a 1 MB name", n)
	}
}
