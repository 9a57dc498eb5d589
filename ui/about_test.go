package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestAboutView: i opens the session's facts from the list, esc goes back;
// the frame fits every size, and names the API key the session signs in
// with, never a secret.
func TestAboutView(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {60, 16}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			f := newFake(sampleKeys())
			f.apiKey = sid(2)
			m := press(loaded(t, f, size[0], size[1]), "i")
			if m.state() != stateAbout {
				t.Fatalf("i opened %v", m.state())
			}
			frame := m.View()
			requireFits(t, frame, size[0], size[1])
			golden.RequireEqual(t, []byte(frame))
			for _, want := range []string{"About this session", sid(2), "Acme Production", "sandbox"} {
				if !strings.Contains(frame, want) {
					t.Errorf("no %q in:\n%s", want, frame)
				}
			}
			if m = press(m, "esc"); m.state() != stateList {
				t.Errorf("esc went to %v, want the list", m.state())
			}
		})
	}
}
