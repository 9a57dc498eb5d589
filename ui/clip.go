package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/ui/clipboard"
)

// clipState tracks whether the clipboard may still hold a secret, so it can
// be cleared after Config.ClearAfter and at quit. seq counts successful
// copies: a timer clears only if no copy came after the one that armed it.
type clipState struct {
	seq    int
	secret bool // the last successful copy held the secret
}

// copyCmd copies in a Cmd: a system clipboard helper may take a moment.
func copyCmd(cb clipboard.Clipboard, what, text string, secret bool) tea.Cmd {
	return func() tea.Msg {
		if cb == nil {
			return copiedMsg{what: what, secret: secret, result: clipboard.Result{Method: clipboard.MethodOff}}
		}
		r, err := cb.Copy(text)
		return copiedMsg{what: what, secret: secret, result: r, err: err}
	}
}

// copied says honestly what the clipboard did, and arms the auto-clear when a
// secret went there.
func (m Model) copied(msg copiedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		m.fail(msg.err) // the clipboard package keeps the text out of its errors
		return m, nil
	}
	cmd := m.flash(msg.result.Describe(msg.what))
	if msg.result.Method == clipboard.MethodOff {
		return m, cmd
	}
	m.clip.seq++
	m.clip.secret = msg.secret
	if !msg.secret || m.cfg.ClearAfter <= 0 {
		return m, cmd
	}
	seq := m.clip.seq
	clear := tea.Tick(m.cfg.ClearAfter, func(time.Time) tea.Msg { return clearClipboardMsg{seq: seq} })
	return m, tea.Batch(cmd, clear)
}

// clearClipboard runs when an auto-clear timer fires; it clears only when the
// copy that armed it is still the last one and still on the clipboard.
func (m *Model) clearClipboard(msg clearClipboardMsg) tea.Cmd {
	if msg.seq != m.clip.seq || !m.clip.secret {
		return nil
	}
	m.clip.secret = false
	cb := m.cfg.Clipboard
	return func() tea.Msg {
		done, err := cb.ClearLastCopy()
		return clipboardClearedMsg{done: done, err: err}
	}
}

// clipboardCleared says what the clear did and no more: "Cleared" only when
// the system clipboard was read back; over OSC 52 the terminal was asked.
func (m Model) clipboardCleared(msg clipboardClearedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		m.fail(msg.err)
		return m, nil
	}
	text := msg.done.Describe("the secret")
	if text == "" {
		return m, nil
	}
	cmd := m.flash(text)
	return m, cmd
}

// clearClipboardAtExit clears a secret still on the clipboard when the program ends.
func (m *Model) clearClipboardAtExit() {
	if m.clip.secret && m.cfg.Clipboard != nil {
		_, _ = m.cfg.Clipboard.ClearLastCopy() // nowhere left to report a failure
	}
}
