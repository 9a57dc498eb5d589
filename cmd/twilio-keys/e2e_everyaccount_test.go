package main

import (
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// TestRealTerminalEveryAccount opens the all-accounts view of the real
// binary in tmux on the sandbox: a subaccount's keys appear with its name
// in the ACCOUNT column, a closed subaccount says it was skipped, and one
// whose keys cannot be listed shows Twilio's error, escaped, in its row and
// in full in the status line when selected.
func TestRealTerminalEveryAccount(t *testing.T) {
	var failing atomic.Value
	failing.Store("")
	w := reportWorld(t, sandbox.Options{Wrap: refuseKeysOf(&failing)})
	sub := func(name string) string {
		return sandboxtest.PostAsDemo(t, w.srv, "/2010-04-01/Accounts.json", url.Values{"FriendlyName": {name}})["sid"].(string)
	}
	okSID := sub("team-ok")
	ok, err := w.client.ForAccount(okSID)
	if err != nil {
		t.Fatal(err)
	}
	createKey(t, ok, "team-ok-worker")
	failing.Store(sub("team-failing"))
	closed := sub("team-closed")
	sandboxtest.PostAsDemo(t, w.srv, "/2010-04-01/Accounts/"+closed+".json", url.Values{"Status": {"closed"}})

	term := startTerminal(t, 120, 30, consoleEnv(w.srv), binary(t), "--base-url", w.srv.URL(), "--clipboard", "off")
	term.waitForText("Sandbox Account", "keys")
	term.keys("A")
	screen := term.waitForText("Every account's keys", "team-ok-worker", "closed: skipped", "✗ Could not list keys", "in 5 accounts · 1 closed · ✗ 1 failed")
	if !strings.Contains(screen, "team-ok               team-ok-worker") {
		t.Errorf("the subaccount's key is not shown with its account:\n%s", screen)
	}
	term.keys("/")
	term.waitForText("name or SID")
	term.typeText("team-failing")
	term.keys("Enter")
	screen = term.waitForText("1 match", "team-failing: ✗ Could not list keys")
	if !strings.Contains(screen, `Permission \u001b[2Jdenied`) {
		t.Errorf("the error in full is not in the status line, escaped:\n%s", screen)
	}
	term.keys("q")
	if code := term.waitForExit(); code != exitOK {
		t.Fatalf("exit status %d, stderr: %s", code, term.stderr())
	}
}
