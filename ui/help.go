package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/twilio-keys/twilio-keys/ui/keymap"
)

// helpColumnWidth fits the longest key label and description side by side.
const helpColumnWidth = 40

// helpScreen lists every binding, over the screen it was opened from.
type helpScreen struct {
	under  screen // where ? and esc go back to
	offset int    // first line shown, when help is taller than the screen
}

const stateHelp state = "help" // every key binding

func (helpScreen) id() state              { return stateHelp }
func (helpScreen) takesText(*shared) bool { return false }

// resize keeps the offset in range when the terminal grows.
func (h helpScreen) resize(s *shared) screen {
	_, lines := helpContent(s)
	h.offset = min(h.offset, helpMaxOffset(len(lines), s.bodyHeight))
	return h
}

func (h helpScreen) update(s *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return h, nil, nil
	}
	_, lines := helpContent(s)
	last := helpMaxOffset(len(lines), s.bodyHeight)
	page := max(helpRows(len(lines), s.bodyHeight)-1, 1)
	switch k := &s.keys; {
	case key.Matches(km, k.Back), key.Matches(km, k.Help):
		return h, nil, open{h.under}
	case key.Matches(km, k.Up):
		h.offset--
	case key.Matches(km, k.Down):
		h.offset++
	case key.Matches(km, k.PageUp):
		h.offset -= page
	case key.Matches(km, k.PageDown):
		h.offset += page
	case key.Matches(km, k.Top):
		h.offset = 0
	case key.Matches(km, k.Bottom):
		h.offset = last
	}
	h.offset = max(min(h.offset, last), 0)
	return h, nil, nil
}

// bindings offers the scrolling keys only when the help does not fit.
func (helpScreen) bindings(s *shared) []key.Binding {
	k := &s.keys
	if _, lines := helpContent(s); helpMaxOffset(len(lines), s.bodyHeight) == 0 {
		k.Enable(&k.Back, &k.Help, &k.Quit, &k.ForceQuit)
		return []key.Binding{k.Back, k.Quit, k.Help}
	}
	k.Enable(&k.Back, &k.Help, &k.Quit, &k.ForceQuit, &k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom)
	return []key.Binding{k.Back, k.Quit, k.Help, k.Up, k.Down}
}

// helpRows is how many lines of the help's body show under its title: all
// of them when they fit, else the height less the line that says there is
// more.
func helpRows(lines, height int) int {
	if lines <= height-1 {
		return lines
	}
	return max(height-2, 1)
}

// helpMaxOffset is the offset that shows the help's last line.
func helpMaxOffset(lines, height int) int { return max(lines-helpRows(lines, height), 0) }

// view lists every binding, grouped, in as many columns as fit. When even
// that is too tall, the title stays and the rest scrolls, with a line that
// says which way there is more.
func (h helpScreen) view(s *shared) string {
	title, lines := helpContent(s)
	rows := helpRows(len(lines), s.bodyHeight)
	if rows == len(lines) {
		return title + "\n" + strings.Join(lines, "\n")
	}
	offset := max(min(h.offset, len(lines)-rows), 0)
	var more []string
	if offset > 0 {
		more = append(more, "↑ more above")
	}
	if offset+rows < len(lines) {
		more = append(more, "more ↓")
	}
	indicator := s.styles.List.Position.Render(strings.Join(more, " · ") + "  (↑/↓ scroll)")
	return title + "\n" + strings.Join(lines[offset:offset+rows], "\n") + "\n" + indicator
}

// helpContent is the help's title line, which stays in view, and the
// lines under it.
func helpContent(m *shared) (string, []string) {
	st := m.styles
	groups, withheld := m.keys.Groups(), m.withheld()
	general := groups[len(groups)-1]
	groups = groups[:len(groups)-1]
	var more []key.Binding // the screens the list opens, from the registry
	for _, r := range registry {
		if o, ok := r.(opensFromList); ok {
			more = append(more, o.listKey())
		}
	}
	if len(more) > 0 {
		groups = append(groups, keymap.Group{Title: "More screens", Bindings: more})
	}

	// The general keys go on the title line; they are in the footer everywhere too.
	var b strings.Builder
	b.WriteString(st.Screen.Title.Render("Help"))
	for _, k := range general.Bindings {
		b.WriteString("  " + st.Help.Key.Render(k.Help().Key) + " " + st.Help.Desc.Render(k.Help().Desc))
	}
	title := b.String()

	blocks := make([]string, 0, len(groups))
	for _, g := range groups {
		b.Reset()
		b.WriteString(st.Help.GroupTitle.Render(g.Title))
		shown := 0
		for _, k := range g.Bindings {
			if isWithheld(withheld, k) || m.cfg.AuthTokens == nil && isTokenAction(m, k) {
				continue
			}
			h := k.Help()
			b.WriteString("\n" + st.Help.Key.Render(padRight(h.Key, 12)) + " " + st.Help.Desc.Render(h.Desc))
			shown++
		}
		if shown > 0 { // a group whose every action is withheld goes, title and all
			blocks = append(blocks, lipgloss.NewStyle().Width(helpColumnWidth).Render(b.String()))
		}
	}
	cols := max(min(m.width/helpColumnWidth, len(blocks)), 1)
	body := "\n" + lipgloss.JoinHorizontal(lipgloss.Top, balance(blocks, cols)...)
	return title, strings.Split(body, "\n")
}

// balance stacks blocks, in order, into at most cols columns, with the
// tallest column as short as it can be: the help is as short as the width
// allows.
func balance(blocks []string, cols int) []string {
	heights := make([]int, len(blocks))
	limit := 0
	for i, b := range blocks {
		heights[i] = lipgloss.Height(b) + 1 // and the blank line under it
		limit = max(limit, heights[i])
	}
	for ; ; limit++ { // the help has a few dozen lines, so counting up is quick
		if starts := pack(heights, limit); len(starts) <= cols {
			columns := make([]string, len(starts))
			for c, start := range starts {
				end := len(blocks)
				if c+1 < len(starts) {
					end = starts[c+1]
				}
				columns[c] = strings.Join(blocks[start:end], "\n\n")
			}
			return columns
		}
	}
}

// pack fills columns no taller than limit in order, and returns the index of
// the first block of each column.
func pack(heights []int, limit int) []int {
	starts := []int{0}
	height := 0
	for i, h := range heights {
		if height+h > limit {
			starts, height = append(starts, i), 0
		}
		height += h
	}
	return starts
}
