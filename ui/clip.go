package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// clipState tracks copies that held a secret, so the clipboard can be cleared
// after Config.ClearAfter and at exit. seq lets only the latest timer act.
type clipState struct {
	seq   int
	dirty bool // a secret may still be on the clipboard
}

// copyCmd copies text in a Cmd: a native clipboard tool may take a moment.
func copyCmd(cb Clipboard, what, text string, secret bool) tea.Cmd {
	return func() tea.Msg {
		if cb == nil {
			return copiedMsg{what: what, secret: secret, result: CopyResult{Msg: "clipboard is off; select the text to copy it"}}
		}
		return copiedMsg{what: what, secret: secret, result: cb.Copy(text)}
	}
}

// copied says honestly what the clipboard did, and arms the auto-clear when a
// secret went there.
func (m Model) copied(msg copiedMsg) (Model, tea.Cmd) {
	cmd := m.flash(msg.what + ": " + msg.result.Describe())
	if !msg.secret || !msg.result.OK || m.cfg.Clipboard == nil {
		return m, cmd
	}
	m.clip.dirty = true
	if m.cfg.ClearAfter <= 0 {
		return m, cmd
	}
	m.clip.seq++
	seq := m.clip.seq
	clear := tea.Tick(m.cfg.ClearAfter, func(time.Time) tea.Msg { return clearClipboardMsg{seq: seq} })
	return m, tea.Batch(cmd, clear)
}

// clearClipboard runs when an auto-clear timer fires; a newer copy has its own.
func (m *Model) clearClipboard(msg clearClipboardMsg) tea.Cmd {
	if msg.seq != m.clip.seq || !m.clip.dirty {
		return nil
	}
	m.clip.dirty = false
	cb := m.cfg.Clipboard
	return func() tea.Msg { return clipboardClearedMsg{result: cb.ClearIfUnchanged()} }
}

// clearClipboardAtExit clears a secret copy still pending when the program ends.
func (m *Model) clearClipboardAtExit() {
	if m.clip.dirty && m.cfg.Clipboard != nil {
		m.cfg.Clipboard.ClearIfUnchanged()
	}
}
