package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// envLine is one line of create's output: a name and a single-quoted value
// that holds nothing a shell would expand.
var envLine = regexp.MustCompile(`^(TWILIO_API_KEY|TWILIO_API_SECRET)='([A-Za-z0-9]+)'$`)

// envLines checks that out is exactly the two quoted lines and returns the
// values, as eval would set them.
func envLines(t *testing.T, out string) (sid, secret string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("stdout is not two lines:\n%s", out)
	}
	m0, m1 := envLine.FindStringSubmatch(lines[0]), envLine.FindStringSubmatch(lines[1])
	if m0 == nil || m1 == nil || m0[1] != "TWILIO_API_KEY" || m1[1] != "TWILIO_API_SECRET" {
		t.Fatalf("stdout is not the two quoted variable lines:\n%s", out)
	}
	return m0[2], m1[2]
}

// evalInShell runs eval "$out" in sh in dir and returns what the two
// variables hold afterwards.
func evalInShell(t *testing.T, dir, out string) string {
	t.Helper()
	cmd := exec.Command("sh", "-c", `eval "$1"; printf '%s\n%s\n' "$TWILIO_API_KEY" "$TWILIO_API_SECRET"`, "sh", out)
	cmd.Dir = dir
	got, err := cmd.CombinedOutput()
	if err != nil {
		t.Logf("sh: %v: %s", err, got)
	}
	return string(got)
}

// hostile is a server on loopback that answers whatever the test says,
// standing in for a compromised or malicious "Twilio".
type hostile struct {
	*httptest.Server
	requests atomic.Int64
	vars     map[string]string
}

func newHostile(t *testing.T, h http.HandlerFunc) *hostile {
	t.Helper()
	s := &hostile{vars: map[string]string{
		"TWILIO_ACCOUNT_SID": "AC0123456789abcdef0123456789abcdef",
		"TWILIO_AUTH_TOKEN":  "0123456789abcdef0123456789abcdef",
		"TWILIO_CONFIG_DIR":  t.TempDir(),
	}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *hostile) run(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return runIn(t, s.vars, stdin, append(args, "--base-url", s.URL)...)
}

func createAnswer(sid, name, secret string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(map[string]string{
			"sid": sid, "friendly_name": name, "secret": secret,
			"date_created": "Mon, 13 Jun 2016 22:50:08 +0000", "date_updated": "Mon, 13 Jun 2016 22:50:08 +0000",
		})
	}
}

// Issue 11, finding 1: what create prints for eval is quoted, and eval sets
// exactly the key's SID and secret.
func TestCreateEnvLinesEvalToTheKey(t *testing.T) {
	w := newWorld(t)
	r := w.run(t, w.vars, "", "create", "--name", "eval me")
	r.want(t, exitOK)
	sid, secret := envLines(t, r.stdout)
	if got := evalInShell(t, t.TempDir(), r.stdout); got != sid+"\n"+secret+"\n" {
		t.Errorf("after eval the variables hold %q", got)
	}
	if err := w.client.CheckKey(t.Context(), sid, secret); err != nil {
		t.Errorf("the printed key does not authenticate: %v", err)
	}
}

// Issue 11, findings 1 and 11: a server answering a create with a SID or
// secret Twilio never issues gets nothing printed for a shell, and eval of
// the output runs nothing; the message says the key may exist, names the SID
// only when it is well formed, and repeats neither bad value.
func TestCreateRefusesHostileAnswers(t *testing.T) {
	const goodSID = "SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	const goodSecret = "S3cretS3cretS3cretS3cretS3cret42"
	for _, tt := range []struct {
		name, sid, secret string
	}{
		{"command substitution in the SID", "SK$(touch pwned-sid)", goodSecret},
		{"command after the secret", goodSID, "abc;touch pwned-secret"},
		{"quote breaking out of the quotes", goodSID, "S3cretS3cretS3cret'$(touch pwned)"},
		{"a one-megabyte secret", goodSID, strings.Repeat("A", 1<<20)},
	} {
		for _, asJSON := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s json=%v", tt.name, asJSON), func(t *testing.T) {
				s := newHostile(t, createAnswer(tt.sid, "k", tt.secret))
				args := []string{"create", "--name", "k"}
				if asJSON {
					args = append(args, "--json")
				}
				r := s.run(t, "", args...)
				r.want(t, exitFailure)
				dir := t.TempDir()
				evalInShell(t, dir, r.stdout)
				if files, _ := os.ReadDir(dir); len(files) != 0 || r.stdout != "" {
					t.Fatalf("stdout %q; eval of it made %d files", r.stdout, len(files))
				}
				if strings.Contains(r.stderr, "touch") || strings.Contains(r.stderr, tt.secret) || len(r.stderr) > 2000 {
					t.Errorf("stderr repeats a hostile value or is huge (%d bytes): %.300q", len(r.stderr), r.stderr)
				}
				if !strings.Contains(r.stderr, "may") || !strings.Contains(r.stderr, "created") {
					t.Errorf("stderr does not say the key may exist: %q", r.stderr)
				}
				if twilio.ValidKeySID(tt.sid) && !strings.Contains(r.stderr, tt.sid) {
					t.Errorf("stderr does not name the well-formed SID %s: %q", tt.sid, r.stderr)
				}
				t.Logf("%d-byte secret: exit %d, stdout %d bytes, stderr %d bytes: %s", len(tt.secret), r.code, len(r.stdout), len(r.stderr), r.stderr)
			})
		}
	}
}

