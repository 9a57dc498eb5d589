package ui

import (
	"context"
	"os"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/twilio-keys/twilio-keys/ui/clipboard"
	"github.com/twilio-keys/twilio-keys/ui/uitest"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	time.Local = time.UTC // dates in goldens do not depend on where tests run
	os.Exit(m.Run())
}

// keyMsg is the key message a terminal sends for a key name or a rune.
var keyMsg = uitest.Key

// send feeds messages to the model in order and returns the result; the
// Cmds Update returns are dropped (tests run the ones they need themselves).
func send(m Model, msgs ...tea.Msg) Model {
	for _, msg := range msgs {
		next, _ := m.Update(msg)
		m = next.(Model)
	}
	return m
}

// press sends each key name in order.
func press(m Model, keys ...string) Model {
	for _, k := range keys {
		m = send(m, keyMsg(k))
	}
	return m
}

// typeText sends s one rune at a time, as a user types.
func typeText(m Model, s string) Model {
	for _, r := range s {
		m = send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return m
}

func testConfig(svc Service, cb clipboard.Clipboard) Config {
	source := "environment"
	if svc.IsSandbox() {
		source = "sandbox"
	}
	cfg := Config{Service: svc, Clipboard: cb, ClearAfter: 30 * time.Second, Source: source,
		Now: func() time.Time { return fakeNow }}
	if f, ok := svc.(*fakeService); ok && f.others != nil {
		cfg.ForAccount = f.forAccount
	}
	return cfg
}

// loaded returns a model sized w×h that has fetched the account and every
// page of keys from svc, as Init's Cmds would.
func loaded(t testing.TB, svc *fakeService, w, h int) Model {
	t.Helper()
	m := send(New(testConfig(svc, nil)), tea.WindowSizeMsg{Width: w, Height: h})
	m = send(m, fetchAccountCmd(testCtx, svc)())
	return drainListing(m, svc)
}

// drainListing runs the current listing to its end, page by page.
func drainListing(m Model, svc Service) Model {
	cmd := listKeysCmd(context.Background(), svc, m.listing.gen)
	for cmd != nil {
		msg := cmd()
		cmd = nil
		if p, ok := msg.(keysPageMsg); ok {
			cmd = p.next
		}
		m = send(m, msg)
	}
	return m
}

// testCtx is the program's context in tests that run Cmds by hand.
var testCtx = context.Background()

// frontOf returns the screen in front as a T, looking through a rotation to
// the step it shows; the zero T when another screen is in front.
func frontOf[T screen](m Model) T {
	s := m.front
	if f, ok := s.(rotationFlow); ok {
		s = f.current()
	}
	t, _ := s.(T)
	return t
}

// rotationOf returns the rotation in front, and whether one is.
func rotationOf(m Model) (rotationFlow, bool) {
	f, ok := m.front.(rotationFlow)
	return f, ok
}

// rotating reports whether a rotation is in front.
func rotating(m Model) bool {
	_, ok := rotationOf(m)
	return ok
}

// rotationOld is the SID of the key the rotation in front replaces, or "".
func rotationOld(m Model) string {
	f, _ := rotationOf(m)
	return f.old.SID
}
