package ui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/twilio-keys/twilio-keys/ui/keymap"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// The frame around every view: header on top, status line and key help at
// the bottom, and the body between them, sized from what the two leave.

// layout gives the body what the header and footer leave. It runs after every
// Update, because an error in the status line can take more than one line.
func (m *Model) layout() {
	if m.width == 0 || m.quitting {
		return
	}
	m.help.Width = m.width
	m.header, m.footer = m.headerView(), m.footerView()
	m.bodyHeight = max(m.height-lipgloss.Height(m.header)-lipgloss.Height(m.footer), 1)
	m.list.setSize(m.width, m.bodyHeight)
	m.list.noCreate = m.noCreate()
	m.front = m.front.resize(&m.shared)
}

// updateKeymap enables exactly the bindings that work now, so that
// key.Matches ignores the others and the footer lists only what works. The
// screen in front decides, unless the terminal is too small or a request is
// in flight.
func (m *Model) updateKeymap() {
	k := &m.keys
	k.Reset()
	m.short = nil
	_, anyKey := m.front.(everyKeyQuits)
	switch {
	case m.quitting:
	case m.tooSmall() && !anyKey && m.front.takesText(&m.shared):
		k.Enable(&k.ForceQuit)
	case m.tooSmall() && !anyKey:
		k.Enable(&k.Quit, &k.ForceQuit)
	case m.busy != "":
		k.Enable(&k.ForceQuit)
	default:
		m.short = m.front.bindings(&m.shared)
	}
	m.withhold()
	if m.short == nil { // every enabled key but ctrl+c, which works everywhere
		for _, b := range k.All() {
			if b.Enabled() && b != &k.ForceQuit {
				m.short = append(m.short, *b)
			}
		}
	}
	if len(m.short) == 0 {
		m.short = append(m.short, k.ForceQuit)
	}
	m.short = exitsFirst(m.short, k)
}

// exitsFirst orders the footer so that the way out of the view (quit, back,
// cancel, close, done) and then help come first: when the footer is cut at
// the terminal's edge, what goes is an action the help view also lists,
// never how to leave.
func exitsFirst(short []key.Binding, k *keymap.KeyMap) []key.Binding {
	rank := func(b key.Binding) int {
		switch b.Help() {
		case k.Quit.Help(), k.Back.Help(), k.Cancel.Help(), k.Close.Help(), k.Done.Help(),
			k.Yes.Help(), k.No.Help(), k.AnyKey.Help():
			return 0
		case k.Help.Help():
			return 1
		}
		return 2
	}
	slices.SortStableFunc(short, func(a, b key.Binding) int { return rank(a) - rank(b) })
	return short
}

// headerView names the account, region and credential source, and says
// plainly when this is the sandbox.
func (m *Model) headerView() string {
	st := m.styles
	svc := m.cfg.Service
	line1 := st.Header.Title.Render("twilio-keys")
	if svc.IsSandbox() {
		line1 += " " + st.Header.Badge.Render("SANDBOX")
	}
	if blocked := accountBlocked(m.account); blocked != "" {
		line1 += " " + st.Header.Badge.Render(strings.ToUpper(sanitize.Line(blocked, 16)))
	}
	name := m.accountTitle()
	if m.state() == stateConnecting || m.awaiting {
		name = "Connecting…"
	}
	line1 += "  " + st.Header.Account.Render(sanitize.Line(name, m.width))
	details := []string{}
	if m.account.SID != "" {
		details = append(details, sanitize.Line(m.account.SID, sidWidth))
	}
	details = append(details, "region "+sanitize.Line(svc.Region(), 16))
	if m.cfg.Source != "" {
		details = append(details, "credentials from "+sanitize.Line(m.cfg.Source, 32))
	}
	line2 := strings.Join(details, " · ")
	if ansi.StringWidth(line2) > m.width { // drop the words before dropping the facts
		line2 = strings.NewReplacer("region ", "", "credentials from ", "via ").Replace(line2)
	}
	lines := []string{line1, st.Header.Dim.Render(line2)}
	if svc.IsSandbox() {
		hint := "Sandbox: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN to manage a real account"
		if m.width < len(hint) {
			hint = "Real account: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN"
		}
		lines = append(lines, st.Header.Hint.Render(hint))
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, m.width, "…")
	}
	return strings.Join(lines, "\n")
}

// accountTitle names the shown account and, for a subaccount, its parent.
func (m *Model) accountTitle() string {
	a := &m.account
	switch {
	case !a.IsSubaccount():
		return a.FriendlyName
	case a.OwnerAccountSID == m.home.SID && a.SID != m.home.SID:
		return a.FriendlyName + " (subaccount of " + m.home.FriendlyName + ")"
	}
	return a.FriendlyName + " (subaccount of " + a.OwnerAccountSID + ")"
}

// footerView is the status line over the keys that work right now.
func (m *Model) footerView() string {
	// bubbles' help can overrun its width by one item when no ellipsis fits.
	return m.statusView() + "\n" + ansi.Truncate(m.help.ShortHelpView(m.short), m.width, "…")
}

// modalWidth is the text width inside a dialog box.
func (m *shared) modalWidth() int { return min(m.width-2, 80) - 6 }

// modal draws a titled dialog centred in the body. When the body is short it
// drops the blank lines between sections, then the box itself, rather than
// hide anything.
func (m *shared) modal(title string, sections []string, danger bool) string {
	box, titleStyle := m.styles.Modal.Box, m.styles.Modal.Title
	if danger {
		box, titleStyle = m.styles.Modal.DangerBox, m.styles.Modal.DangerTitle
	}
	for _, sep := range []string{"\n\n", "\n"} {
		boxed := box.Width(m.modalWidth() + 4).Render(titleStyle.Render(title) + sep + strings.Join(sections, sep))
		if lipgloss.Height(boxed) <= m.bodyHeight {
			return lipgloss.Place(m.width, m.bodyHeight, lipgloss.Center, lipgloss.Center, boxed)
		}
	}
	return titleStyle.Render(title) + "\n" + strings.Join(sections, "\n")
}
