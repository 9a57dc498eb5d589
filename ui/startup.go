package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// accountFetched moves on from start-up: to the list, to the explanation of
// refused credentials, or to an error with retry.
func (m Model) accountFetched(msg accountMsg) (Model, tea.Cmd) {
	switch {
	case msg.err == nil:
		m.home, m.account, m.startErr = msg.account, msg.account, nil
		m.state = stateList
		cmd := m.startListing()
		return m, cmd
	case twilio.IsAuthError(msg.err):
		m.state, m.startErr = stateAuthFailed, msg.err
	default:
		m.state, m.startErr = stateStartError, msg.err
	}
	return m, nil
}

func (m Model) updateStartup(msg tea.KeyMsg) (Model, tea.Cmd) {
	if m.state == stateStartError && key.Matches(msg, m.keys.Reload) {
		m.state, m.startErr = stateConnecting, nil
		return m, tea.Batch(fetchAccountCmd(m.cfg.Service), m.spinner.Tick)
	}
	return m, nil
}

func (m *Model) startupView() string {
	st := m.styles
	width := m.modalWidth()
	switch m.state {
	case stateConnecting:
		return "\n  " + m.spinner.View() + " Connecting to Twilio…"
	case stateStartError:
		return m.modal("Could not reach Twilio", []string{
			st.Form.Error.Width(width).Render(describeError(m.startErr)),
			"Press R to try again, or q to quit.",
		}, true)
	}
	return m.modal("Twilio refused these credentials", []string{
		st.Screen.Text.Width(width).Render("Twilio answered 401 (error 20003). Either:\n" +
			"1. the credentials are wrong (mistyped, rotated or deleted), or\n" +
			"2. they are a Standard or Restricted API key, which cannot manage keys.\n" +
			"Use the Account SID with its Auth Token, or a Main API key."),
		st.Modal.Note.Width(width).Render(describeError(m.startErr)),
		st.Modal.Warning.Render("Press any key to quit."),
	}, true)
}
