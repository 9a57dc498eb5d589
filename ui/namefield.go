package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/styles"

	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// nameField is the friendly-name input the create and rename forms share: a
// text field with a live n/64 count and the one name rule
// (twilio.CleanFriendlyName: required, not blank, trimmed, within Twilio's
// limits).
type nameField struct {
	input textinput.Model
	width int  // the box's width: the field and its counter
	tried bool // a submit was refused: a blank name now says why
}

// newNameField starts focused with value. A name from the server is shown as
// its safe form, so what the field shows is exactly what a submit would send.
func newNameField(value string) nameField {
	// Room to go past Twilio's limit, so the counter can say so instead of
	// silently dropping what was typed or pasted.
	in := newInput("> ", "e.g. billing-service production", 4*twilio.MaxFriendlyNameLength)
	// Cut before making safe: the field holds no more anyway, and a hostile
	// megabyte-long name then costs nothing.
	in.SetValue(sanitize.Text(firstRunes(value, in.CharLimit)))
	in.CursorEnd()
	in.Focus()
	return nameField{input: in}
}

// firstRunes returns the first n code points of s.
func firstRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

func (f *nameField) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	f.resize(f.width) // the counter may have grown or shrunk
	return cmd
}

// resize fits the field and its counter into width cells.
func (f *nameField) resize(width int) {
	f.width = width
	setInputWidth(&f.input, max(width-lipgloss.Width(f.input.Prompt)-len(f.counter())-2, 4))
}

// counter is the live count of what would be sent, marked when the name
// would be refused.
func (f nameField) counter() string {
	c := fmt.Sprintf("%d/%d", utf8.RuneCountInString(strings.TrimSpace(f.input.Value())), twilio.MaxFriendlyNameLength)
	if f.shownError() != nil {
		c = "✗ " + c
	}
	return c
}

func (f nameField) value() string { return f.input.Value() }

// invalid is the rule's objection to the name, or nil.
func (f nameField) invalid() error {
	_, err := twilio.CleanFriendlyName(f.input.Value())
	return err
}

// shownError is the objection the field shows: a blank name only once a
// submit was refused, so an empty form does not open with an error.
func (f nameField) shownError() error {
	if !f.tried && strings.TrimSpace(f.input.Value()) == "" {
		return nil
	}
	return f.invalid()
}

// submit returns the name to send, trimmed, or false (and the field says
// why) when the rule refuses it.
func (f *nameField) submit() (string, bool) {
	name, err := twilio.CleanFriendlyName(f.input.Value())
	if err != nil {
		f.tried = true
		f.resize(f.width) // the counter gained its mark
		return "", false
	}
	return name, true
}

func (f *nameField) focus(on bool) {
	if on {
		f.input.Focus()
	} else {
		f.input.Blur()
	}
}

// view draws the field with its counter, and the validation message under
// it when the name is refused.
func (f *nameField) view(st *styles.Styles) string {
	counterStyle := st.Form.Counter
	err := f.shownError()
	if err != nil {
		counterStyle = st.Form.CounterError
	}
	line := lipgloss.JoinHorizontal(lipgloss.Top, f.input.View(), " ", counterStyle.Render(f.counter()))
	switch v := f.input.Value(); {
	case err != nil:
		return line + "\n" + st.Form.Error.Width(f.width).Render("The "+err.Error())
	case v != strings.TrimSpace(v):
		return line + "\n" + st.Form.Description.Width(f.width).Render("Spaces at the start and end will be trimmed.")
	}
	return line
}
