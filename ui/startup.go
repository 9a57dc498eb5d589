package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The start-up screens: connecting, an error with retry, and refused
// credentials. The root moves between them when the account arrives.

// connectingScreen waits for the account.
type connectingScreen struct{}

const stateConnecting state = "connecting" // fetching the account

func (connectingScreen) id() state                                           { return stateConnecting }
func (connectingScreen) takesText(*shared) bool                              { return false }
func (connectingScreen) resize(*shared) screen                               { return connectingScreen{} }
func (connectingScreen) spinning() bool                                      { return true }
func (c connectingScreen) update(*shared, tea.Msg) (screen, tea.Cmd, intent) { return c, nil, nil }
func (connectingScreen) view(s *shared) string {
	return "\n  " + s.spinner.View() + " Connecting to Twilio…"
}

func (connectingScreen) bindings(s *shared) []key.Binding {
	s.keys.Enable(&s.keys.Quit, &s.keys.ForceQuit)
	return nil
}

// startErrorScreen says why the account could not be fetched; R retries.
type startErrorScreen struct{ err error }

const stateStartError state = "start error" // the account fetch failed for a reason other than credentials

func (startErrorScreen) id() state               { return stateStartError }
func (startErrorScreen) takesText(*shared) bool  { return false }
func (e startErrorScreen) resize(*shared) screen { return e }

func (e startErrorScreen) update(s *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	if km, ok := msg.(tea.KeyMsg); ok && key.Matches(km, s.keys.Reload) {
		return e, nil, connect{}
	}
	return e, nil, nil
}

func (startErrorScreen) bindings(s *shared) []key.Binding {
	k := &s.keys
	k.Reload.SetHelp("R", "retry")
	k.Enable(&k.Reload, &k.Quit, &k.ForceQuit)
	return nil
}

func (e startErrorScreen) view(s *shared) string {
	return s.modal("Could not reach Twilio", []string{
		s.styles.Form.Error.Width(s.modalWidth()).Render(describeError(e.err)),
		"Press R to try again, or q to quit.",
	}, true)
}

// authFailedScreen explains refused credentials; any key quits, and Run
// then returns ErrCredentialsRejected.
type authFailedScreen struct{ err error }

const stateAuthFailed state = "auth failed" // Twilio refused the credentials

func (authFailedScreen) id() state               { return stateAuthFailed }
func (authFailedScreen) takesText(*shared) bool  { return false }
func (a authFailedScreen) resize(*shared) screen { return a }
func (authFailedScreen) everyKeyQuits()          {}

func (a authFailedScreen) update(_ *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	if _, ok := msg.(tea.KeyMsg); ok {
		return a, nil, quitRejected{}
	}
	return a, nil, nil
}

func (authFailedScreen) bindings(s *shared) []key.Binding {
	s.keys.Enable(&s.keys.AnyKey)
	return nil
}

func (a authFailedScreen) view(s *shared) string {
	st := s.styles
	width := s.modalWidth()
	return s.modal("Twilio refused these credentials", []string{
		st.Screen.Text.Width(width).Render("Twilio answered 401 (error 20003). Either:\n" +
			"1. the credentials are wrong (mistyped, rotated or deleted), or\n" +
			"2. they are a Standard or Restricted API key, which cannot manage keys.\n" +
			"Use the Account SID with its Auth Token, or a Main API key."),
		st.Modal.Note.Width(width).Render(describeError(a.err)),
		st.Modal.Warning.Render("Press any key to quit."),
	}, true)
}
