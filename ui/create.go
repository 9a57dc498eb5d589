package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/styles"
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

// createScreen is the Console's "Create new API key" form: a friendly name
// and a key type. A rotation shows it with its own title and preface.
type createScreen struct {
	name    nameField
	focus   createFocus
	keyType twilio.KeyType
	err     error // Twilio's answer to the last submit; what was typed stays

	title, preface string // set by a flow that drives the form; the defaults when ""
}

// msgCreateOutcomeUnknown is what the user reads when a create got no answer.
const msgCreateOutcomeUnknown = "No answer from Twilio in time: the key may or may not have been created. " +
	"Reloading the list; look for it there before creating another."

var keyTypeDescriptions = map[twilio.KeyType]string{
	twilio.KeyTypeStandard: "Access to every API except Accounts and Keys",
	twilio.KeyTypeMain:     "Full access, including managing API keys and subaccounts",
}

// newCreateScreen opens the form with a suggested name and type.
func newCreateScreen(name string, t twilio.KeyType) createScreen {
	return createScreen{name: newNameField(name), keyType: t}
}

const stateCreate state = "create" // the create form

func (createScreen) id() state { return stateCreate }

func (c createScreen) takesText(*shared) bool { return c.focus == focusName }

func (c createScreen) resize(s *shared) screen {
	c.name.resize(s.modalWidth())
	return c
}

// mainInConsoleOnly is true when Main is picked against real Twilio, which
// creates Main keys only in its Console.
func (c *createScreen) mainInConsoleOnly(s *shared) bool {
	return c.keyType == twilio.KeyTypeMain && !s.cfg.Service.IsSandbox()
}

func (c createScreen) update(s *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	if msg, ok := msg.(keyCreatedMsg); ok {
		return c.created(msg)
	}
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return c, nil, nil
	}
	k := &s.keys
	switch {
	case key.Matches(km, k.Cancel):
		return c, nil, toList{}
	case key.Matches(km, k.Submit):
		return c.submit(s)
	case key.Matches(km, k.NextField):
		c.setFocus((c.focus + 1) % createFocusCount)
	case key.Matches(km, k.PrevField):
		c.setFocus((c.focus + createFocusCount - 1) % createFocusCount)
	case key.Matches(km, k.Choose):
		c.keyType = twilio.KeyTypeStandard
		if c.focus == focusMain {
			c.keyType = twilio.KeyTypeMain
		}
	case key.Matches(km, k.CopyConsoleURL):
		return c, copyCmd(s.cfg.Clipboard, "Console address", twilio.ConsoleAPIKeysURL, false), nil
	case c.focus == focusName:
		return c, c.name.update(km), nil
	}
	return c, nil, nil
}

// setFocus moves the cursor. Landing on a key type picks it, as arrows do in
// a radio group: the dot is always on the type Create makes, so a user who
// moved onto Main and then down to Create still gets a Main key.
func (c *createScreen) setFocus(to createFocus) {
	c.focus = to
	c.name.focus(to == focusName)
	switch to {
	case focusStandard:
		c.keyType = twilio.KeyTypeStandard
	case focusMain:
		c.keyType = twilio.KeyTypeMain
	}
}

func (c createScreen) submit(s *shared) (screen, tea.Cmd, intent) {
	name, ok := c.name.submit()
	if !ok {
		c.setFocus(focusName)
		return c, nil, nil
	}
	if c.mainInConsoleOnly(s) {
		c.setFocus(focusMain)
		return c, nil, flash("Twilio creates Main keys only in the Console: press c to copy its address")
	}
	c.err = nil
	return c, createKeyCmd(s.ctx, s.svc, name, c.keyType), working{"Creating key…"}
}

// created asks for the secret modal, or keeps the form (and what was typed)
// with Twilio's error. When the answer never came the key may exist, so the
// form closes and the list reloads instead of inviting a duplicate.
func (c createScreen) created(msg keyCreatedMsg) (screen, tea.Cmd, intent) {
	switch {
	case msg.err == nil:
		return c, nil, showSecret{key: msg.key, secret: msg.secret}
	case outcomeUnknown(msg.err):
		return c, nil, toList{say: failText(msgCreateOutcomeUnknown), reload: true}
	}
	c.err = msg.err
	return c, nil, nil
}

func (c createScreen) bindings(s *shared) []key.Binding {
	k := &s.keys
	k.Submit.SetHelp("enter", "create")
	k.Enable(&k.NextField, &k.PrevField, &k.Submit, &k.Cancel, &k.ForceQuit)
	k.Choose.SetEnabled(c.focus == focusStandard || c.focus == focusMain)
	k.CopyConsoleURL.SetEnabled(c.mainInConsoleOnly(s) && c.focus != focusName)
	return nil
}

func (c createScreen) view(s *shared) string {
	st := s.styles
	width := s.modalWidth()
	var sections []string
	title := "Create API key"
	if c.title != "" {
		title = c.title
	}
	if c.preface != "" {
		sections = append(sections, c.preface)
	}
	sections = append(sections, st.Form.Label.Render("Friendly name")+"\n"+c.name.view(st))

	sections = append(sections, st.Form.Label.Render("Key type")+"\n"+c.keyTypeChoices(st, width))

	if c.mainInConsoleOnly(s) {
		sections = append(sections, st.Modal.Warning.Width(width).Render(
			"Twilio creates Main keys only in its Console. Press c to copy its address:")+
			"\n"+st.Modal.Note.Width(width).Render(twilio.ConsoleAPIKeysURL))
	}
	button := "[ Create ]"
	if c.focus == focusCreate {
		button = st.Form.ButtonFocused.Render("> " + button)
	} else {
		button = st.Form.Button.Render("  " + button)
	}
	sections = append(sections, button+st.Form.Description.Render("  creates a "+keyTypeText(c.keyType)+" key"))
	if c.err != nil {
		sections = append(sections, st.Form.Error.Width(width).Render("✗ "+describeError(c.err)))
	}
	return s.modal(title, sections, false)
}

// keyTypeChoices draws the key type radio: one option a line with its
// description when the box is wide, else both options on one line and the
// description of the one under the cursor (or picked) below them.
func (c *createScreen) keyTypeChoices(st *styles.Styles, width int) string {
	f := c
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
