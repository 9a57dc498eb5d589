package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestDetailsSayTypeUnknownOnce is issue 12's sixteenth finding: the
// details said "unknown — Twilio's API does not report it" for every listed
// key. Now the type reads "unknown", and why, with what to do (v), is said
// once a session, in an aside; v there checks the key shown.
func TestDetailsSayTypeUnknownOnce(t *testing.T) {
	m := loaded(t, newFake(sampleKeys()), 80, 24)
	first := oneLine(press(m, "j", "j", "enter").View())
	m = press(m, "j", "j", "enter", "esc", "j")
	second := oneLine(press(m, "enter").View())
	for i, text := range []string{first, second} {
		if !strings.Contains(text, "Type unknown Created") {
			t.Errorf("details %d: the type does not read just 'unknown':\n%s", i+1, text)
		}
	}
	if !strings.Contains(first, "Twilio's API does not report a key's type. v checks the key and says whether it is Main.") {
		t.Errorf("the first details do not say why, nor what to do:\n%s", first)
	}
	if strings.Contains(second, "does not report") {
		t.Errorf("the second details say it again:\n%s", second)
	}
	if c := press(m, "enter", "v"); c.state() != stateCheck || frontOf[checkScreen](c).sid.Value() != sid(4) {
		t.Errorf("v in the details opened %v for %q", c.state(), frontOf[checkScreen](c).sid.Value())
	}
}

// TestDetailsValuesWrapUnderThemselves is the same finding's second half: a
// value that wraps went on at the box's edge, under the labels.
func TestDetailsValuesWrapUnderThemselves(t *testing.T) {
	m := press(rotationChecked(t, 60, 16), "space", "enter", "k", "j", "enter")
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	for i, l := range lines {
		if col := strings.Index(l, "(rotated this session)"); col >= 0 {
			if i == 0 || strings.Index(lines[i-1], "by SK") != col {
				t.Errorf("the wrapped value starts at column %d, not under its first line:\n%s", col, strings.Join(lines, "\n"))
			}
			return
		}
	}
	t.Fatalf("no wrapped value to look at:\n%s", strings.Join(lines, "\n"))
}
