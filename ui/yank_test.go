package ui

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestYankCopiesTheSID is issue 12's eleventh finding: y copies the
// selected key's SID, from the list and from the details, through the
// clipboard the secret modal uses. A SID is no secret: the status line names
// it and where it went, and no clear is armed. With the clipboard off the
// key is not offered; a viewer, who may do nothing to keys, may still copy.
func TestYankCopiesTheSID(t *testing.T) {
	load := func(t *testing.T, withClipboard bool, allowed func(Action) bool) (Model, *fakeNative) {
		f := newFake(sampleKeys())
		native, cb := newClipboard()
		if !withClipboard {
			native, cb = nil, nil
		}
		cfg := testConfig(f, cb)
		cfg.Allowed = allowed
		m := send(New(cfg), tea.WindowSizeMsg{Width: 200, Height: 40})
		return drainListing(send(m, fetchAccountCmd(testCtx, f)()), f), native
	}
	yank := func(m Model) (Model, []tea.Msg) {
		next, cmd := m.Update(keyMsg("y"))
		msgs := runCmd(cmd)
		return send(next.(Model), msgs...), msgs
	}
	viewer := func(a Action) bool { return false }
	for _, tt := range []struct {
		name    string
		allowed func(Action) bool
		open    []string // from the list to where y is pressed
		sid     string
	}{
		{"list", nil, []string{"j"}, sid(2)},
		{"details", nil, []string{"j", "j", "enter"}, sid(3)},
		{"list, a viewer", viewer, nil, sid(1)},
		{"details, a viewer", viewer, []string{"enter"}, sid(1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, native := load(t, true, tt.allowed)
			m = press(m, tt.open...)
			before := m.state()
			if !strings.Contains(m.footer, "y copy SID") {
				t.Errorf("the footer does not offer y:\n%s", m.footer)
			}
			m, _ = yank(m)
			if got := native.Copies(); !slices.Equal(got, []string{tt.sid}) {
				t.Fatalf("clipboard got %q, want %s", got, tt.sid)
			}
			if want := "SID " + tt.sid + " copied to the clipboard"; m.status.text != want {
				t.Errorf("status %q, want %q", m.status.text, want)
			}
			if m.clip.secret || m.state() != before {
				t.Errorf("a SID counted as a secret (%v), or the view changed (%v → %v)", m.clip.secret, before, m.state())
			}
		})
	}
	t.Run("clipboard off", func(t *testing.T) {
		m, _ := load(t, false, nil)
		for _, at := range []Model{m, press(m, "enter")} {
			if strings.Contains(at.footer, "copy SID") || strings.Contains(at.View(), "y copy SID") {
				t.Errorf("y is offered with the clipboard off:\n%s", at.View())
			}
			if _, msgs := yank(at); len(msgs) != 0 {
				t.Errorf("y did something with the clipboard off: %v", msgs)
			}
		}
		if help := press(m, "?").View(); regexp.MustCompile(`\by +copy SID`).MatchString(help) {
			t.Errorf("the help offers y with the clipboard off:\n%s", help)
		}
	})
}
