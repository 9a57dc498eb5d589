// Package styles holds every lipgloss style the console draws with, built once
// and shared by pointer. It needs no package to avoid an import cycle (every
// view is in package ui); it is one so that the console's whole look is in one
// place that knows nothing of the console: it imports lipgloss alone, and a
// view cannot reach a style except through the Styles it is given.
package styles

import "github.com/charmbracelet/lipgloss"

// Palette colours adapt to light and dark terminals. Meaning is never carried by
// colour alone: errors also say "Error", the selected row also has a marker.
var (
	accent   = lipgloss.AdaptiveColor{Light: "#C3002F", Dark: "#F22F46"} // Twilio red
	subtle   = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#8A8A8A"}
	good     = lipgloss.AdaptiveColor{Light: "#1B7F3B", Dark: "#4FD37A"}
	bad      = lipgloss.AdaptiveColor{Light: "#B00020", Dark: "#FF6B6B"}
	warn     = lipgloss.AdaptiveColor{Light: "#8A5A00", Dark: "#FFB454"}
	selectBg = lipgloss.AdaptiveColor{Light: "#E8E8F0", Dark: "#2F2F44"}
	badgeFg  = lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#1A1A1A"}
)

// Styles is the console's one set of styles, grouped by where they are used.
type Styles struct {
	Header struct {
		Title, Account, Dim, Badge, Hint lipgloss.Style
	}
	List struct {
		ColumnHeader, Row, Selected, Position, Empty lipgloss.Style
	}
	Status struct {
		Info, Success, Error lipgloss.Style
	}
	Modal struct {
		Box, DangerBox, Title, DangerTitle, Label, Value, Secret, Warning, Note lipgloss.Style
		Aside                                                                   lipgloss.Style // said in passing: faint
	}
	Form struct {
		Label, Counter, CounterError, Error, Choice, ChoiceFocused, Description lipgloss.Style
		Button, ButtonFocused, DangerButtonFocused                              lipgloss.Style
	}
	Help struct {
		GroupTitle, Key, Desc lipgloss.Style
	}
	Screen struct {
		Title, ErrorTitle, Text lipgloss.Style
	}
}

// New builds the styles for the local terminal. Call it once per program.
func New() *Styles { return NewFor(lipgloss.DefaultRenderer()) }

// NewFor builds the styles for the terminal r draws on: its colour profile
// and background, which over SSH are the session's, not the server's.
func NewFor(r *lipgloss.Renderer) *Styles {
	s := new(Styles)
	n := r.NewStyle

	s.Header.Title = n().Bold(true).Foreground(accent)
	s.Header.Account = n().Bold(true)
	s.Header.Dim = n().Foreground(subtle)
	s.Header.Badge = n().Bold(true).Foreground(badgeFg).Background(warn).Padding(0, 1)
	s.Header.Hint = n().Foreground(warn)

	s.List.ColumnHeader = n().Bold(true).Foreground(subtle)
	s.List.Row = n()
	s.List.Selected = n().Bold(true).Background(selectBg)
	s.List.Position = n().Foreground(subtle)
	s.List.Empty = n().Foreground(subtle)

	s.Status.Info = n().Foreground(subtle)
	s.Status.Success = n().Foreground(good)
	s.Status.Error = n().Foreground(bad)

	box := n().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 2)
	s.Modal.Box = box
	s.Modal.DangerBox = box.BorderForeground(bad)
	s.Modal.Title = n().Bold(true).Foreground(accent)
	s.Modal.DangerTitle = n().Bold(true).Foreground(bad)
	s.Modal.Label = n().Foreground(subtle)
	s.Modal.Value = n().Bold(true)
	s.Modal.Secret = n().Bold(true).Foreground(good)
	s.Modal.Warning = n().Bold(true).Foreground(warn)
	s.Modal.Note = n().Foreground(subtle)
	s.Modal.Aside = n().Faint(true)

	s.Form.Label = n().Bold(true)
	s.Form.Counter = n().Foreground(subtle)
	s.Form.CounterError = n().Bold(true).Foreground(bad)
	s.Form.Error = n().Foreground(bad)
	s.Form.Choice = n()
	s.Form.ChoiceFocused = n().Bold(true).Foreground(accent)
	s.Form.Description = n().Foreground(subtle)
	s.Form.Button = n().Foreground(subtle)
	s.Form.ButtonFocused = n().Bold(true).Foreground(accent)
	s.Form.DangerButtonFocused = n().Bold(true).Foreground(bad)

	s.Help.GroupTitle = n().Bold(true).Foreground(accent)
	s.Help.Key = n().Bold(true)
	s.Help.Desc = n().Foreground(subtle)

	s.Screen.Title = n().Bold(true).Foreground(accent)
	s.Screen.ErrorTitle = n().Bold(true).Foreground(bad)
	s.Screen.Text = n()
	return s
}
