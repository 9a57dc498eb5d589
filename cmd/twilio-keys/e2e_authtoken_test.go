package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio"
)

var secondaryOnScreen = regexp.MustCompile(`Secondary\s+([0-9a-f]{32})`)

// TestRealTerminalAuthTokenRotation rotates the Auth Token the console signs
// in with, as an operator would, against the sandbox: the secondary token
// authenticates before the promotion, the old primary is refused after it,
// and the console goes on working on the new token without a restart. No
// token is left in any file the session wrote, in stderr, or on screen or in
// scrollback once its modal has closed.
func TestRealTerminalAuthTokenRotation(t *testing.T) {
	srv, client := startSandbox(t)
	ctx := context.Background()
	oldToken := srv.AuthToken()
	oldLast4 := oldToken[len(oldToken)-4:]

	term := startTerminal(t, 100, 30, consoleEnv(srv), binary(t), "--base-url", srv.URL(), "--clipboard", "off")
	term.waitForText("Sandbox Account", "keys")
	term.keys("t")
	term.waitForText("Auth Tokens", "Primary", "••••"+oldLast4, "unknown: Twilio's API does not say")

	term.keys("o")
	term.waitForText("step 1 of 5")
	term.keys("Enter")
	screen := term.waitForText("step 2 of 5", "This is the only time this Auth Token will be shown")
	m := secondaryOnScreen.FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no secondary token on screen:\n%s", screen)
	}
	secondary := m[1]
	// Before the promotion both tokens work.
	if err := client.CheckAuthToken(ctx, secondary); err != nil {
		t.Fatalf("the secondary token shown does not authenticate before promotion: %v", err)
	}
	if _, err := client.FetchAccount(ctx); err != nil {
		t.Fatalf("the primary stopped working before promotion: %v", err)
	}

	term.keys("Enter") // not ticked: the modal stays
	term.waitForText("Tick the box with space once the secondary Auth Token is saved")
	term.keys("Space")
	term.waitForText("[x] I have saved the secondary Auth Token")
	term.keys("Enter")
	term.waitForText("step 3 of 5", "Functions (Classic)")
	if strings.Contains(term.everything(), secondary) {
		t.Fatal("the secondary token is still on screen or in scrollback after its modal closed")
	}
	term.keys("Space", "Enter")
	term.waitForText("step 4 of 5", "✓ Twilio accepts the secondary token")
	term.keys("Enter")
	term.waitForText("step 5 of 5", "ending "+oldLast4)

	// A wrong suffix promotes nothing.
	wrong := "0000"
	if strings.EqualFold(oldLast4, wrong) {
		wrong = "ffff"
	}
	term.typeText(wrong)
	term.keys("Enter")
	term.waitForText("Type the last 4 characters of the current Auth Token")
	if _, err := client.FetchAccount(ctx); err != nil {
		t.Fatalf("after a wrong suffix the old token stopped working: %v", err)
	}
	term.keys("BSpace", "BSpace", "BSpace", "BSpace")
	term.typeText(oldLast4)
	term.keys("Enter")
	term.waitForText("The secondary token is the primary now", "(ending "+secondary[28:]+")", "TWILIO_AUTH_TOKEN in your environment")

	// The old primary is refused at once; the console carries on with the
	// new token: back to the list, which it lists again, then a new key.
	if _, err := client.FetchAccount(ctx); !twilio.IsAuthError(err) {
		t.Fatalf("the old primary after promotion: %v, want refused", err)
	}
	term.keys("Enter")
	term.waitForText("Auth Token rotated", "keys")
	term.keys("n")
	term.waitForText("Create API key")
	term.typeText("after-token-rotation")
	term.keys("Enter")
	term.waitForText("New API key created")
	term.keys("Space", "Enter")
	term.waitForText("Created after-token-rotation")
	term.keys("t")
	term.waitForText("••••"+secondary[28:], "none: promoted to primary at")
	term.keys("Escape")
	// Wait for the list before q: an escape followed at once by q reads as alt+q.
	term.waitFor("the list", func(s string) bool { return !strings.Contains(s, "none: promoted") && strings.Contains(s, "keys") })
	if strings.Contains(term.everything(), secondary) {
		t.Error("the new Auth Token is on screen or in the scrollback")
	}
	term.keys("q")
	if code := term.waitForExit(); code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", code, term.stderr())
	}
	files, holding := filesWithSecret(t, term.dir, secondary)
	for _, path := range holding {
		t.Errorf("%s holds the new Auth Token", path)
	}
	if files < 2 { // stderr and the exit status at least
		t.Fatalf("only %d files under %s: the walk saw too little", files, term.dir)
	}
}