// Issue 11, finding 11: names longer than Twilio allows, which only another
// server can send, are cut with a marker in text output.
func TestLongNamesAreCut(t *testing.T) {
	long := strings.Repeat("n", 100_000)
	s := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			createAnswer("SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", long, "S3cretS3cretS3cretS3cretS3cret42")(w, r)
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"keys": []map[string]string{{
			"sid": "SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "friendly_name": long, "date_created": "Mon, 13 Jun 2016 22:50:08 +0000",
		}}})
	})
	cut := strings.Repeat("n", twilio.MaxFriendlyNameLength) + "…"
	r := s.run(t, "", "list")
	r.want(t, exitOK)
	if !strings.Contains(r.stdout, cut+"  ") || strings.Contains(r.stdout, cut[:65]+"n") || len(r.stdout) > 500 {
		t.Errorf("list shows the name uncut (%d bytes):\n%.400s", len(r.stdout), r.stdout)
	}
	t.Logf("list of one key named with %d characters: %d bytes", len(long), len(r.stdout))
	r = s.run(t, "", "create", "--name", "k")
	r.want(t, exitOK)
	t.Logf("create answered with that name: stderr %d bytes", len(r.stderr))
	if !strings.Contains(r.stderr, `"`+cut+`"`) || len(r.stderr) > 500 {
		t.Errorf("create's note shows the name uncut (%d bytes): %.400q", len(r.stderr), r.stderr)
	}
}

// Issue 11, finding 5: a secret given where a SID belongs is never repeated.
func TestSIDPositionDoesNotEchoSecrets(t *testing.T) {
	w := newWorld(t)
	secret := "S3cretS3cretS3cretS3cretS3cret42"
	for _, args := range [][]string{
		{"check", secret},
		{"delete", secret, "--yes"},
		{"rename", secret, "x"},
		{"delete", "SK" + secret, "--yes"},
		{"check", secret, "--json"},
	} {
		r := w.run(t, w.vars, "S3cretS3cretS3cretS3cretS3cret43\n", args...)
		r.want(t, exitUsage)
		if strings.Contains(r.stdout+r.stderr, secret[2:]) {
			t.Errorf("%v repeated the value: %q", args[0], r.stderr)
		}
		if !strings.Contains(r.stderr, "key SID") {
			t.Errorf("%v does not say what is wrong: %q", args[0], r.stderr)
		}
	}
}

