package ui

import (
	"strings"

	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// Drawing the account picker: a title, the filter, the accounts, and three
// lines at the bottom for progress and what the statuses mean.

// Status cells: what each status means for this console, when there is
// room, else Twilio's word alone (its longest, "suspended", is 9 cells).
const (
	pickerStatusWidth      = 20
	pickerShortStatusWidth = 9
)

var statusMeanings = map[string]string{
	"suspended": "suspended: view only",
	"closed":    "closed: cannot open",
}

func statusCell(status string, width int) string {
	if long, ok := statusMeanings[status]; ok && width >= len(long) {
		return long
	}
	return sanitize.Line(status, width)
}

// pickerRows is how many accounts fit: the body less the title, filter and
// column header above and the three lines below.
func pickerRows(s *shared) int { return max(s.bodyHeight-6, 1) }

func (p pickerScreen) view(m *shared) string {
	st := m.styles
	width := m.width
	var b strings.Builder
	b.WriteString(st.Screen.Title.Render("Accounts") +
		st.List.Position.Render(sanitize.Line("  whose keys to show · now: "+m.account.FriendlyName, width-8)) + "\n")
	switch {
	case p.filtering:
		b.WriteString(p.filter.View())
	case p.filter.Value() != "":
		b.WriteString(st.List.Position.Render(sanitize.Line("/ "+p.filter.Value()+"   (esc clears the filter)", width)))
	default:
		b.WriteString(st.List.Position.Render("/ filters by name, SID or status"))
	}
	b.WriteByte('\n')

	statusWidth := pickerStatusWidth
	if width-2-2-sidWidth-2-statusWidth < 16 {
		statusWidth = pickerShortStatusWidth
	}
	nameWidth := max(width-2-2-sidWidth-2-statusWidth, 8)
	b.WriteString(st.List.ColumnHeader.Render("  "+padRight("NAME", nameWidth)+"  "+padRight("SID", sidWidth)+"  STATUS") + "\n")

	rows := pickerRows(m)
	offset := p.scrolled(rows)
	end := min(offset+rows, len(p.rows))
	for r := offset; r < end; r++ {
		a := &p.accounts[p.rows[r]]
		name := sanitize.Line(a.FriendlyName, nameWidth)
		if p.rows[r] > 0 { // the first account is the credentials' own; the rest are its subaccounts
			name = "└ " + sanitize.Line(a.FriendlyName, nameWidth-2)
		}
		line := padRight(name, nameWidth) + "  " + padRight(sanitize.Line(a.SID, sidWidth), sidWidth) + "  " +
			statusCell(a.Status, statusWidth)
		if r == p.cursor {
			b.WriteString(st.List.Selected.Render("> " + line))
		} else {
			b.WriteString("  " + line)
		}
		b.WriteByte('\n')
	}
	b.WriteString(strings.Repeat("\n", rows-(end-offset)))

	position := plural(len(p.rows), "account", "accounts")
	if len(p.rows) != len(p.accounts) {
		position += " of " + count(len(p.accounts))
	}
	if p.loading {
		position += " · " + m.spinner.View() + " Loading subaccounts…"
	}
	b.WriteString(st.List.Position.Render(sanitize.Line(position, width)) + "\n")

	var bottom string
	switch {
	case p.hint != "":
		bottom = st.Modal.Warning.Width(width).Render(p.hint)
	case p.err != nil:
		bottom = st.Form.Error.Width(width).Render("✗ " + describeError(p.err) + " (esc, then a, tries again)")
	default:
		bottom = st.List.Position.Width(width).Render("A suspended account opens to view its keys; new keys are off there. " +
			"A closed account cannot be opened.")
	}
	b.WriteString(fitLines(bottom, 2))
	return b.String()
}
