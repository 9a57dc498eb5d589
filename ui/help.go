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

func (helpScreen) id() state               { return stateHelp }
func (helpScreen) takesText(*shared) bool  { return false }
func (h helpScreen) resize(*shared) screen { return h }

func (h helpScreen) update(s *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return h, nil, nil
	}
	switch k := &s.keys; {
	case key.Matches(km, k.Back), key.Matches(km, k.Help):
		return h, nil, open{h.under}
	case key.Matches(km, k.Up):
		h.offset = max(h.offset-1, 0)
	case key.Matches(km, k.Down):
		h.offset = min(h.offset+1, max(strings.Count(helpContent(s), "\n")+1-s.bodyHeight, 0))
	}
	return h, nil, nil
}

func (helpScreen) bindings(s *shared) []key.Binding {
	k := &s.keys
	k.Enable(&k.Up, &k.Down, &k.Back, &k.Help, &k.Quit, &k.ForceQuit)
	return nil
}

// view lists every binding, grouped, in as many columns as fit; it scrolls
// when even that is too tall.
func (h helpScreen) view(s *shared) string {
	lines := strings.Split(helpContent(s), "\n")
	return strings.Join(lines[min(h.offset, len(lines)-1):], "\n")
}

func helpContent(m *shared) string {
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
	return title + "\n\n" + lipgloss.JoinHorizontal(lipgloss.Top, balance(blocks, cols)...)
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
