package ui

import (
	"fmt"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/styles"

	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// nameField is the friendly-name input the create and rename forms share: a
// text field with a live n/64 count and Twilio's own validation.
type nameField struct {
	input textinput.Model
	width int // the box's width: the field and its counter
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

// counter is the live count, marked when Twilio would refuse the name.
func (f nameField) counter() string {
	c := fmt.Sprintf("%d/%d", utf8.RuneCountInString(f.input.Value()), twilio.MaxFriendlyNameLength)
	if f.invalid() != nil {
		c = "✗ " + c
	}
	return c
}

func (f nameField) value() string { return f.input.Value() }

// invalid is Twilio's objection to the name, or nil.
func (f nameField) invalid() error { return twilio.ValidateFriendlyName(f.input.Value()) }

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
	err := f.invalid()
	if err != nil {
		counterStyle = st.Form.CounterError
	}
	line := lipgloss.JoinHorizontal(lipgloss.Top, f.input.View(), " ", counterStyle.Render(f.counter()))
	if err == nil {
		return line
	}
	return line + "\n" + st.Form.Error.Width(f.width).Render("The "+err.Error())
}
