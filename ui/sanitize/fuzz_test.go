package sanitize

import (
	"testing"

	"github.com/charmbracelet/lipgloss"

	"github.com/twilio-keys/twilio-keys/ui/sanitize/sanitizetest"
)

// FuzzText checks, for any input, that Text's output is safe to print and
// stable under a second pass, and that Line's output fits. The hostile corpus
// is the seed (all but the megabyte name), so `go test` runs these checks
// on it every time.
func FuzzText(f *testing.F) {
	for _, c := range sanitizetest.Names() {
		if len(c.Name) > 1<<16 {
			// The megabyte name stalls the mutator; the table tests cover it.
			continue
		}
		f.Add(c.Name)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Text(s)
		assertSafe(t, once)
		if twice := Text(once); twice != once {
			t.Fatalf("Text is not idempotent on %s: %s then %s", clip(s), clip(once), clip(twice))
		}
		for _, n := range []int{1, 2, 7, 30} {
			line := Line(s, n)
			assertSafe(t, line)
			if w := lipgloss.Width(line); w > n {
				t.Fatalf("Line(%s, %d) is %d cells wide: %s", clip(s), n, w, clip(line))
			}
		}
	})
}
