package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"

	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// secretModal shows a new key's secret, the one time Twilio returns it. It
// closes only once the user says they saved it, or confirms they do not care.
type secretModal struct {
	key          twilio.Key
	secret       *string // as in keyCreatedMsg: a pointer fmt cannot see through; nil when closed
	saved        bool    // "I have saved the SID and secret somewhere safe"
	confirmClose bool    // esc before ticking: asking whether to close anyway
	hint         string  // why Done did nothing
}

// drop forgets the secret: it blanks the one copy the model had, which the
// message that brought it shares, and closes the modal.
func (s *secretModal) drop() {
	if s.secret != nil {
		*s.secret = ""
	}
	*s = secretModal{}
}

func (m Model) updateSecret(msg tea.KeyMsg) (Model, tea.Cmd) {
	s := &m.secret
	if s.confirmClose {
		switch {
		case key.Matches(msg, m.keys.Yes):
			if m.rot.active() {
				m.secret.drop()
				m.endRotation(false, "its secret was not confirmed saved, so old key "+m.rot.old.SID+
					" was kept and not marked replaced")
				return m, nil
			}
			return m.closeSecret()
		case key.Matches(msg, m.keys.No):
			s.confirmClose = false
		}
		return m, nil
	}
	k, secret := s.key, *s.secret
	switch {
	case key.Matches(msg, m.keys.CopySecret):
		return m, copyCmd(m.cfg.Clipboard, "Secret", secret, true)
	case key.Matches(msg, m.keys.CopySID):
		return m, copyCmd(m.cfg.Clipboard, "SID", k.SID, false)
	case key.Matches(msg, m.keys.CopyEnv):
		return m, copyCmd(m.cfg.Clipboard, "SID and secret", "TWILIO_API_KEY="+k.SID+"\nTWILIO_API_SECRET="+secret, true)
	case key.Matches(msg, m.keys.Reload): // enabled only when a rotation's check failed
		cmd := m.checkReplacement()
		return m, cmd
	case key.Matches(msg, m.keys.Acknowledge):
		s.saved, s.hint = !s.saved, ""
	case key.Matches(msg, m.keys.Done):
		if s.saved {
			return m.closeSecret()
		}
		s.hint = "Tick the box with space once the SID and secret are saved."
	case key.Matches(msg, m.keys.Close):
		if s.saved {
			return m.closeSecret()
		}
		s.confirmClose = true
	}
	return m, nil
}

// closeSecret drops the secret from the model; the key is already in the list.
// A rotation goes on to its last step instead.
func (m Model) closeSecret() (Model, tea.Cmd) {
	if m.rot.active() {
		return m.secretSaved()
	}
	k := m.secret.key
	m.secret.drop()
	m.state = stateList
	cmd := m.flash("Created " + sanitize.Line(k.FriendlyName, 40) + " (" + k.SID + ")")
	return m, cmd
}

func (m *Model) secretView() string {
	st := m.styles
	s := &m.secret
	width := m.modalWidth()
	field := func(label, value string) string {
		return st.Modal.Label.Render(padRight(label, 8)) + value
	}
	typ := "Standard"
	if s.key.Type == twilio.KeyTypeMain {
		typ = "Main"
	}
	box := "[ ]"
	if s.saved {
		box = "[x]"
	}
	sections := []string{
		field("Name", st.Modal.Value.Render(sanitize.Line(s.key.FriendlyName, width-8))) + "\n" +
			field("Type", typ) + "\n" +
			field("SID", st.Modal.Value.Render(sanitize.Line(s.key.SID, sidWidth))) + "\n" +
			// The secret is never truncated: 32 characters fit in every box.
			field("Secret", st.Modal.Secret.Render(sanitize.Text(*s.secret))),
		st.Modal.Warning.Width(width).Render("This is the only time the secret will be shown."),
		box + " I have saved the SID and secret somewhere safe",
	}
	title := "New API key created"
	if m.rot.active() {
		title = "Rotate API key · step 2 of 4: save the new secret"
		sections = append(sections, m.checkLine(width))
	}
	switch {
	case s.confirmClose:
		sections = append(sections, st.Modal.Warning.Width(width).Render("The secret will never be shown again. Close anyway? (y/N)"))
	case s.hint != "":
		sections = append(sections, st.Modal.Warning.Width(width).Render(s.hint))
	}
	return m.modal(title, sections, false)
}
