package ui

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"

	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// deleteScreen asks before deleting, with Cancel focused, and deletes only
// once the last four characters of the SID are typed: names can be empty,
// duplicated or spoofed, the SID cannot.
type deleteScreen struct {
	key      twilio.Key
	suffix   textinput.Model
	onDelete bool // the Delete button has focus
	hint     string
	err      error
	note     string // what a flow driving the dialog says above it
}

func newDeleteScreen(k twilio.Key, note string) deleteScreen {
	in := newInput("> ", "", 4)
	in.Width = 5
	in.Focus()
	return deleteScreen{key: k, suffix: in, note: note}
}

const stateDelete state = "delete" // the typed delete confirmation

func (deleteScreen) id() state               { return stateDelete }
func (deleteScreen) takesText(*shared) bool  { return true }
func (d deleteScreen) resize(*shared) screen { return d }

func (d *deleteScreen) suffixTyped() bool {
	sid := d.key.SID
	return len(sid) >= 4 && strings.EqualFold(d.suffix.Value(), sid[len(sid)-4:])
}

func (d deleteScreen) update(s *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	switch msg := msg.(type) {
	case keyDeletedMsg:
		// A key Twilio no longer knows is gone either way.
		if msg.err != nil && !twilio.IsNotFound(msg.err) {
			d.err = msg.err
			return d, nil, nil
		}
		return d, nil, deleted{key: msg.key, gone: msg.err != nil}
	case tea.KeyMsg:
		k := &s.keys
		switch {
		case key.Matches(msg, k.Cancel):
			return d, nil, toList{}
		case key.Matches(msg, k.SwitchButton):
			d.onDelete = !d.onDelete
			return d, nil, nil
		case key.Matches(msg, k.Submit):
			typed := d.suffix.Value()
			switch {
			case !d.onDelete && (typed == "" || d.suffixTyped()):
				return d, nil, toList{} // Cancel has the focus and nothing typed says otherwise
			case !d.suffixTyped() && utf8.RuneCountInString(typed) == 4:
				d.hint = "“" + sanitize.Line(typed, 4) + "” doesn't match the end of the SID. Type its last 4 characters, or esc to cancel."
				return d, nil, nil
			case !d.suffixTyped():
				d.hint = "Type the last 4 characters of the SID first."
				return d, nil, nil
			}
			d.hint, d.err = "", nil
			return d, deleteKeyCmd(s.ctx, s.svc, d.key), working{"Deleting " + d.key.SID + "…"}
		}
		var cmd tea.Cmd
		d.suffix, cmd = d.suffix.Update(msg)
		d.hint = ""
		// The focus follows the suffix: on Delete once it matches, so Enter
		// deletes; back on Cancel when it no longer does.
		d.onDelete = d.suffixTyped()
		return d, cmd, nil
	}
	return d, nil, nil
}

func (deleteScreen) bindings(s *shared) []key.Binding {
	k := &s.keys
	k.Submit.SetHelp("enter", "press button")
	k.Enable(&k.SwitchButton, &k.Submit, &k.Cancel, &k.ForceQuit)
	return nil
}

func (d deleteScreen) view(s *shared) string {
	st := s.styles
	width := s.modalWidth()
	cancel, del := "[ Cancel ]", "[ Delete ]"
	if d.onDelete {
		cancel, del = st.Form.Button.Render("  "+cancel), st.Form.DangerButtonFocused.Render("> "+del)
	} else {
		cancel, del = st.Form.ButtonFocused.Render("> "+cancel), st.Form.Button.Render("  "+del)
	}
	var sections []string
	if d.note != "" {
		sections = append(sections, st.Modal.Note.Width(width).Render(d.note))
	}
	sections = append(sections,
		st.Modal.Label.Render("Name  ")+st.Modal.Value.Render(sanitize.Line(d.key.FriendlyName, width-6))+"\n"+
			st.Modal.Label.Render("SID   ")+st.Modal.Value.Render(sanitize.Line(d.key.SID, sidWidth)),
		st.Modal.Warning.Width(width).Render("Apps using this key stop working at once. This cannot be undone."),
	)
	if d.key.SID == s.list.sessionKey && d.key.SID != "" {
		sections = append(sections, st.Form.Error.Width(width).Render("This console signs in with this key: once it is "+
			"deleted, the console's next request fails with 401. Quit and start again with other credentials."))
	}
	sections = append(sections,
		"Type the last 4 characters of the SID to confirm:\n"+d.suffix.View(),
		cancel+"  "+del,
	)
	if d.hint != "" {
		sections = append(sections, st.Modal.Warning.Width(width).Render(d.hint))
	}
	if d.err != nil {
		sections = append(sections, st.Form.Error.Width(width).Render("✗ "+describeError(d.err)))
	}
	return s.modal("Delete API key?", sections, true)
}
