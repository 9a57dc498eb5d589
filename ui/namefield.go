package ui

import (
	"fmt"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/cursor"
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
}

// newNameField starts focused with value. A name from the server is shown as
// its safe form, so what the field shows is exactly what a submit would send.
func newNameField(value string) nameField {
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = "e.g. billing-service production"
	// Room to go past Twilio's limit, so the counter can say so instead of
	// silently dropping what was typed or pasted.
	in.CharLimit = 4 * twilio.MaxFriendlyNameLength
	in.Cursor.SetMode(cursor.CursorStatic)
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
	return cmd
}

func (f *nameField) value() string { return f.input.Value() }

// invalid is Twilio's objection to the name, or nil.
func (f *nameField) invalid() error { return twilio.ValidateFriendlyName(f.input.Value()) }

func (f *nameField) focus(on bool) {
	if on {
		f.input.Focus()
	} else {
		f.input.Blur()
	}
}

// view draws the field width cells wide with its counter, and the validation
// message under it when the name is refused.
func (f *nameField) view(st *styles.Styles, width int) string {
	n := utf8.RuneCountInString(f.input.Value())
	counter := fmt.Sprintf("%d/%d", n, twilio.MaxFriendlyNameLength)
	counterStyle := st.Form.Counter
	err := f.invalid()
	if err != nil {
		counter = "✗ " + counter
		counterStyle = st.Form.CounterError
	}
	f.input.Width = max(width-lipgloss.Width(f.input.Prompt)-len(counter)-2, 4)
	line := lipgloss.JoinHorizontal(lipgloss.Top, f.input.View(), " ", counterStyle.Render(counter))
	if err == nil {
		return line
	}
	return line + "\n" + st.Form.Error.Width(width).Render("The "+err.Error())
}
