package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// status is the one line of feedback over the footer. Successes expire after
// statusTTL; errors stay until the next key. id ties an expiry timer to the
// message it was started for, so an old timer cannot clear a newer message.
type status struct {
	text  string
	isErr bool
	id    int
}

// maxErrorLines bounds how much of the screen an error may take; enough for
// Twilio's code, message and more_info link at 60 columns.
const maxErrorLines = 3

// flash shows a success that clears itself.
func (m *Model) flash(text string) tea.Cmd {
	m.status = status{text: text, id: m.status.id + 1}
	return expireStatusCmd(m.status.id)
}

// fail shows an error until the next key press.
func (m *Model) fail(err error) {
	m.status = status{text: "✗ " + describeError(err), isErr: true, id: m.status.id + 1}
}

func (m *Model) statusView() string {
	st := m.styles
	switch {
	case m.busy != "":
		return st.Status.Info.Render(m.spinner.View() + " " + m.busy)
	case m.status.text == "":
		return ""
	case m.status.isErr:
		wrapped := st.Status.Error.Width(m.width).Render(m.status.text)
		lines := strings.Split(wrapped, "\n")
		return strings.Join(lines[:min(len(lines), maxErrorLines)], "\n")
	}
	return st.Status.Success.Render(sanitize.Line(m.status.text, m.width))
}
