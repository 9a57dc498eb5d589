package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// loadedWith is loaded with cfg's Allowed.
func loadedWith(t *testing.T, allowed func(Action) bool) (Model, *fakeService) {
	t.Helper()
	f := newFake(sampleKeys())
	cfg := testConfig(f, nil)
	cfg.Allowed = allowed
	m := send(New(cfg), tea.WindowSizeMsg{Width: 200, Height: 40})
	m = send(m, fetchAccountCmd(testCtx, f)())
	return drainListing(m, f), f
}

// Actions Config.Allowed refuses are gone from the footer, the help and
// the details, and their keys do nothing; the others stay.
func TestAllowedWithholdsActions(t *testing.T) {
	viewer := func(a Action) bool { return a == ActionCheck }
	m, f := loadedWith(t, viewer)
	footer := m.footer
	for _, gone := range []string{"new key", "rename", "delete", "rotate", "Auth Tokens"} {
		if strings.Contains(footer, gone) {
			t.Errorf("the footer offers %q to a user who may not:\n%s", gone, footer)
		}
	}
	if !strings.Contains(footer, "v check a key") || !strings.Contains(footer, "enter details") {
		t.Errorf("the footer lost what the user may do:\n%s", footer)
	}
	for _, k := range []string{"n", "r", "d", "o", "t"} {
		if got := press(m, k); got.state() != stateList || rotating(got) {
			t.Errorf("%s opened %v for a user who may not", k, got.state())
		}
	}
	if calls := f.calls; len(calls) != 0 {
		t.Errorf("the service was called: %v", calls)
	}
	details := press(m, "enter").View()
	if strings.Contains(details, "r rename") || strings.Contains(details, "d delete") || !strings.Contains(details, "esc back") {
		t.Errorf("the details offer what the user may not do:\n%s", details)
	}
	help := press(m, "?").View()
	for _, gone := range []string{"new key", "rename", "delete", "rotate", "Auth Token"} {
		if strings.Contains(help, gone) {
			t.Errorf("the help lists %q to a user who may not", gone)
		}
	}
	if !strings.Contains(help, "check a key") {
		t.Errorf("the help lost 'check a key':\n%s", help)
	}

	// An operator rotates but does not delete: the rotation's last step
	// offers keeping the old key only.
	operator := func(a Action) bool { return a != ActionDelete && a != ActionAuthToken }
	m, _ = loadedWith(t, operator)
	if !strings.Contains(m.footer, "o rotate") || !strings.Contains(m.footer, "n new key") || strings.Contains(m.footer, "delete") {
		t.Errorf("an operator's footer:\n%s", m.footer)
	}
	if w := m.withheld(); len(w) < 2 || w[0] != &m.keys.Delete || w[1] != &m.keys.DeleteOld {
		t.Errorf("an operator is not kept from deleting the old key at the end of a rotation")
	}

	// With no Allowed, everything is offered.
	m, _ = loadedWith(t, nil)
	for _, want := range []string{"n new key", "r rename", "d delete", "o rotate", "t Auth Tokens"} {
		if !strings.Contains(m.footer, want) {
			t.Errorf("with every action allowed the footer lacks %q", want)
		}
	}
}
