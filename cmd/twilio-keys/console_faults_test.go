package main

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
	"github.com/twilio-keys/twilio-keys/ui"
	"github.com/twilio-keys/twilio-keys/ui/uitest"
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
		uitest.Send(tm, "ctrl+c")
		tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	})
	uitest.WaitFor(t, tm, "Sandbox Account", "Loading keys")

	// The listing hangs in the sandbox; the console keeps answering.
	uitest.Send(tm, "?")
	uitest.WaitFor(t, tm, "Help")
	uitest.Send(tm, "?")
	uitest.WaitFor(t, tm, "Loading keys")
	uitest.Send(tm, "/")
	tm.Type("prod")
	uitest.WaitFor(t, tm, "prod")

	// Released, the listing fails on every attempt.
	close(hold)
	uitest.WaitFor(t, tm, "Could not list keys", "Press R to try again")

	// The faults stop; R lists the keys.
	on.Store(false)
	uitest.Send(tm, "esc") // leave the filter, so R is a key, not a letter
	uitest.Send(tm, "R")
	uitest.WaitFor(t, tm, "prod-billing-worker", "ci-deploy-bot")
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
