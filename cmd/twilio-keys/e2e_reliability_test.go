package main

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
)

// TestRealTerminalUnderFaults is TestConsoleUnderFaults with the built
// binary in tmux: while the sandbox holds the key listing, help opens and
// the filter takes text; when the listing fails (429s, retried as the
// client always does) the screen says what failed and how to retry; once
// the faults stop, R lists the keys.
func TestRealTerminalUnderFaults(t *testing.T) {
	requireTmux(t)
	hold := make(chan struct{})
	var on atomic.Bool
	on.Store(true)
	srv := faultyListingSandbox(t, sandbox.Faults{ErrorRate: 1, Kinds: []sandbox.FaultKind{sandbox.Fault429}, Hold: hold, Enabled: &on})

	term := startTerminal(t, 100, 30, consoleEnv(srv), binary(t), "--base-url", srv.URL())
	term.waitForText("Sandbox Account", "Loading keys")
	term.keys("?")
	term.waitForText("Help")
	term.keys("?")
	term.waitForText("Loading keys")
	term.keys("/")
	term.waitForText("name or SID") // the filter has the keyboard: "/" and the text must not arrive as one key
	term.typeText("prod")
	term.waitForText("prod")

	close(hold) // each retry now gets a 429 asking for a second's wait
	term.waitForText("Could not list keys", "HTTP 429", "Press R to try again")

	on.Store(false)
	term.keys("Escape")
	term.waitFor("the filter to close", func(s string) bool { return !strings.Contains(s, "prod") })
	term.keys("R")
	term.waitForText("prod-billing-worker", "ci-deploy-bot")
	term.keys("q")
	if code := term.waitForExit(); code != 0 {
		t.Fatalf("exit status %d, want 0; stderr:\n%s", code, term.stderr())
	}
}

// TestRealTerminalPanicRestoresTerminal is the panic test on a real
// terminal: the console, with a secret on screen, panics in Update. Bubble
// Tea must hand the terminal back as it found it (the stty settings before
// and after are equal, so raw mode is off and echo back on), the screen left
// behind must not show the secret, and the panic message must hide it.
func TestRealTerminalPanicRestoresTerminal(t *testing.T) {
	requireTmux(t)
	dir := t.TempDir()
	before, after := filepath.Join(dir, "stty-before"), filepath.Join(dir, "stty-after")
	script := "stty -g >" + shellQuote(before) + "; " +
		shellQuote(os.Args[0]) + " -test.run='^TestReliabilityHelper$' -- update-formats-key; code=$?; " +
		"stty -g >" + shellQuote(after) + "; exit $code"
	env := map[string]string{
		helperRoleEnv: "panicking-console-tty",
		// Under -race, Bubble Tea's kill path (closing its input file under
		// its read loop) is reported; the report goes to stderr, but must
		// not change the exit status this test reads.
		"GORACE": "exitcode=0",
	}
	term := startTerminal(t, 100, 30, env, "sh", "-c", script)
	term.waitForText("existing-key")
	term.keys("n")
	term.waitForText("Create API key")
	term.typeText("leaky")
	term.keys("Enter")
	term.waitForText(panicSecret)
	term.keys("!")
	if code := term.waitForExit(); code != 0 {
		t.Fatalf("exit status %d, want 0 (a recovered panic); stderr:\n%s", code, term.stderr())
	}

	// All that the terminal holds, scrollback included, with wrapped lines
	// joined so that a secret cannot hide across a line break.
	screen := term.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "0")
	if strings.Contains(screen, panicSecret) {
		t.Errorf("the secret is in what the terminal holds after the program:\n%s", screen)
	}
	if !strings.Contains(screen, "Caught panic") || !strings.Contains(screen, "Secret:<hidden>") {
		t.Errorf("the screen does not show the panic with the secret hidden:\n%s", screen)
	}
	if strings.Contains(term.stderr(), panicSecret) {
		t.Error("the secret was written to stderr")
	}
	b, errB := os.ReadFile(before)
	a, errA := os.ReadFile(after)
	if errB != nil || errA != nil {
		t.Fatalf("reading the terminal settings: %v, %v", errB, errA)
	}
	if string(a) != string(b) {
		t.Errorf("the terminal settings changed across the panic:\nbefore %s\nafter  %s", b, a)
	}
}
