package main

import (
	"strings"
	"testing"
)

// TestRealTerminalFooterShowsTheWayOut is issue 12's ninth finding: at 80x24
// the footer is cut at the edge, and what was cut was how to leave (the
// list's q, the secret modal's enter and esc). The way out and ? help come
// first now, whatever else is dropped.
func TestRealTerminalFooterShowsTheWayOut(t *testing.T) {
	srv, _ := startSandbox(t)
	term := startTerminal(t, 80, 24, consoleEnv(srv), binary(t), "--base-url", srv.URL(), "--clipboard", "off")
	footer := func(s string) string {
		lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
		return lines[len(lines)-1]
	}
	check := func(screen string, want ...string) {
		t.Helper()
		for _, w := range want {
			if f := footer(screen); !strings.Contains(f, w) {
				t.Errorf("the footer %q does not show %q", f, w)
			}
		}
	}
	check(term.waitForText("Sandbox Account", "keys"), "q quit", "? help")
	term.keys("n")
	check(term.waitForText("Create API key"), "esc cancel")
	term.typeText("footer-check")
	term.keys("Enter")
	check(term.waitForText("New API key created"), "enter done", "esc close")
	term.keys("Space", "Enter")
	term.waitForText("Created footer-check")
	term.keys("q")
	if code := term.waitForExit(); code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", code, term.stderr())
	}
}
