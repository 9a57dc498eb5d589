package ui

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
)

// newInput is every text field of the console. Its cursor is static: a
// blinking one would redraw the whole screen twice a second, for nothing.
func newInput(prompt, placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.Cursor.SetMode(cursor.CursorStatic)
	return in
}

// setInputWidth gives in width cells and, when that changes them, scrolls
// its text anew for them: textinput works out what is visible only as keys
// arrive, so a width set later would leave a too-wide window of text.
func setInputWidth(in *textinput.Model, width int) {
	if in.Width == width {
		return
	}
	in.Width = width
	value, pos := in.Value(), in.Position()
	in.SetValue("") // the window goes back to the start...
	in.SetValue(value)
	in.SetCursor(pos) // ...and follows the cursor
}
