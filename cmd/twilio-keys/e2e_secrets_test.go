package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRealTerminalSecretLeavesNoTrace is a session on the embedded sandbox,
// its state in a real file: create a key, copy its secret, confirm, quit.
// Afterwards the secret is in no file the program or the sandbox wrote (the
// state directory, the home directory, anything else under the session's
// directory) and not in stderr, as text or base64.
func TestRealTerminalSecretLeavesNoTrace(t *testing.T) {
	term := startTerminal(t, 80, 24, nil, binary(t), "--clipboard", "osc52")
	// HOME is the session's own directory, so the state lands in
	// ~/.local/state/twilio-keys under it.
	term.waitForText("SANDBOX", "keys")
	secret := term.createOnScreen("hygiene-check")
	term.keys("c")
	term.waitForText("OSC 52")
	term.keys("Space")
	term.waitForText("[x]")
	term.keys("Enter")
	term.waitForText("Created hygiene-check")
	term.keys("q")
	if code := term.waitForExit(); code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", code, term.stderr())
	}

	state := filepath.Join(term.dir, ".local", "state", "twilio-keys", "sandbox.db")
	if _, err := os.Stat(state); err != nil {
		t.Fatalf("the sandbox kept no state where expected: %v", err)
	}
	files, holding := filesWithSecret(t, term.dir, secret)
	for _, path := range holding {
		t.Errorf("%s holds the secret", path)
	}
	if files < 3 { // the state file, stderr, the exit status at least
		t.Fatalf("only %d files under %s: the walk saw too little", files, term.dir)
	}
}
