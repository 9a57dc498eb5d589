package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestRealTerminalClearsTmuxBuffers runs the console inside tmux with
// set-clipboard on, as many users do: each OSC 52 copy lands in a tmux
// paste buffer (prefix ] pastes it for the life of the server), and the
// empty OSC 52 that asks the terminal to forget it does not remove it.
// Issue 12, item 4: after the auto-clear, after the SID is copied over it,
// and after a quit before any clear, no buffer of that tmux server holds the
// secret, and the status line claims no clear it cannot confirm.
func TestRealTerminalClearsTmuxBuffers(t *testing.T) {
	for _, tt := range []struct {
		name  string
		clear string // --clipboard-clear
		end   func(term *terminal)
	}{
		{"auto-clear", "1s", func(term *terminal) {
			s := term.waitForText("Deleted the secret from tmux's buffers")
			if strings.Contains(s, "Cleared the secret") {
				t.Errorf("the console claims a clear it cannot confirm:\n%s", s)
			}
		}},
		// The SID replaces the secret, which no clear then looks at: the
		// copy that replaces it removes it from tmux's buffers.
		{"SID copied after the secret", "1h", func(term *terminal) {
			term.keys("s")
			term.waitFor("the SID in a tmux buffer", func(string) bool { return strings.HasPrefix(term.clipboardBuffer(), "SK") })
			term.waitForText("SID sent to the terminal")
		}},
		{"quit before the clear", "1h", func(term *terminal) {
			term.keys("Space")
			term.waitForText("[x]")
			term.keys("Enter")
			term.waitForText("Created tmux-clip")
			term.keys("q")
			if code := term.waitForExit(); code != 0 {
				t.Errorf("exit status %d; stderr:\n%s", code, term.stderr())
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			term := startTerminal(t, 80, 24, map[string]string{"TMUX": fromPane, "XDG_STATE_HOME": t.TempDir()},
				binary(t), "--clipboard", "osc52", "--clipboard-clear", tt.clear)
			term.waitForText("SANDBOX", "keys")
			secret := term.createOnScreen("tmux-clip")
			term.tmux("set-buffer", "-b", "mine", "the user's own copy")
			term.keys("c")
			term.waitFor("the secret in a tmux buffer", func(string) bool { return term.clipboardBuffer() == secret })

			tt.end(term)
			if held := buffersHolding(term, secret); len(held) > 0 {
				t.Errorf("tmux buffers %q still hold the secret", held)
			}
			if got := strings.TrimSpace(term.tmux("show-buffer", "-b", "mine")); got != "the user's own copy" {
				t.Errorf("the user's buffer holds %q", got)
			}
			if tt.name == "quit before the clear" {
				return
			}
			term.keys("Space")
			term.keys("Enter")
			term.waitForText("Created tmux-clip")
			term.keys("q")
			if code := term.waitForExit(); code != 0 {
				t.Errorf("exit status %d; stderr:\n%s", code, term.stderr())
			}
			if held := buffersHolding(term, secret); len(held) > 0 {
				t.Errorf("after quit, tmux buffers %q hold the secret", held)
			}
		})
	}
}

// buffersHolding names the buffers of term's tmux server whose content
// contains text.
func buffersHolding(term *terminal, text string) []string {
	term.t.Helper()
	var held []string
	for _, name := range strings.Split(strings.TrimSpace(term.tmux("list-buffers", "-F", "#{buffer_name}")), "\n") {
		if name == "" {
			continue
		}
		out, err := exec.Command("tmux", "-L", term.socket, "show-buffer", "-b", name).Output()
		if err == nil && strings.Contains(string(out), text) {
			held = append(held, name)
		}
	}
	return held
}
