package main

import (
	"context"
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// TestRealTerminalDeleteBySuffixThenEnter is issue 12's first finding as an
// operator revoking a leaked key meets it: the wrong four characters and
// Enter say they do not match and delete nothing; the right four and Enter
// delete the key (the focus moved to Delete by itself), and say so.
func TestRealTerminalDeleteBySuffixThenEnter(t *testing.T) {
	srv, client := startSandbox(t)
	ctx := context.Background()
	k, err := client.CreateKey(ctx, "e2e-leaked", twilio.KeyTypeStandard)
	if err != nil {
		t.Fatal(err)
	}
	term := startTerminal(t, 80, 24, consoleEnv(srv), binary(t), "--base-url", srv.URL(), "--clipboard", "off")
	term.waitForText("Sandbox Account", "e2e-leaked") // the newest key, under the cursor
	term.keys("d")
	term.waitForText("Delete API key?", k.SID)

	wrong := "ffff"
	if strings.EqualFold(k.SID[len(k.SID)-4:], wrong) {
		wrong = "0000"
	}
	term.typeText(wrong)
	term.keys("Enter")
	term.waitForText("doesn't match the end of the SID")
	if _, err := client.FetchKey(ctx, k.SID); err != nil {
		t.Fatalf("after the wrong suffix the key is gone: %v", err)
	}

	term.keys("BSpace", "BSpace", "BSpace", "BSpace")
	term.typeText(k.SID[len(k.SID)-4:])
	term.keys("Enter")
	term.waitForText("Deleted e2e-leaked (" + k.SID + ")")
	if _, err := client.FetchKey(ctx, k.SID); !twilio.IsNotFound(err) {
		t.Fatalf("after the right suffix and Enter, fetching the key gives %v, want not found", err)
	}
	term.keys("q")
	if code := term.waitForExit(); code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", code, term.stderr())
	}
}
