package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// aboutScreen says what this session acts with and on: where the
// credentials came from and which they are, the account shown and the
// credentials' own, the region, and what becomes of a copied secret. It is
// what to read before deleting a key or rotating a token, and what to quote
// when asking for help. It shows no secret, not even masked.
type aboutScreen struct{}

const stateAbout state = "about"

func (aboutScreen) id() state               { return stateAbout }
func (aboutScreen) takesText(*shared) bool  { return false }
func (a aboutScreen) resize(*shared) screen { return a }
func (aboutScreen) listKey() key.Binding {
	return key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "about this session"))
}
func (aboutScreen) openFromList(*shared) screen { return aboutScreen{} }
func (aboutScreen) bindings(s *shared) []key.Binding {
	s.keys.Enable(&s.keys.Back, &s.keys.Quit, &s.keys.ForceQuit)
	return nil
}
func (a aboutScreen) update(s *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	if km, ok := msg.(tea.KeyMsg); ok && key.Matches(km, s.keys.Back) {
		return a, nil, toList{}
	}
	return a, nil, nil
}

func (aboutScreen) view(s *shared) string {
	st := s.styles
	width := s.modalWidth()
	field := func(label, value string) string {
		return lipgloss.JoinHorizontal(lipgloss.Top, st.Modal.Label.Render(padRight(label, 13)), st.Modal.Value.Width(width-13).Render(value))
	}
	server := "Twilio (" + sanitize.Line(s.svc.Region(), 16) + ")"
	if s.svc.IsSandbox() {
		server = "the sandbox, not a real account"
	}
	signIn := "Account SID and Auth Token"
	if k := s.list.sessionKey; k != "" {
		signIn = "API key " + sanitize.Line(k, sidWidth)
	}
	copies := "off: nothing is copied"
	switch {
	case s.cfg.Clipboard != nil && s.cfg.ClearAfter > 0:
		copies = "a copied secret is cleared after " + s.cfg.ClearAfter.Round(time.Second).String() + " and at exit, if still there (over OSC 52 the terminal is asked to)"
	case s.cfg.Clipboard != nil:
		copies = "a copied secret is cleared at exit, if still there (over OSC 52 the terminal is asked to)"
	}
	facts := field("Showing", sanitize.Line(s.account.FriendlyName, 40)+" ("+sanitize.Line(s.account.SID, sidWidth)+")") + "\n" +
		field("Credentials", sanitize.Line(s.home.FriendlyName, 40)+" ("+sanitize.Line(s.home.SID, sidWidth)+")") + "\n" +
		field("Signed in as", signIn) + "\n" +
		field("Found in", sanitize.Line(s.cfg.Source, 40)) + "\n" +
		field("Server", server) + "\n" +
		field("Clipboard", copies)
	return s.modal("About this session", []string{facts}, false)
}
