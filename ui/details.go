package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"

	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

func (m Model) updateDetails(msg tea.KeyMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Rename):
		return m.openRename(m.details)
	case key.Matches(msg, m.keys.Delete):
		return m.openDelete(m.details)
	case key.Matches(msg, m.keys.Rotate):
		return m.openRotate(m.details)
	case key.Matches(msg, m.keys.Back):
		m.state = stateList
	}
	return m, nil
}

// keyTypeText says what is known about a key's type, and why not when nothing is.
func keyTypeText(t twilio.KeyType) string {
	switch t {
	case twilio.KeyTypeStandard:
		return "Standard"
	case twilio.KeyTypeMain:
		return "Main"
	case twilio.KeyTypeRestricted:
		return "Restricted"
	}
	return "unknown — Twilio's API does not report it"
}

func (m *Model) detailsView() string {
	st := m.styles
	k := &m.details
	width := m.modalWidth()
	now := m.cfg.Now()
	when := func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.Local().Format(detailDateLayout) + " (" + ago(t, now) + ")"
	}
	field := func(label, value string) string {
		return st.Modal.Label.Render(padRight(label, 9)) + st.Modal.Value.Width(width-9).Render(value)
	}
	facts := field("Name", sanitize.Line(k.FriendlyName, width-9)) + "\n" +
		field("SID", sanitize.Line(k.SID, sidWidth)) + "\n" +
		field("Type", keyTypeText(k.Type)) + "\n" +
		field("Created", when(k.DateCreated)) + "\n" +
		field("Updated", when(k.DateUpdated))
	if next, ok := m.list.replaced[k.SID]; ok {
		facts += "\n" + field("Replaced", "by "+next+" (rotated this session)")
	}
	return m.modal("API key", []string{
		facts,
		st.Modal.Note.Width(width).Render("r rename · d delete · o rotate · esc back"),
	}, false)
}
