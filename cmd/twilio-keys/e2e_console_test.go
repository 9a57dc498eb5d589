package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

var (
	secretOnScreen = regexp.MustCompile(`Secret\s+([A-Za-z0-9]{32})\b`)
	sidOnScreen    = regexp.MustCompile(`SID\s+(SK[0-9a-f]{32})\b`)
)

// startSandbox runs an in-memory sandbox for one test and returns it with a
// client on its demo account, for checking what the console did.
func startSandbox(t *testing.T) (*sandbox.Server, *twilio.Client) {
	t.Helper()
	srv := sandboxtest.Start(t, sandbox.Options{})
	return srv, demoClient(t, srv)
}

// demoClient is a client of srv's demo account, as cmd builds one for a
// sandbox.
func demoClient(t *testing.T, srv *sandbox.Server) *twilio.Client {
	t.Helper()
	client, err := twilio.New(twilio.Credentials{AccountSID: srv.AccountSID(), AuthToken: srv.AuthToken()},
		twilio.Options{BaseURL: srv.URL(), Sandbox: true})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// consoleEnv is the environment that points the console at srv.
func consoleEnv(srv *sandbox.Server) map[string]string {
	return map[string]string{"TWILIO_ACCOUNT_SID": srv.AccountSID(), "TWILIO_AUTH_TOKEN": srv.AuthToken()}
}

// TestRealTerminalKeyLifecycle is a user's first session: create a key, read
// its secret off the screen, copy it, confirm it was saved, find the key in
// the list, rename it and delete it, at the smallest common terminal size and
// a large one.
func TestRealTerminalKeyLifecycle(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			srv, client := startSandbox(t)
			ctx := context.Background()
			term := startTerminal(t, size.w, size.h, consoleEnv(srv),
				binary(t), "--base-url", srv.URL(), "--clipboard", "osc52")
			term.waitForText("Sandbox Account", "SANDBOX", "keys")

			name := fmt.Sprintf("e2e-lifecycle-%dx%d", size.w, size.h)
			term.keys("n")
			term.waitForText("Create API key", "0/64")
			term.typeText(name)
			term.waitForText(fmt.Sprintf("%d/64", len(name)))
			term.keys("Enter")
			screen := term.waitForText("New API key created", "only time the secret will be shown")

			secretMatch, sidMatch := secretOnScreen.FindStringSubmatch(screen), sidOnScreen.FindStringSubmatch(screen)
			if secretMatch == nil || sidMatch == nil {
				t.Fatalf("the modal does not show a 32-character secret and a key SID:\n%s", screen)
			}
			secret, sid := secretMatch[1], sidMatch[1]

			// The secret on screen is the real one: Twilio (the sandbox) accepts it.
			if err := client.CheckKey(ctx, sid, secret); err != nil {
				t.Fatalf("the secret shown does not authenticate: %v", err)
			}

			term.keys("c")
			term.waitForText("OSC 52")
			if got := term.clipboardBuffer(); got != secret {
				t.Fatalf("clipboard holds %q, want the secret", got)
			}

			// Done does nothing until the user says the secret is saved.
			term.keys("Enter")
			term.waitForText("New API key created")
			term.keys("Space")
			term.waitForText("[x]")
			term.keys("Enter")
			screen = term.waitFor("the list with the new key", func(s string) bool {
				return strings.Contains(s, name) && !strings.Contains(s, "New API key created")
			})
			if strings.Contains(term.everything(), secret) {
				t.Fatalf("the secret is still on screen after Done:\n%s", screen)
			}

			// Find it, rename it.
			term.keys("/")
			term.waitForText("name or SID") // the filter has the keyboard: "/" and the text must not arrive as one key
			term.typeText(name)
			term.keys("Enter")
			term.waitForText("1 of 1")
			renamed := name + "-renamed"
			term.keys("r")
			term.waitForText("Rename")
			term.typeText("-renamed")
			term.keys("Enter")
			// Not just the new name: it is in the field while it is typed, before
			// the sandbox has it. The flash comes once the rename is saved.
			term.waitForText("Renamed " + sid + " to " + renamed)
			if k, err := client.FetchKey(ctx, sid); err != nil || k.FriendlyName != renamed {
				t.Fatalf("after rename the sandbox has %q (err %v), want %q", k.FriendlyName, err, renamed)
			}

			// Delete it: Cancel is focused, and only the SID's last four characters
			// move the focus to Delete.
			term.keys("d")
			term.waitForText("Delete API key?", sid)
			term.typeText(sid[len(sid)-4:])
			term.keys("Enter")
			term.waitForText("Deleted " + renamed)
			if _, err := client.FetchKey(ctx, sid); !twilio.IsNotFound(err) {
				t.Fatalf("after delete, fetching the key gives %v, want not found", err)
			}

			// Escape and q sent together would read as alt+q, as in any terminal.
			term.keys("Escape")
			term.waitFor("the filter to clear", func(s string) bool { return !strings.Contains(s, "esc clears the filter") })
			term.keys("q")
			if code := term.waitForExit(); code != 0 {
				t.Fatalf("exit status %d, want 0; stderr:\n%s", code, term.stderr())
			}
			if strings.Contains(term.stderr(), secret) {
				t.Fatal("the secret was written to stderr")
			}
		})
	}
}

// TestRealTerminalRejectedCredentials: a wrong Auth Token gets the screen that
// explains why, and exit status 4 after a key press.
func TestRealTerminalRejectedCredentials(t *testing.T) {
	srv, _ := startSandbox(t)
	env := consoleEnv(srv)
	env["TWILIO_AUTH_TOKEN"] = strings.Repeat("0", 32)
	term := startTerminal(t, 80, 24, env, binary(t), "--base-url", srv.URL())
	screen := term.waitForText("Twilio refused these credentials")
	if !strings.Contains(screen, "Standard") || !strings.Contains(screen, "Auth Token") {
		t.Fatalf("the screen does not explain both causes:\n%s", screen)
	}
	term.keys("Space")
	if code := term.waitForExit(); code != exitRejected {
		t.Fatalf("exit status %d, want %d", code, exitRejected)
	}
	if strings.Contains(term.stderr(), env["TWILIO_AUTH_TOKEN"]) {
		t.Fatal("the Auth Token was printed")
	}
}

// TestRealTerminalNoColour: NO_COLOR and TERM=dumb draw the same screen with
// no colour at all; an ordinary terminal gets colour, so the check can fail.
func TestRealTerminalNoColour(t *testing.T) {
	colour := regexp.MustCompile(`\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7])[;m]`)
	for _, tt := range []struct {
		name       string
		env        string
		wantColour bool
	}{
		{"NO_COLOR", "NO_COLOR", false},
		{"TERM=dumb", "TERM", false},
		{"colour terminal", "", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := startSandbox(t)
			env := consoleEnv(srv)
			switch tt.env {
			case "NO_COLOR":
				env["NO_COLOR"] = "1"
			case "TERM":
				env["TERM"] = "dumb"
			}
			term := startTerminal(t, 80, 24, env, binary(t), "--base-url", srv.URL())
			term.waitForText("Sandbox Account", "keys")
			if got := colour.MatchString(term.screenWithColours()); got != tt.wantColour {
				t.Fatalf("colour on screen = %v, want %v:\n%q", got, tt.wantColour, term.screenWithColours())
			}
		})
	}
}
