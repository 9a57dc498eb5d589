package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// helpColumnWidth fits the longest key label and description side by side.
const helpColumnWidth = 40

func (m Model) updateHelp(msg tea.KeyMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Back):
		m.state = m.back
	case key.Matches(msg, m.keys.Up):
		m.helpOffset = max(m.helpOffset-1, 0)
	case key.Matches(msg, m.keys.Down):
		m.helpOffset = min(m.helpOffset+1, max(strings.Count(m.helpContent(), "\n")+1-m.bodyHeight, 0))
	}
	return m, nil
}

// helpView lists every binding, grouped, in as many columns as fit; it
// scrolls when even that is too tall.
func (m *Model) helpView() string {
	lines := strings.Split(m.helpContent(), "\n")
	return strings.Join(lines[min(m.helpOffset, len(lines)-1):], "\n")
}

func (m *Model) helpContent() string {
	st := m.styles
	groups := m.keys.Groups()
	general := groups[len(groups)-1]
	groups = groups[:len(groups)-1]

	// The general keys go on the title line; they are in the footer everywhere too.
	var b strings.Builder
	b.WriteString(st.Screen.Title.Render("Help"))
	for _, k := range general.Bindings {
		b.WriteString("  " + st.Help.Key.Render(k.Help().Key) + " " + st.Help.Desc.Render(k.Help().Desc))
	}
	title := b.String()

	blocks := make([]string, len(groups))
	for i, g := range groups {
		b.Reset()
		b.WriteString(st.Help.GroupTitle.Render(g.Title))
		for _, k := range g.Bindings {
			h := k.Help()
			b.WriteString("\n" + st.Help.Key.Render(padRight(h.Key, 12)) + " " + st.Help.Desc.Render(h.Desc))
		}
		blocks[i] = lipgloss.NewStyle().Width(helpColumnWidth).Render(b.String())
	}
	cols := max(min(m.width/helpColumnWidth, len(blocks)), 1)
	perCol := (len(blocks) + cols - 1) / cols
	var columns []string
	for i := 0; i < len(blocks); i += perCol {
		columns = append(columns, strings.Join(blocks[i:min(i+perCol, len(blocks))], "\n\n"))
	}
	return title + "\n\n" + lipgloss.JoinHorizontal(lipgloss.Top, columns...)
}
