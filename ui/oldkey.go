package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// oldKeyScreen is a rotation's last step: delete the old key, or keep it
// marked replaced. It asks the rotation flow, which drives it.
type oldKeyScreen struct {
	old, next twilio.Key
	checkErr  error // the new key's check: nil means it works
}

// What the last step asks of the rotation; esc asks toList.
type (
	deleteOld struct{}
	keepOld   struct{}
)

const stateRotateOldKey state = "rotate: old key" // a rotation's last step

func (oldKeyScreen) id() state               { return stateRotateOldKey }
func (oldKeyScreen) takesText(*shared) bool  { return false }
func (o oldKeyScreen) resize(*shared) screen { return o }

func (o oldKeyScreen) update(s *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return o, nil, nil
	}
	switch k := &s.keys; {
	case key.Matches(km, k.DeleteOld):
		return o, nil, deleteOld{}
	case key.Matches(km, k.KeepOld):
		return o, nil, keepOld{}
	case key.Matches(km, k.Cancel):
		return o, nil, toList{}
	}
	return o, nil, nil
}

func (oldKeyScreen) bindings(s *shared) []key.Binding {
	k := &s.keys
	k.Cancel.SetHelp("esc", "stop here")
	k.Enable(&k.DeleteOld, &k.KeepOld, &k.Cancel, &k.ForceQuit)
	return []key.Binding{k.DeleteOld, k.KeepOld, k.Cancel}
}

func (o oldKeyScreen) view(s *shared) string {
	st := s.styles
	width := s.modalWidth()
	verdict := "✓ works"
	if o.checkErr != nil {
		verdict = "✗ did not pass the check"
	}
	field := func(label, value string) string { return st.Modal.Label.Render(padRight(label, 9)) + value }
	sections := []string{
		field("Old key", st.Modal.Value.Render(sanitize.Line(o.old.FriendlyName, width-9))) + "\n" +
			field("", sanitize.Line(o.old.SID, sidWidth)) + "\n" +
			field("New key", st.Modal.Value.Render(sanitize.Line(o.next.SID, sidWidth))+"  "+verdict),
		st.Modal.Warning.Width(width).Render("Twilio cannot tell whether the old key is still in use. " +
			"Delete it only once every app has the new key."),
	}
	if o.checkErr != nil {
		sections = append(sections, st.Form.Error.Width(width).Render("The new key did not pass the check: keeping the old key is safer."))
	}
	sections = append(sections, st.Screen.Text.Width(width).Render(
		"d    delete the old key now (type the last 4 characters of its SID)\n"+
			"k    keep it for now; the list marks it “replaced”\n"+
			"esc  stop here; the old key is kept and marked “replaced”"))
	return s.modal("Rotate API key · step 4 of 4: the old key", sections, false)
}
