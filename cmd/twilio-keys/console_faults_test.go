package main

import (
	"bytes"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
	"github.com/twilio-keys/twilio-keys/ui"
)

// TestConsoleUnderFaults runs the console, with the real client, against a
// sandbox whose key listing hangs and then fails. While the listing hangs
// the console must still answer keys (help opens, the filter takes text);
// when it fails the screen must say what failed and how to retry; and once
// the faults stop, R must load the keys.
func TestConsoleUnderFaults(t *testing.T) {
	hold := make(chan struct{})
	var on atomic.Bool
	on.Store(true)
	srv := faultyListingSandbox(t, sandbox.Faults{ErrorRate: 1, Kinds: []sandbox.FaultKind{sandbox.Fault500, sandbox.Fault503}, Hold: hold, Enabled: &on, Seed: 1})
	client, err := twilio.New(twilio.Credentials{AccountSID: srv.AccountSID(), AuthToken: srv.AuthToken()}, twilio.Options{
		BaseURL: srv.URL(), Sandbox: true,
		// The client retries the failed listing as usual, only without
		// waiting seconds between attempts.
		Retry: twilio.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}

	tm := teatest.NewTestModel(t, ui.New(ui.Config{Service: client, Source: "sandbox"}), teatest.WithInitialTermSize(100, 30))
	t.Cleanup(func() {
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
		tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	})
	waitForScreen(t, tm, "Sandbox Account", "Loading keys")

	// The listing hangs in the sandbox; the console keeps answering.
	tm.Send(runes("?"))
	waitForScreen(t, tm, "Help")
	tm.Send(runes("?"))
	waitForScreen(t, tm, "Loading keys")
	tm.Send(runes("/"))
	tm.Type("prod")
	waitForScreen(t, tm, "prod")

	// Released, the listing fails on every attempt.
	close(hold)
	waitForScreen(t, tm, "Could not list keys", "Press R to try again")

	// The faults stop; R lists the keys.
	on.Store(false)
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc}) // leave the filter, so R is a key, not a letter
	tm.Send(runes("R"))
	waitForScreen(t, tm, "prod-billing-worker", "ci-deploy-bot")
}

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// waitForScreen waits until the console has drawn every one of texts since
// the last wait.
func waitForScreen(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(out []byte) bool {
		for _, s := range texts {
			if !bytes.Contains(out, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// faultyListingSandbox starts an in-memory sandbox where only listing keys
// meets the faults, so that the console gets past fetching the account to
// the list.
func faultyListingSandbox(t *testing.T, faults sandbox.Faults) *sandbox.Server {
	t.Helper()
	wrap := func(h http.Handler) http.Handler {
		faulty := faults.Wrap(h)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/Keys.json") {
				faulty.ServeHTTP(w, r)
				return
			}
			h.ServeHTTP(w, r)
		})
	}
	return sandboxtest.Start(t, sandbox.Options{Wrap: wrap})
}
