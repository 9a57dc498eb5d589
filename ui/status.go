package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// status is the one line of feedback over the footer. Successes expire after
// statusTTL; errors and notes stay until the next key. id ties an expiry
// timer to the message it was started for, so an old timer cannot clear a
// newer message.
type status struct {
	text  string
	isErr bool
	keep  bool // stays until the next key rather than expiring
	id    int
}

// maxErrorLines bounds how much of the screen a status may take; enough for
// Twilio's code, message and more_info link at 60 columns.
const maxErrorLines = 3

// flash shows a success that clears itself.
func (m *Model) flash(text string) tea.Cmd {
	m.status = status{text: text, id: m.status.id + 1}
	return expireStatusCmd(m.status.id)
}

// note shows a success that stays until the next key: an outcome too long
// to read in the time a flash lasts.
func (m *Model) note(text string) {
	m.status = status{text: text, keep: true, id: m.status.id + 1}
}

// say shows what an intent carries.
func (m *Model) say(s say) tea.Cmd {
	switch {
	case s.isErr:
		m.failText(s.text)
	case s.keep:
		m.note(s.text)
	default:
		return m.flash(s.text)
	}
	return nil
}

// fail shows an error until the next key press.
func (m *Model) fail(err error) { m.failText(describeError(err)) }

// failText is fail for an error already in words.
func (m *Model) failText(text string) {
	m.status = status{text: "✗ " + text, isErr: true, keep: true, id: m.status.id + 1}
}

func (m *Model) statusView() string {
	st := m.styles
	style := st.Status.Success
	switch {
	case m.busy != "":
		return st.Status.Info.Render(m.spinner.View() + " " + m.busy)
	case m.status.text == "":
		if h, ok := m.front.(hinter); ok {
			return st.Status.Info.Render(sanitize.Line(h.hint(&m.shared), m.width))
		}
		return ""
	case m.status.isErr:
		style = st.Status.Error
	}
	text := sanitize.Line(m.status.text, maxErrorLines*m.width)
	if ansi.StringWidth(text) <= m.width {
		return style.Render(text)
	}
	lines := strings.Split(style.Width(m.width).Render(text), "\n")
	return strings.Join(lines[:min(len(lines), maxErrorLines)], "\n")
}
