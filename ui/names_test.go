package ui

import (
	"strings"
	"testing"
)

// TestBlankNamesRefused is issue 12's third finding, the console's half: a
// name is required and not blank in create and in rename, the form says so
// instead of sending, and spaces around a name are trimmed, which the form
// says before the submit.
func TestBlankNamesRefused(t *testing.T) {
	for _, tt := range []struct {
		name  string
		open  []string
		typed string
	}{
		{"create, empty", []string{"n"}, ""},
		{"create, spaces only", []string{"n"}, "   "},
		{"rename, emptied", []string{"r", "ctrl+u"}, ""},
		{"rename, spaces only", []string{"r", "ctrl+u"}, "  \u00a0 "},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(sampleKeys())
			m := typeText(press(loaded(t, f, 80, 24), tt.open...), tt.typed)
			before := m.state()
			m = press(m, "enter")
			if calls := f.Calls(); len(calls) != 0 || m.busy != "" {
				t.Fatalf("a blank name was sent (calls %q, in flight %q)", calls, m.busy)
			}
			if v := m.View(); m.state() != before || !strings.Contains(v, "friendly name is required and cannot be blank") || !strings.Contains(v, "✗ 0/64") {
				t.Errorf("the form does not say the name is required:\n%s", v)
			}
		})
	}

	t.Run("trimmed", func(t *testing.T) {
		f := newFake(sampleKeys())
		m := typeText(press(loaded(t, f, 80, 24), "n"), "  ci worker ")
		if v := m.View(); !strings.Contains(v, "Spaces at the start and end will be trimmed") || !strings.Contains(v, "9/64") {
			t.Errorf("the form does not say the name will be trimmed:\n%s", v)
		}
		_, cmd := m.Update(keyMsg("enter"))
		runCmd(cmd) // the create request
		if calls := f.Calls(); len(calls) != 1 || !strings.HasPrefix(calls[0], `create "ci worker" `) {
			t.Errorf("calls %q, want one create of the trimmed name", calls)
		}
	})
}
