package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// TestRealTerminalRotation rotates a key as an operator would: the
// replacement is created and its secret shown once, the console proves the
// new key authenticates, and the old key goes only after its SID's last four
// characters are typed correctly.
func TestRealTerminalRotation(t *testing.T) {
	srv, client := startSandbox(t)
	ctx := context.Background()
	old, err := client.CreateKey(ctx, "e2e-rotate-me", twilio.KeyTypeStandard)
	if err != nil {
		t.Fatal(err)
	}

	term := startTerminal(t, 80, 24, consoleEnv(srv), binary(t), "--base-url", srv.URL(), "--clipboard", "off")
	term.waitForText("Sandbox Account", "keys")
	term.keys("/")
	term.waitForText("name or SID") // the filter has the keyboard: "/" and the text must not arrive as one key
	term.typeText("e2e-rotate-me")
	term.keys("Enter")
	term.waitForText("1 of 1")

	term.keys("o")
	term.waitForText("step 1 of 4", "> "+time.Now().Format("2006-01-02")+" e2e-rotate-me") // the date first, so the two differ at a glance
	term.keys("Enter")
	screen := term.waitForText("step 2 of 4", "New key works")
	secretMatch, sidMatch := secretOnScreen.FindStringSubmatch(screen), sidOnScreen.FindStringSubmatch(screen)
	if secretMatch == nil || sidMatch == nil {
		t.Fatalf("the rotation's secret modal shows no SID and secret:\n%s", screen)
	}
	newSID, newSecret := sidMatch[1], secretMatch[1]
	if err := client.CheckKey(ctx, newSID, newSecret); err != nil {
		t.Fatalf("the replacement's secret does not authenticate: %v", err)
	}

	term.keys("Space")
	term.waitForText("[x]")
	term.keys("Enter")
	term.waitForText("step 4 of 4", "✓ works")

	// A wrong suffix deletes nothing.
	term.keys("d")
	term.waitForText("Delete API key?", old.SID)
	wrong := "ffff"
	if strings.EqualFold(old.SID[len(old.SID)-4:], wrong) {
		wrong = "0000"
	}
	term.typeText(wrong)
	term.keys("Tab", "Enter")
	term.waitForText("doesn't match the end of the SID")
	if _, err := client.FetchKey(ctx, old.SID); err != nil {
		t.Fatalf("after a wrong suffix the old key is gone: %v", err)
	}

	// Delete keeps the focus; correct the suffix and press it again.
	term.keys("BSpace", "BSpace", "BSpace", "BSpace")
	term.typeText(old.SID[len(old.SID)-4:])
	term.keys("Enter")
	screen = term.waitForText("Rotation done")
	if strings.Contains(term.everything(), newSecret) {
		t.Fatalf("the secret is still on screen after the rotation:\n%s", screen)
	}
	if _, err := client.FetchKey(ctx, old.SID); !twilio.IsNotFound(err) {
		t.Fatalf("after the rotation, the old key: %v, want not found", err)
	}
	if k, err := client.FetchKey(ctx, newSID); err != nil || !regexp.MustCompile(`^\d{4}-\d{2}-\d{2} e2e-rotate-me$`).MatchString(k.FriendlyName) {
		t.Fatalf("after the rotation, the new key: %+v, %v", k, err)
	}

	term.keys("Escape")
	term.waitFor("the filter to clear", func(s string) bool { return !strings.Contains(s, "esc clears the filter") })
	term.keys("q")
	if code := term.waitForExit(); code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", code, term.stderr())
	}
	if strings.Contains(term.stderr(), newSecret) {
		t.Fatal("the secret was written to stderr")
	}
}
