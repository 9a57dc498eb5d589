package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"

	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// renameScreen changes a key's friendly name, the only thing Twilio lets one
// change on a Standard or Main key.
type renameScreen struct {
	key  twilio.Key
	name nameField
	err  error // Twilio's answer to the last submit; the typed name stays
}

func newRenameScreen(k twilio.Key) renameScreen {
	return renameScreen{key: k, name: newNameField(k.FriendlyName)}
}

const stateRename state = "rename" // the rename form

func (renameScreen) id() state              { return stateRename }
func (renameScreen) takesText(*shared) bool { return true }

func (r renameScreen) resize(s *shared) screen {
	r.name.resize(s.modalWidth())
	return r
}

func (r renameScreen) update(s *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	switch msg := msg.(type) {
	case keyRenamedMsg:
		if msg.err != nil {
			r.err = msg.err
			return r, nil, nil
		}
		return r, nil, toList{say: flash("Renamed " + msg.key.SID + " to " + sanitize.Line(msg.key.FriendlyName, 40))}
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, s.keys.Cancel):
			return r, nil, toList{}
		case key.Matches(msg, s.keys.Submit):
			name, ok := r.name.submit()
			if !ok {
				return r, nil, nil
			}
			r.err = nil
			return r, renameKeyCmd(s.ctx, s.svc, r.key.SID, name), working{"Renaming " + r.key.SID + "…"}
		}
		return r, r.name.update(msg), nil
	}
	return r, nil, nil
}

func (renameScreen) bindings(s *shared) []key.Binding {
	k := &s.keys
	k.Submit.SetHelp("enter", "rename")
	k.Enable(&k.Submit, &k.Cancel, &k.ForceQuit)
	return nil
}

func (r renameScreen) view(s *shared) string {
	st := s.styles
	width := s.modalWidth()
	sections := []string{
		st.Modal.Label.Render("SID  ") + sanitize.Line(r.key.SID, sidWidth),
		st.Form.Label.Render("Friendly name") + "\n" + r.name.view(st),
	}
	if r.err != nil {
		sections = append(sections, st.Form.Error.Width(width).Render("✗ "+describeError(r.err)))
	}
	return s.modal("Rename API key", sections, false)
}