// Issue 12, item 22: a secret that cannot be a secret is a usage error, as
// the help says, and nothing is sent.
func TestCheckMalformedSecretExits2(t *testing.T) {
	s := newHostile(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
	for _, secret := range []string{"abc", strings.Repeat("a", 33), "S3cretS3cretS3cretS3cretS3cret4!"} {
		r := s.run(t, secret+"\n", "check", "SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
		r.want(t, exitUsage)
		if strings.Contains(r.stderr, secret) {
			t.Errorf("stderr repeats the secret: %q", r.stderr)
		}
	}
	if n := s.requests.Load(); n != 0 {
		t.Errorf("%d requests sent for malformed secrets", n)
	}
}

// Issue 12, item 20: the shared flags may come before the command.
func TestSharedFlagsBeforeTheCommand(t *testing.T) {
	w := newWorld(t)
	r := runIn(t, w.vars, "", "--base-url", w.srv.URL(), "--json", "create", "--name", "first")
	r.want(t, exitOK)
	var k struct{ SID string }
	if err := json.Unmarshal([]byte(r.stdout), &k); err != nil || !twilio.ValidKeySID(k.SID) {
		t.Fatalf("create --json after the flags: %v\n%s", err, r.stdout)
	}
	r = runIn(t, w.vars, "", "--base-url="+w.srv.URL(), "list")
	r.want(t, exitOK)
	if !strings.Contains(r.stdout, k.SID) {
		t.Errorf("list after --base-url= does not show the key:\n%s", r.stdout)
	}
	// A console flag before a command still reads as the console's.
	r = runIn(t, w.vars, "", "--clipboard", "off", "list")
	r.want(t, exitUsage)
}

// Issue 12, item 21, and issue 11, finding 15: every command takes --json,
// and a failure with --json is one JSON object on stderr that carries
// Twilio's request id, which the text message shows too.
func TestJSONForEveryCommand(t *testing.T) {
	w := newWorld(t)
	k := w.createKey(t, "json", twilio.KeyTypeStandard)

	decode := func(r result, v any) {
		t.Helper()
		dec := json.NewDecoder(strings.NewReader(r.stdout))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			t.Fatalf("stdout is not the JSON object: %v\n%s", err, r.stdout)
		}
	}
	r := w.run(t, w.vars, "", "rename", k.SID, "renamed", "--json")
	r.want(t, exitOK)
	var renamed listed
	if decode(r, &renamed); renamed.SID != k.SID || renamed.FriendlyName != "renamed" {
		t.Errorf("rename --json = %+v", renamed)
	}
	var checked struct {
		SID      string `json:"sid"`
		Accepted bool   `json:"accepted"`
	}
	r = w.run(t, w.vars, k.Secret+"\n", "check", k.SID, "--json")
	r.want(t, exitOK)
	if decode(r, &checked); checked.SID != k.SID || !checked.Accepted {
		t.Errorf("check --json = %+v", checked)
	}
	r = w.run(t, w.vars, "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ\n", "check", k.SID, "--json")
	r.want(t, exitRejected)
	if decode(r, &checked); checked.Accepted {
		t.Errorf("check --json of a wrong secret = %+v", checked)
	}
	var deleted struct {
		SID     string `json:"sid"`
		Deleted bool   `json:"deleted"`
	}
	r = w.run(t, w.vars, "", "delete", k.SID, "--yes", "--json")
	r.want(t, exitOK)
	if decode(r, &deleted); deleted.SID != k.SID || !deleted.Deleted {
		t.Errorf("delete --json = %+v", deleted)
	}

	// Deleting it again: Twilio's 404, as JSON on stderr, with the request id.
	r = w.run(t, w.vars, "", "delete", k.SID, "--yes", "--json")
	r.want(t, exitFailure)
	var failed struct {
		Error struct {
			Message   string `json:"message"`
			Status    int    `json:"status"`
			Code      int    `json:"code"`
			RequestID string `json:"request_id"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(r.stderr), &failed); err != nil || r.stdout != "" {
		t.Fatalf("delete --json failure: stdout %q, stderr %q (%v)", r.stdout, r.stderr, err)
	}
	if failed.Error.Status != 404 || failed.Error.Code != 20404 || !strings.HasPrefix(failed.Error.RequestID, "RQ") {
		t.Errorf("JSON error = %+v, want 404/20404 with a request id", failed.Error)
	}
	r = w.run(t, w.vars, "", "delete", k.SID, "--yes")
	if !regexp.MustCompile(`Twilio request RQ[0-9a-f]{32}`).MatchString(r.stderr) {
		t.Errorf("the text error lacks the request id: %q", r.stderr)
	}
	// A usage error with --json is JSON too.
	r = w.run(t, w.vars, "", "delete", "nope", "--yes", "--json")
	r.want(t, exitUsage)
	if err := json.Unmarshal([]byte(r.stderr), &failed); err != nil || failed.Error.Message == "" {
		t.Errorf("usage error with --json: %q (%v)", r.stderr, err)
	}
}

// Issue 10, item 6: one loopback check, case-insensitive: LOCALHOST is the
// sandbox too, so a Main key is created there rather than refused.
func TestUppercaseLocalhostIsTheSandbox(t *testing.T) {
	w := newWorld(t)
	base := strings.Replace(w.srv.URL(), "127.0.0.1", "LOCALHOST", 1)
	r := runIn(t, w.vars, "", "create", "--type", "main", "--name", "upper", "--json", "--base-url", base)
	r.want(t, exitOK)
	if !isSandboxURL(base) || !isSandboxURL("http://LocalHost:4010") || isSandboxURL("https://localhost:4010") {
		t.Error("isSandboxURL disagrees with twilio.IsLoopback")
	}
}

// Issue 12, item 3 (the CLI's half): a name is required and not blank, and
// spaces at its ends are dropped, for create and rename alike.
func TestBlankNamesRefused(t *testing.T) {
	w := newWorld(t)
	k := w.createKey(t, "kept", twilio.KeyTypeStandard)
	before := len(w.listJSON(t))
	for _, args := range [][]string{
		{"create", "--name", ""},
		{"create", "--name", "   "},
		{"create", "--name", "\t"},
		{"rename", k.SID, "   "},
		{"rename", k.SID, ""},
	} {
		r := w.run(t, w.vars, "", args...)
		r.want(t, exitUsage)
		if !strings.Contains(r.stderr, "required") {
			t.Errorf("%q: stderr %q does not say a name is required", args, r.stderr)
		}
	}
	if n := len(w.listJSON(t)); n != before {
		t.Fatalf("blank names changed the key count from %d to %d", before, n)
	}
	if got, _ := w.client.FetchKey(t.Context(), k.SID); got.FriendlyName != "kept" {
		t.Errorf("a blank rename changed the name to %q", got.FriendlyName)
	}
	r := w.run(t, w.vars, "", "create", "--name", "  padded  ", "--json")
	r.want(t, exitOK)
	var made listed
	if err := json.Unmarshal([]byte(r.stdout), &made); err != nil || made.FriendlyName != "padded" {
		t.Errorf("create --name '  padded  ' made %q (%v), want \"padded\"", made.FriendlyName, err)
	}
	w.run(t, w.vars, "", "rename", k.SID, " renamed\t").want(t, exitOK)
	if got, _ := w.client.FetchKey(t.Context(), k.SID); got.FriendlyName != "renamed" {
		t.Errorf("rename to ' renamed\\t' gave %q", got.FriendlyName)
	}
}
