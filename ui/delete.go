package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"

	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// deleteConfirm asks before deleting, with Cancel focused, and deletes only
// once the last four characters of the SID are typed: names can be empty,
// duplicated or spoofed, the SID cannot.
type deleteConfirm struct {
	key      twilio.Key
	suffix   textinput.Model
	onDelete bool // the Delete button has focus
	hint     string
	err      error
}

func (m Model) openDelete(k twilio.Key) (Model, tea.Cmd) {
	in := textinput.New()
	in.Prompt = "> "
	in.CharLimit = 4
	in.Width = 5
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Focus()
	m.del = deleteConfirm{key: k, suffix: in}
	m.state = stateDelete
	return m, nil
}

func (d *deleteConfirm) suffixTyped() bool {
	sid := d.key.SID
	return len(sid) >= 4 && strings.EqualFold(d.suffix.Value(), sid[len(sid)-4:])
}

func (m Model) updateDelete(msg tea.KeyMsg) (Model, tea.Cmd) {
	d := &m.del
	switch {
	case m.busy != "":
		return m, nil
	case key.Matches(msg, m.keys.Cancel):
		return m.cancelDelete()
	case key.Matches(msg, m.keys.SwitchButton):
		d.onDelete = !d.onDelete
		return m, nil
	case key.Matches(msg, m.keys.Submit):
		switch {
		case !d.onDelete:
			return m.cancelDelete()
		case !d.suffixTyped():
			d.hint = "Type the last 4 characters of the SID first."
			return m, nil
		}
		d.hint, d.err = "", nil
		m.busy = "Deleting " + d.key.SID + "…"
		return m, tea.Batch(deleteKeyCmd(m.svc, d.key), m.spinner.Tick)
	}
	var cmd tea.Cmd
	d.suffix, cmd = d.suffix.Update(msg)
	d.hint = ""
	return m, cmd
}

// cancelDelete closes the dialog. In a rotation's last step the old key
// stays, marked replaced.
func (m Model) cancelDelete() (Model, tea.Cmd) {
	m.del, m.state = deleteConfirm{}, stateList
	if m.rot.active() {
		m.list.replaced[m.rot.old.SID] = m.rot.next.SID
		m.endRotation(false, "old key "+m.rot.old.SID+" kept and marked replaced")
	}
	return m, nil
}

// keyDeleted removes that one row. A key Twilio no longer knows is gone either
// way, so it leaves the list too.
func (m Model) keyDeleted(msg keyDeletedMsg) (Model, tea.Cmd) {
	m.busy = ""
	k := msg.key
	if msg.err != nil && !twilio.IsNotFound(msg.err) {
		m.del.err = msg.err
		return m, nil
	}
	if i := m.list.store.IndexOf(k.SID); i >= 0 {
		m.list.store.Remove(i)
		m.list.moveTo(m.list.cursor)
	}
	m.touch(k.SID)
	m.list.forgetReplaced(k.SID)
	m.del, m.state = deleteConfirm{}, stateList
	if m.rot.active() && k.SID == m.rot.old.SID {
		fate := "old key " + k.SID + " deleted"
		if msg.err != nil {
			fate = "old key " + k.SID + " was already deleted"
		}
		m.endRotation(true, fate)
		return m, nil
	}
	if msg.err != nil {
		cmd := m.flash(k.SID + " was already deleted; removed it from the list")
		return m, cmd
	}
	cmd := m.flash("Deleted " + sanitize.Line(k.FriendlyName, 40) + " (" + k.SID + ")")
	return m, cmd
}

func (m *Model) deleteView() string {
	st := m.styles
	d := &m.del
	width := m.modalWidth()
	cancel, del := "[ Cancel ]", "[ Delete ]"
	if d.onDelete {
		cancel, del = st.Form.Button.Render("  "+cancel), st.Form.DangerButtonFocused.Render("> "+del)
	} else {
		cancel, del = st.Form.ButtonFocused.Render("> "+cancel), st.Form.Button.Render("  "+del)
	}
	var sections []string
	if m.rot.active() {
		sections = append(sections, st.Modal.Note.Width(width).Render("Rotation, step 4 of 4: new key "+
			m.rot.next.SID+" replaces this one."))
	}
	sections = append(sections,
		st.Modal.Label.Render("Name  ")+st.Modal.Value.Render(sanitize.Line(d.key.FriendlyName, width-6))+"\n"+
			st.Modal.Label.Render("SID   ")+st.Modal.Value.Render(sanitize.Line(d.key.SID, sidWidth)),
		st.Modal.Warning.Width(width).Render("Apps using this key stop working at once. This cannot be undone."),
		"Type the last 4 characters of the SID to confirm:\n"+d.suffix.View(),
		cancel+"  "+del,
	)
	if d.hint != "" {
		sections = append(sections, st.Modal.Warning.Width(width).Render(d.hint))
	}
	if d.err != nil {
		sections = append(sections, st.Form.Error.Width(width).Render("✗ "+describeError(d.err)))
	}
	return m.modal("Delete API key?", sections, true)
}
