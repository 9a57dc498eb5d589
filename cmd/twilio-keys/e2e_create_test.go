package main

import (
	"context"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// TestRealTerminalCreateMainWithArrows is issue 12's second finding: moving
// the cursor down onto Main and pressing Enter creates a Main key (before,
// only space picked an option, and Enter made a Standard key, which the app
// using it found out later with 20003). The sandbox proves the type: only a
// Main key may list keys.
func TestRealTerminalCreateMainWithArrows(t *testing.T) {
	srv, _ := startSandbox(t)
	term := startTerminal(t, 80, 24, consoleEnv(srv), binary(t), "--base-url", srv.URL(), "--clipboard", "off")
	term.waitForText("Sandbox Account", "keys")
	term.keys("n")
	term.waitForText("Create API key", "creates a Standard key")
	term.typeText("e2e-admin")
	term.keys("Down", "Down") // past Standard, onto Main
	term.waitForText("creates a Main key")
	term.keys("Enter")
	screen := term.waitForText("New API key created")
	secret, sid := secretOnScreen.FindStringSubmatch(screen), sidOnScreen.FindStringSubmatch(screen)
	if secret == nil || sid == nil {
		t.Fatalf("no SID and secret on screen:\n%s", screen)
	}
	asKey, err := twilio.New(twilio.Credentials{AccountSID: srv.AccountSID(), APIKey: sid[1], APISecret: secret[1]},
		twilio.Options{BaseURL: srv.URL(), Sandbox: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := asKey.ListKeys(context.Background(), 50, func([]twilio.Key) error { return nil }); err != nil {
		t.Fatalf("the new key cannot list keys, so it is not a Main key: %v", err)
	}
	term.keys("Space", "Enter")
	term.waitForText("Created e2e-admin")
	term.keys("q")
	if code := term.waitForExit(); code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", code, term.stderr())
	}
}
