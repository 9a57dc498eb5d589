// Package uitest holds what the console's tests in ui and cmd share: the key
// message a terminal sends for a key name, and waiting until a teatest
// program has drawn some text.
//
// It is for _test.go files only. It imports Bubble Tea and teatest and
// nothing of this module, so ui's own tests can use it without an import
// cycle and it brings neither the sandbox nor the client into ui.
package uitest

import (
	"bytes"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// WaitLimit bounds a wait: generous for -race on two loaded cores, and only
// ever reached when the text never comes (a wait returns as soon as it does).
const WaitLimit = 15 * time.Second

// keyTypes are the key names tests use, as Bubble Tea's String names them.
var keyTypes = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
	"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
	"space": tea.KeySpace, "backspace": tea.KeyBackspace, "ctrl+c": tea.KeyCtrlC,
	"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "ctrl+u": tea.KeyCtrlU, "ctrl+d": tea.KeyCtrlD,
	"home": tea.KeyHome, "end": tea.KeyEnd,
}

// Key is the key message a terminal sends for a key name ("enter", "esc",
// "ctrl+c", …) or, for anything else, for the runes of k typed at once.
func Key(k string) tea.KeyMsg {
	if t, ok := keyTypes[k]; ok {
		if t == tea.KeySpace {
			return tea.KeyMsg{Type: t, Runes: []rune{' '}}
		}
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// Send sends the key message of each key name to the program, in order.
func Send(tm *teatest.TestModel, keys ...string) {
	for _, k := range keys {
		tm.Send(Key(k))
	}
}

// WaitFor blocks until the program has drawn every one of texts since the
// last wait, and fails tb after WaitLimit.
func WaitFor(tb testing.TB, tm *teatest.TestModel, texts ...string) {
	tb.Helper()
	teatest.WaitFor(tb, tm.Output(), func(out []byte) bool {
		for _, s := range texts {
			if !bytes.Contains(out, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(WaitLimit), teatest.WithCheckInterval(10*time.Millisecond))
}
