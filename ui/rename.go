package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"

	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// renameForm changes a key's friendly name, the only thing Twilio lets one
// change on a Standard or Main key.
type renameForm struct {
	key  twilio.Key
	name nameField
	err  error // Twilio's answer to the last submit; the typed name stays
}

func (m Model) openRename(k twilio.Key) (Model, tea.Cmd) {
	m.rename = renameForm{key: k, name: newNameField(k.FriendlyName)}
	m.state = stateRename
	return m, nil
}

func (m Model) updateRename(msg tea.KeyMsg) (Model, tea.Cmd) {
	f := &m.rename
	switch {
	case m.busy != "":
		return m, nil
	case key.Matches(msg, m.keys.Cancel):
		m.rename, m.state = renameForm{}, stateList
		return m, nil
	case key.Matches(msg, m.keys.Submit):
		if f.name.invalid() != nil {
			return m, nil
		}
		f.err = nil
		m.busy = "Renaming " + f.key.SID + "…"
		return m, tea.Batch(renameKeyCmd(m.svc, f.key.SID, f.name.value()), m.spinner.Tick)
	}
	return m, f.name.update(msg)
}

// keyRenamed replaces that one row in place, or keeps the form with the error.
func (m Model) keyRenamed(msg keyRenamedMsg) (Model, tea.Cmd) {
	m.busy = ""
	if msg.err != nil {
		m.rename.err = msg.err
		return m, nil
	}
	k := msg.key
	if i := m.list.store.IndexOf(k.SID); i >= 0 {
		if k.Type == twilio.KeyTypeUnknown {
			k.Type = m.list.store.keys[i].key.Type // a type learnt at creation outlives a rename
		}
		m.list.store.Replace(i, k)
	}
	m.touch(k.SID)
	m.rename, m.state = renameForm{}, stateList
	cmd := m.flash("Renamed " + k.SID + " to " + sanitize.Line(k.FriendlyName, 40))
	return m, cmd
}

func (m *Model) renameView() string {
	st := m.styles
	f := &m.rename
	width := m.modalWidth()
	sections := []string{
		st.Modal.Label.Render("SID  ") + sanitize.Line(f.key.SID, sidWidth),
		st.Form.Label.Render("Friendly name") + "\n" + f.name.view(st, width),
	}
	if f.err != nil {
		sections = append(sections, st.Form.Error.Width(width).Render("✗ "+describeError(f.err)))
	}
	return m.modal("Rename API key", sections, false)
}
