package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// createFocus is what has the keyboard in the create form, in tab order.
type createFocus int

const (
	focusName createFocus = iota
	focusStandard
	focusMain
	focusCreate
	createFocusCount
)

// createForm is the Console's "Create new API key" form: a friendly name and
// a key type.
type createForm struct {
	name    nameField
	focus   createFocus
	keyType twilio.KeyType
	err     error // Twilio's answer to the last submit; what was typed stays
}

// errCreateOutcomeUnknown is what the user reads when a create got no answer.
var errCreateOutcomeUnknown = errors.New("No answer from Twilio in time: the key may or may not have been created. " +
	"Reloading the list; look for it there before creating another.")

var keyTypeDescriptions = map[twilio.KeyType]string{
	twilio.KeyTypeStandard: "Access to every API except Accounts and Keys",
	twilio.KeyTypeMain:     "Full access, including managing API keys and subaccounts",
}

func (m Model) openCreate() (Model, tea.Cmd) {
	m.create = createForm{name: newNameField(""), keyType: twilio.KeyTypeStandard}
	m.state = stateCreate
	return m, nil
}

// mainInConsoleOnly is true when Main is picked against real Twilio, which
// creates Main keys only in its Console.
func (m *Model) mainInConsoleOnly() bool {
	return m.create.keyType == twilio.KeyTypeMain && !m.cfg.Service.IsSandbox()
}

func (m Model) updateCreate(msg tea.KeyMsg) (Model, tea.Cmd) {
	f := &m.create
	switch {
	case m.busy != "":
		return m, nil
	case key.Matches(msg, m.keys.Cancel):
		m.create = createForm{}
		m.state = stateList
		if m.rot.active() {
			m.endRotation(false, "old key "+m.rot.old.SID+" unchanged")
		}
		return m, nil
	case key.Matches(msg, m.keys.Submit):
		return m.submitCreate()
	case key.Matches(msg, m.keys.NextField):
		f.setFocus((f.focus + 1) % createFocusCount)
	case key.Matches(msg, m.keys.PrevField):
		f.setFocus((f.focus + createFocusCount - 1) % createFocusCount)
	case key.Matches(msg, m.keys.Choose):
		f.keyType = twilio.KeyTypeStandard
		if f.focus == focusMain {
			f.keyType = twilio.KeyTypeMain
		}
	case key.Matches(msg, m.keys.CopyConsoleURL):
		return m, copyCmd(m.cfg.Clipboard, "Console address", twilio.ConsoleAPIKeysURL, false)
	case f.focus == focusName:
		return m, f.name.update(msg)
	}
	return m, nil
}

func (f *createForm) setFocus(to createFocus) {
	f.focus = to
	f.name.focus(to == focusName)
}

func (m Model) submitCreate() (Model, tea.Cmd) {
	f := &m.create
	if f.name.invalid() != nil {
		f.setFocus(focusName)
		return m, nil
	}
	if m.mainInConsoleOnly() {
		f.setFocus(focusMain)
		cmd := m.flash("Twilio creates Main keys only in the Console: press c to copy its address")
		return m, cmd
	}
	f.err = nil
	m.busy = "Creating key…"
	return m, tea.Batch(createKeyCmd(m.svc, f.name.value(), f.keyType), m.spinner.Tick)
}

func (m Model) createView() string {
	f := &m.create
	st := m.styles
	width := m.modalWidth()
	var sections []string
	title := "Create API key"
	if m.rot.active() {
		title = "Rotate API key · step 1 of 4: create the replacement"
		sections = append(sections, st.Modal.Label.Render("Replacing  ")+
			st.Modal.Value.Render(sanitize.Line(m.rot.old.FriendlyName, width-11))+"\n"+
			st.Modal.Label.Render("           ")+sanitize.Line(m.rot.old.SID, sidWidth))
	}
	sections = append(sections, st.Form.Label.Render("Friendly name")+"\n"+f.name.view(st, width))

	sections = append(sections, st.Form.Label.Render("Key type")+"\n"+m.keyTypeChoices(width))

	if m.mainInConsoleOnly() {
		sections = append(sections, st.Modal.Warning.Width(width).Render(
			"Twilio creates Main keys only in its Console. Press c to copy its address:")+
			"\n"+st.Modal.Note.Width(width).Render(twilio.ConsoleAPIKeysURL))
	}
	button := "[ Create ]"
	if f.focus == focusCreate {
		button = st.Form.ButtonFocused.Render("> " + button)
	} else {
		button = st.Form.Button.Render("  " + button)
	}
	sections = append(sections, button)
	if f.err != nil {
		sections = append(sections, st.Form.Error.Width(width).Render("✗ "+describeError(f.err)))
	}
	return m.modal(title, sections, false)
}

// keyTypeChoices draws the key type radio: one option a line with its
// description when the box is wide, else both options on one line and the
// description of the one under the cursor (or picked) below them.
func (m *Model) keyTypeChoices(width int) string {
	st := m.styles
	f := &m.create
	options := []struct {
		focus createFocus
		t     twilio.KeyType
		label string
	}{{focusStandard, twilio.KeyTypeStandard, "Standard"}, {focusMain, twilio.KeyTypeMain, "Main"}}
	wide := 16+len(keyTypeDescriptions[twilio.KeyTypeMain]) <= width
	var lines []string
	described := f.keyType
	for _, o := range options {
		mark, pointer, style := "( ) ", "  ", st.Form.Choice
		if f.keyType == o.t {
			mark = "(•) "
		}
		if f.focus == o.focus {
			pointer, style, described = "> ", st.Form.ChoiceFocused, o.t
		}
		option := style.Render(pointer + mark + padRight(o.label, 10))
		if wide {
			option += st.Form.Description.Render(keyTypeDescriptions[o.t])
		}
		lines = append(lines, option)
	}
	if wide {
		return strings.Join(lines, "\n")
	}
	return lines[0] + lines[1] + "\n" + st.Form.Description.PaddingLeft(6).Width(width).Render(keyTypeDescriptions[described])
}

// keyCreated shows the secret modal, or keeps the form (and what was typed)
// with Twilio's error. When the answer never came the key may exist, so the
// form closes and the list reloads instead of inviting a duplicate.
func (m Model) keyCreated(msg keyCreatedMsg) (Model, tea.Cmd) {
	m.busy = ""
	switch {
	case msg.err == nil:
	case outcomeUnknown(msg.err):
		m.create, m.state = createForm{}, stateList
		err := errCreateOutcomeUnknown
		if m.rot.active() {
			err = fmt.Errorf("%w Rotation stopped; old key %s unchanged.", err, m.rot.old.SID)
			m.rot = rotation{}
		}
		m.fail(err)
		return m.reload()
	default:
		m.create.err = msg.err
		return m, nil
	}
	nk := msg.key
	if nk.Type == twilio.KeyTypeUnknown {
		nk.Type = m.create.keyType
	}
	m.touch(nk.SID)
	if row := m.list.store.RowOf(m.list.store.Insert(nk)); row >= 0 {
		m.list.moveTo(row)
	}
	m.create = createForm{}
	m.secret, m.state = secretModal{key: nk, secret: msg.secret}, stateSecret
	if m.rot.active() {
		cmd := m.replacementCreated(nk)
		return m, cmd
	}
	return m, nil
}
