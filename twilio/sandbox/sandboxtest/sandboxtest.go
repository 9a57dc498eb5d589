// Package sandboxtest starts sandboxes for tests and benchmarks: one per
// test, closed when the test ends, or one seeded with 100,000 keys and shared
// by every benchmark of a test binary.
//
// It is for _test.go files only. It imports the sandbox and nothing of the
// client package twilio or of ui, so the sandbox's own external tests, the
// client's tests and cmd's can all use it without bending the import rules;
// ui's tests must not (ui never imports the sandbox).
package sandboxtest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
)

// Start runs a sandbox on loopback for tb, in memory unless opts name a
// state file, and closes it when tb ends.
func Start(tb testing.TB, opts sandbox.Options) *sandbox.Server {
	tb.Helper()
	opts.Memory = opts.StatePath == ""
	srv, err := sandbox.Start(context.Background(), opts)
	if err != nil {
		tb.Fatalf("sandbox.Start: %v", err)
	}
	tb.Cleanup(func() { srv.Close() })
	return srv
}

// SeedKeys is how many generated keys the demo account of Seeded100k holds
// besides the demo ones.
const SeedKeys = 100_000

var (
	seededOnce sync.Once
	seeded     *sandbox.Server
	seededErr  error
)

// Seeded100k is one in-memory sandbox whose demo account holds SeedKeys
// generated keys, started on first use and shared by every caller in the
// test binary: seeding takes seconds, so callers must only read from it. It
// lives as long as the process.
func Seeded100k(tb testing.TB) *sandbox.Server {
	tb.Helper()
	seededOnce.Do(func() {
		seeded, seededErr = sandbox.Start(context.Background(), sandbox.Options{Memory: true, SeedKeys: SeedKeys})
	})
	if seededErr != nil {
		tb.Fatal(seededErr)
	}
	return seeded
}

// PostAsDemo sends form to path on srv with the demo account's Auth Token
// and decodes the JSON answer, failing tb on any error or a status of 300 or
// more: how tests create and close subaccounts, which the client package
// has no call for.
func PostAsDemo(tb testing.TB, srv *sandbox.Server, path string, form url.Values) map[string]any {
	tb.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL()+path, strings.NewReader(form.Encode()))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(srv.AccountSID(), srv.AuthToken())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode >= 300 {
		tb.Fatalf("POST %s: HTTP %d, %v, %v", path, res.StatusCode, out, err)
	}
	return out
}
