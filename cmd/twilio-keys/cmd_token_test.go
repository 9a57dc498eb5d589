package main

import (
	"encoding/json"
	"errors"
	"maps"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio"
)

var tokenLine = regexp.MustCompile(`^TWILIO_AUTH_TOKEN='([0-9a-f]{32})'\n$`)

// TestTokenRotationScripted rotates the sandbox's Auth Token with the three
// commands, as a script would: the secondary works before the promotion,
// the old primary is refused after it, tokens appear on stdout once and
// never on stderr.
func TestTokenRotationScripted(t *testing.T) {
	w := newWorld(t)
	old := maps.Clone(w.vars)
	oldToken := old["TWILIO_AUTH_TOKEN"]

	r := w.run(t, old, "", "token", "create-secondary")
	r.want(t, exitOK)
	m := tokenLine.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("create-secondary stdout %q, want one TWILIO_AUTH_TOKEN line", r.stdout)
	}
	secondary := m[1]
	if strings.Contains(r.stderr, secondary) || !strings.Contains(r.stderr, "Save it now") {
		t.Errorf("create-secondary stderr: %q", r.stderr)
	}
	if err := w.client.CheckAuthToken(t.Context(), secondary); err != nil {
		t.Errorf("the printed secondary is not accepted: %v", err)
	}

	// promote needs --yes; without it nothing changes.
	r = w.run(t, old, "", "token", "promote")
	r.want(t, exitUsage)
	if r.stdout != "" || !strings.Contains(r.stderr, "--yes") {
		t.Errorf("promote without --yes: stdout %q stderr %q", r.stdout, r.stderr)
	}
	w.run(t, old, "", "list").want(t, exitOK)

	r = w.run(t, old, "", "token", "promote", "--yes")
	r.want(t, exitOK)
	if m := tokenLine.FindStringSubmatch(r.stdout); m == nil || m[1] != secondary {
		t.Fatalf("promote stdout %q, want the secondary as TWILIO_AUTH_TOKEN", r.stdout)
	}
	if strings.Contains(r.stderr, secondary) || strings.Contains(r.stderr, oldToken) ||
		!strings.Contains(r.stderr, "ending "+oldToken[28:]) || !strings.Contains(r.stderr, "Update TWILIO_AUTH_TOKEN") {
		t.Errorf("promote stderr: %q", r.stderr)
	}

	// The old primary is refused at once (exit 4); the new one works.
	if r := w.run(t, old, "", "list"); r.code != exitRejected {
		t.Errorf("list with the old primary after promotion: exit %d, want %d", r.code, exitRejected)
	}
	next := maps.Clone(old)
	next["TWILIO_AUTH_TOKEN"] = secondary
	w.run(t, next, "", "list").want(t, exitOK)
	r = w.run(t, next, "", "token", "promote", "--yes")
	r.want(t, exitFailure)
	if !strings.Contains(r.stderr, "no secondary Auth Token to promote") {
		t.Errorf("promote with no secondary: %q", r.stderr)
	}

	// --json, then delete.
	r = w.run(t, next, "", "token", "create-secondary", "--json")
	r.want(t, exitOK)
	var j struct {
		AccountSID  string `json:"account_sid"`
		Token       string `json:"secondary_auth_token"`
		DateCreated string `json:"date_created"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &j); err != nil || j.AccountSID != w.srv.AccountSID() || len(j.Token) != 32 {
		t.Fatalf("create-secondary --json: %q (%v)", r.stdout, err)
	}
	if _, err := time.Parse(time.RFC3339, j.DateCreated); err != nil {
		t.Errorf("date_created %q is not ISO 8601", j.DateCreated)
	}
	r = w.run(t, next, "", "token", "delete-secondary")
	r.want(t, exitUsage)
	nextClient, err := w.client.WithAuthToken(secondary)
	if err != nil {
		t.Fatal(err)
	}
	if err := nextClient.CheckAuthToken(t.Context(), j.Token); err != nil {
		t.Errorf("delete-secondary without --yes deleted it: %v", err)
	}
	r = w.run(t, next, "", "token", "delete-secondary", "--yes")
	r.want(t, exitOK)
	if r.stdout != "" || strings.Contains(r.stderr, j.Token) {
		t.Errorf("delete-secondary: stdout %q stderr %q", r.stdout, r.stderr)
	}
	if err := nextClient.CheckAuthToken(t.Context(), j.Token); !twilio.IsAuthError(err) {
		t.Errorf("the deleted secondary: %v, want refused", err)
	}
	r = w.run(t, next, "", "token", "delete-secondary", "--yes")
	r.want(t, exitFailure)
	if !strings.Contains(r.stderr, "no secondary Auth Token") {
		t.Errorf("delete with none: %q", r.stderr)
	}
}

// TestTokenCommandsUsage: mistakes are exit 2 with a pointer to --help, and
// help goes to stdout.
func TestTokenCommandsUsage(t *testing.T) {
	w := newWorld(t)
	for _, args := range [][]string{
		{"token"},
		{"token", "rotate"},
		{"token", "create-secondary", "extra"},
		{"token", "create-secondary", "--yes"},
	} {
		r := w.run(t, w.vars, "", args...)
		if r.code != exitUsage || r.stdout != "" || !strings.Contains(r.stderr, "--help") {
			t.Errorf("%v: exit %d stdout %q stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
	for _, args := range [][]string{{"help", "token"}, {"token", "--help"}} {
		r := runIn(t, nil, "", args...)
		if r.code != exitOK || !strings.Contains(r.stdout, "token promote --yes") {
			t.Errorf("%v: exit %d stdout %q", args, r.code, r.stdout)
		}
	}
}

// TestTokenCommandsWithStandardKey: a Standard key is refused with exit 4
// and the advice the other commands give.
func TestTokenCommandsWithStandardKey(t *testing.T) {
	w := newWorld(t)
	std := w.createKey(t, "std", twilio.KeyTypeStandard)
	vars := map[string]string{"TWILIO_ACCOUNT_SID": w.srv.AccountSID(), "TWILIO_API_KEY": std.SID, "TWILIO_API_SECRET": std.Secret, "TWILIO_CONFIG_DIR": t.TempDir()}
	for _, sub := range [][]string{{"create-secondary"}, {"delete-secondary", "--yes"}, {"promote", "--yes"}} {
		r := w.run(t, vars, "", append([]string{"token"}, sub...)...)
		if r.code != exitRejected || r.stdout != "" || !strings.Contains(r.stderr, "Standard API key") || strings.Contains(r.stderr, std.Secret) {
			t.Errorf("%v: exit %d stdout %q stderr %q", sub, r.code, r.stdout, r.stderr)
		}
	}
}

// failingWriter is a stdout that takes nothing, like a closed pipe.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

// TestTokenNotDelivered: when the token cannot be written, the command
// fails, says what exists now and what to do, and does not put the token
// on stderr instead.
func TestTokenNotDelivered(t *testing.T) {
	w := newWorld(t)
	var stderr strings.Builder
	code := run(t.Context(), []string{"token", "create-secondary", "--base-url", w.srv.URL()}, env{
		stdin: strings.NewReader(""), stdout: failingWriter{}, stderr: &stderr,
		getenv: func(k string) string { return w.vars[k] },
	})
	if code != exitFailure || !strings.Contains(stderr.String(), "could not print it") || !strings.Contains(stderr.String(), "delete-secondary --yes") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	withoutSIDs := regexp.MustCompile(`AC[0-9a-f]{32}`).ReplaceAllString(stderr.String(), "")
	if regexp.MustCompile(`[0-9a-f]{32}`).MatchString(withoutSIDs) {
		t.Errorf("stderr holds something token-shaped: %q", stderr.String())
	}
}

// TestTokenCommandsJSONAndDelivery: with --json a failure is one JSON
// object on stderr carrying Twilio's status; a stdout that reaches nobody
// (/dev/null, what a closed stdout becomes) makes create-secondary refuse
// before anything is created.
func TestTokenCommandsJSONAndDelivery(t *testing.T) {
	w := newWorld(t)
	r := w.run(t, w.vars, "", "token", "delete-secondary", "--yes", "--json")
	r.want(t, exitFailure)
	var je struct {
		Error struct {
			Message string `json:"message"`
			Status  int    `json:"status"`
			Code    int    `json:"code"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(r.stderr), &je); err != nil || je.Error.Status != 404 || je.Error.Code != 20404 ||
		!strings.Contains(je.Error.Message, "no secondary Auth Token") || r.stdout != "" {
		t.Errorf("delete-secondary --json with none: stdout %q stderr %q (%v)", r.stdout, r.stderr, err)
	}

	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	var stderr strings.Builder
	code := run(t.Context(), []string{"token", "create-secondary", "--base-url", w.srv.URL()}, env{
		stdin: strings.NewReader(""), stdout: devNull, stderr: &stderr,
		getenv: func(k string) string { return w.vars[k] },
	})
	if code != exitFailure || !strings.Contains(stderr.String(), "not creating a secondary Auth Token") {
		t.Errorf("create-secondary to %s: exit %d, stderr %q", os.DevNull, code, stderr.String())
	}
	if err := w.client.DeleteSecondaryAuthToken(t.Context()); !twilio.IsNotFound(err) {
		t.Errorf("a secondary token was created though stdout reaches nobody: %v", err)
	}
}
