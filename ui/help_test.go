package ui

import (
	"strings"
	"testing"
)

// Issue 12, item 13: at 80x24 the help does not fit. It says "more ↓",
// keeps its title while it scrolls, says "↑" once scrolled, and reaches its
// last line, where "more ↓" goes.
func TestHelpScrollsUnderItsTitle(t *testing.T) {
	m := press(loaded(t, newFake(sampleKeys()), 80, 24), "?")
	_, lines := helpContent(&m.shared)
	last := strings.TrimSpace(lines[len(lines)-1])
	for last == "" && len(lines) > 1 {
		lines = lines[:len(lines)-1]
		last = strings.TrimSpace(lines[len(lines)-1])
	}
	v := m.View()
	if !strings.Contains(v, "more ↓") || strings.Contains(v, "↑ more") {
		t.Errorf("at the top the help does not say there is more below, and only below:\n%s", v)
	}
	if strings.Contains(v, last) {
		t.Fatalf("the whole help fits at 80x24 (%q shows); the test needs a taller help", last)
	}
	for i := 0; i < 40 && !strings.Contains(m.View(), last); i++ {
		m = press(m, "j")
		if !strings.Contains(m.View(), "Help  ? help") {
			t.Fatalf("the title scrolled away after %d lines:\n%s", i+1, m.View())
		}
	}
	v = m.View()
	if !strings.Contains(v, last) {
		t.Fatalf("j never reached the help's last line %q:\n%s", last, v)
	}
	if !strings.Contains(v, "↑ more above") || strings.Contains(v, "more ↓") {
		t.Errorf("at the bottom the help does not say there is more above, and only above:\n%s", v)
	}
	if got := strings.Count(v, "\n") + 1; got != 24 {
		t.Errorf("the view has %d lines, want 24", got)
	}
	m = press(m, "g")
	if v := m.View(); strings.Contains(v, "↑ more") {
		t.Errorf("g did not go back to the top:\n%s", v)
	}
}

// The help that fits says nothing about scrolling.
func TestHelpThatFitsHasNoIndicator(t *testing.T) {
	v := press(loaded(t, newFake(sampleKeys()), 120, 40), "?").View()
	if strings.Contains(v, "more ↓") || strings.Contains(v, "(↑/↓ scroll)") || strings.HasSuffix(v, "↓/j down") {
		t.Errorf("the help at 120x40 offers scrolling:\n%s", v)
	}
}
