package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
)

// world is a sandbox and the environment that points the commands at it.
type world struct {
	srv    *sandbox.Server
	vars   map[string]string
	client *twilio.Client // the same account, for setting up and checking
}

// newWorld starts an in-memory sandbox. The environment carries its Auth
// Token and an empty TWILIO_CONFIG_DIR, so no real twilio-cli config is read.
func newWorld(t *testing.T) *world {
	t.Helper()
	srv, client := startSandbox(t)
	return &world{
		srv:    srv,
		client: client,
		vars: map[string]string{
			"TWILIO_ACCOUNT_SID": srv.AccountSID(),
			"TWILIO_AUTH_TOKEN":  srv.AuthToken(),
			"TWILIO_CONFIG_DIR":  t.TempDir(),
		},
	}
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs twilio-keys in-process with vars as its whole environment, stdin
// as its input, and --base-url pointing at the sandbox appended.
func (w *world) run(t *testing.T, vars map[string]string, stdin string, args ...string) result {
	t.Helper()
	if w != nil {
		args = append(args, "--base-url", w.srv.URL())
	}
	return runIn(t, vars, stdin, args...)
}

func runIn(t *testing.T, vars map[string]string, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), args, env{
		stdin: strings.NewReader(stdin), stdout: &stdout, stderr: &stderr,
		getenv: func(k string) string { return vars[k] },
	})
	r := result{code: code, stdout: stdout.String(), stderr: stderr.String()}
	if strings.Contains(r.stdout+r.stderr, "\x1b") {
		t.Errorf("%v: output contains an escape character:\nstdout: %q\nstderr: %q", args, r.stdout, r.stderr)
	}
	return r
}

func (r result) want(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

// listed is what list --json prints, decoded as a script would.
type listed struct {
	SID          string  `json:"sid"`
	FriendlyName string  `json:"friendly_name"`
	DateCreated  string  `json:"date_created"`
	DateUpdated  *string `json:"date_updated"`
}

func (w *world) listJSON(t *testing.T) []listed {
	t.Helper()
	r := w.run(t, w.vars, "", "list", "--json")
	r.want(t, exitOK)
	var keys []listed
	if err := json.Unmarshal([]byte(r.stdout), &keys); err != nil {
		t.Fatalf("list --json is not a JSON array of keys: %v\n%s", err, r.stdout)
	}
	return keys
}

func (w *world) createKey(t *testing.T, name string, kind twilio.KeyType) twilio.NewKey {
	t.Helper()
	k, err := w.client.CreateKey(t.Context(), name, kind)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestListJSONMatchesTheAccount(t *testing.T) {
	w := newWorld(t)
	hostile := "evil\x1b]52;c;aGk=\x07 <b>&\u202e"
	k := w.createKey(t, "placeholder", twilio.KeyTypeStandard)
	if _, err := w.client.RenameKey(t.Context(), k.SID, hostile); err != nil {
		t.Fatal(err)
	}

	keys := w.listJSON(t)
	var want []twilio.Key
	if err := w.client.ListKeys(t.Context(), 0, func(page []twilio.Key) error { want = append(want, page...); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(keys) != len(want) || len(keys) < 2 {
		t.Fatalf("list --json has %d keys, the account %d", len(keys), len(want))
	}
	for i, got := range keys {
		if got.SID != want[i].SID || got.FriendlyName != want[i].FriendlyName {
			t.Errorf("key %d = %s %q, want %s %q", i, got.SID, got.FriendlyName, want[i].SID, want[i].FriendlyName)
		}
		created, err := time.Parse(time.RFC1123Z, got.DateCreated)
		if err != nil || !created.Equal(want[i].DateCreated) {
			t.Errorf("key %d date_created %q (%v), want RFC 2822 of %v", i, got.DateCreated, err, want[i].DateCreated)
		}
		if got.DateUpdated == nil {
			t.Errorf("key %d has no date_updated", i)
		}
	}
	// The raw name survives JSON, escaped, not sanitized.
	found := false
	for _, got := range keys {
		found = found || got.FriendlyName == hostile
	}
	if !found {
		t.Errorf("no key named %q in the JSON", hostile)
	}
}

func TestListTextColumns(t *testing.T) {
	w := newWorld(t)
	w.createKey(t, "名前 wide", twilio.KeyTypeStandard)
	k := w.createKey(t, "placeholder", twilio.KeyTypeStandard)
	if _, err := w.client.RenameKey(t.Context(), k.SID, "\x1b[31mred\u202e"); err != nil {
		t.Fatal(err)
	}
	r := w.run(t, w.vars, "", "list")
	r.want(t, exitOK)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != len(w.listJSON(t))+1 {
		t.Fatalf("%d lines, want a header and one per key:\n%s", len(lines), r.stdout)
	}
	if !strings.HasPrefix(lines[0], "SID ") || !strings.Contains(lines[0], "FRIENDLY NAME") {
		t.Errorf("header = %q", lines[0])
	}
	// Every row ends in an RFC 3339 date starting in the terminal cell where
	// the header's CREATED starts, wide characters notwithstanding.
	col := ansi.StringWidth(lines[0][:strings.Index(lines[0], "CREATED")])
	for _, line := range lines[1:] {
		start := len(line) - len("2006-01-02T15:04:05Z")
		if _, err := time.Parse(time.RFC3339, line[start:]); err != nil || ansi.StringWidth(line[:start]) != col {
			t.Errorf("row %q: no date at cell %d", line, col)
		}
	}
	if !strings.Contains(r.stdout, k.SID+"  ^[[31mred\\u202e") {
		t.Errorf("renamed key not shown sanitized:\n%s", r.stdout)
	}
}

func TestCreateJSON(t *testing.T) {
	w := newWorld(t)
	r := w.run(t, w.vars, "", "create", "--name", "ci deploy", "--json")
	r.want(t, exitOK)
	var created struct {
		SID          string `json:"sid"`
		FriendlyName string `json:"friendly_name"`
		DateCreated  string `json:"date_created"`
		DateUpdated  string `json:"date_updated"`
		Secret       string `json:"secret"`
	}
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&created); err != nil {
		t.Fatalf("create --json: %v\n%s", err, r.stdout)
	}
	if !twilio.ValidKeySID(created.SID) || created.FriendlyName != "ci deploy" || created.Secret == "" {
		t.Fatalf("created = %s %q, secret set %v", created.SID, created.FriendlyName, created.Secret != "")
	}
	for _, d := range []string{created.DateCreated, created.DateUpdated} {
		if _, err := time.Parse(time.RFC1123Z, d); err != nil {
			t.Errorf("date %q is not RFC 2822: %v", d, err)
		}
	}
	if err := w.client.CheckKey(t.Context(), created.SID, created.Secret); err != nil {
		t.Errorf("the printed secret does not authenticate: %v", err)
	}
	if strings.Contains(r.stderr, created.Secret) {
		t.Error("the secret went to stderr too")
	}
	if !strings.Contains(r.stderr, "Save the secret now") {
		t.Errorf("stderr lacks the save-it-now note: %q", r.stderr)
	}
}

func TestCreateText(t *testing.T) {
	w := newWorld(t)
	r := w.run(t, w.vars, "", "create", "--name", "laptop")
	r.want(t, exitOK)
	sid, secret := envLines(t, r.stdout)
	if err := w.client.CheckKey(t.Context(), sid, secret); err != nil {
		t.Errorf("printed key does not authenticate: %v", err)
	}
	if strings.Contains(r.stderr, secret) || !strings.Contains(r.stderr, sid) {
		t.Errorf("stderr should name the key and not hold its secret: %q", r.stderr)
	}
}

func TestCreateMain(t *testing.T) {
	w := newWorld(t)
	r := w.run(t, w.vars, "", "create", "--type", "main", "--name", "admin", "--json")
	r.want(t, exitOK)
	var k struct{ SID, Secret string }
	if err := json.Unmarshal([]byte(r.stdout), &k); err != nil {
		t.Fatal(err)
	}
	// A Main key may manage keys: list with it.
	vars := map[string]string{"TWILIO_ACCOUNT_SID": w.srv.AccountSID(), "TWILIO_API_KEY": k.SID, "TWILIO_API_SECRET": k.Secret}
	w.run(t, vars, "", "list").want(t, exitOK)

	// Real Twilio (any https base) makes Main keys only in the Console; nothing is sent.
	r = runIn(t, w.vars, "", "create", "--type", "main", "--name", "admin", "--base-url", "https://127.0.0.1:1")
	r.want(t, exitFailure)
	if !strings.Contains(r.stderr, "only in the Console") || r.stdout != "" {
		t.Errorf("stdout %q, stderr %q; want the Console message", r.stdout, r.stderr)
	}
}

func TestRename(t *testing.T) {
	w := newWorld(t)
	k := w.createKey(t, "old", twilio.KeyTypeStandard)
	// Flags may come before, between or after the arguments.
	r := runIn(t, w.vars, "", "rename", "--base-url", w.srv.URL(), k.SID, "new name")
	r.want(t, exitOK)
	got, err := w.client.FetchKey(t.Context(), k.SID)
	if err != nil || got.FriendlyName != "new name" {
		t.Fatalf("after rename: %q, %v", got.FriendlyName, err)
	}
	runIn(t, w.vars, "", "rename", k.SID, "--base-url", w.srv.URL(), "--", "-dashed").want(t, exitOK)
	if got, _ := w.client.FetchKey(t.Context(), k.SID); got.FriendlyName != "-dashed" {
		t.Errorf("after rename -- -dashed: %q", got.FriendlyName)
	}
	w.run(t, w.vars, "", "rename", "SK00000000000000000000000000000000", "x").want(t, exitFailure)
	w.run(t, w.vars, "", "rename", k.SID, strings.Repeat("x", 65)).want(t, exitUsage)
}

func TestDelete(t *testing.T) {
	w := newWorld(t)
	k := w.createKey(t, "doomed", twilio.KeyTypeStandard)
	before := len(w.listJSON(t))

	r := w.run(t, w.vars, "", "delete", k.SID)
	r.want(t, exitUsage)
	if !strings.Contains(r.stderr, "--yes") {
		t.Errorf("refusal does not mention --yes: %q", r.stderr)
	}
	if n := len(w.listJSON(t)); n != before {
		t.Fatalf("delete without --yes changed the key count from %d to %d", before, n)
	}

	w.run(t, w.vars, "", "delete", k.SID, "--yes").want(t, exitOK)
	if n := len(w.listJSON(t)); n != before-1 {
		t.Fatalf("after delete: %d keys, want %d", n, before-1)
	}
	r = w.run(t, w.vars, "", "delete", "--yes", k.SID)
	r.want(t, exitFailure)
	if !strings.Contains(r.stderr, "404") {
		t.Errorf("deleting a missing key: %q", r.stderr)
	}
}

func TestCheck(t *testing.T) {
	w := newWorld(t)
	k := w.createKey(t, "checked", twilio.KeyTypeStandard)
	wrong := "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"
	tests := []struct {
		name, stdin string
		code        int
	}{
		{"right secret", k.Secret + "\n", exitOK},
		{"right secret, CRLF and no final newline", k.Secret + "\r\n", exitOK},
		{"right secret without a newline", k.Secret, exitOK},
		{"wrong secret", wrong + "\n", exitRejected},
		{"no secret", "", exitUsage},
		{"malformed secret", "has spaces in it\n", exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := w.run(t, w.vars, tt.stdin, "check", k.SID)
			r.want(t, tt.code)
			for _, secret := range []string{k.Secret, wrong} {
				if strings.Contains(r.stdout+r.stderr, secret) {
					t.Errorf("check printed a secret:\nstdout %q\nstderr %q", r.stdout, r.stderr)
				}
			}
		})
	}
	if err := w.client.DeleteKey(t.Context(), k.SID); err != nil {
		t.Fatal(err)
	}
	w.run(t, w.vars, k.Secret, "check", k.SID).want(t, exitRejected)
}

func TestWrongTokenExits4(t *testing.T) {
	w := newWorld(t)
	vars := map[string]string{"TWILIO_ACCOUNT_SID": w.srv.AccountSID(), "TWILIO_AUTH_TOKEN": strings.Repeat("0", 32)}
	for _, args := range [][]string{{"list"}, {"create", "--name", "x"}, {"delete", "SK00000000000000000000000000000000", "--yes"}} {
		r := w.run(t, vars, "", args...)
		r.want(t, exitRejected)
		if !strings.Contains(r.stderr, "20003") || r.stdout != "" {
			t.Errorf("%v: stdout %q, stderr %q", args, r.stdout, r.stderr)
		}
	}
}

// twilio-cli profiles hold Standard keys, which Twilio does not let manage
// keys: the message says so and what to use instead.
func TestProfileWithStandardKey(t *testing.T) {
	w := newWorld(t)
	standard := w.createKey(t, "twilio-cli for me", twilio.KeyTypeStandard)
	main := w.createKey(t, "main", twilio.KeyTypeMain)
	dir := t.TempDir()
	config := fmt.Sprintf(`{"email":{},"prompts":{},"projects":[],"profiles":{`+
		`"default":{"accountSid":%q,"apiKey":%q,"apiSecret":%q},`+
		`"admin":{"accountSid":%[1]q,"apiKey":%[4]q,"apiSecret":%[5]q}},"activeProject":"default"}`,
		w.srv.AccountSID(), standard.SID, standard.Secret, main.SID, main.Secret)
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"TWILIO_CONFIG_DIR": dir}

	r := w.run(t, vars, "", "list")
	r.want(t, exitRejected)
	want := `profile "default" holds a Standard API key (` + standard.SID + `), which Twilio does not allow to manage keys; ` +
		`run with TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN set, or with a profile holding a Main key`
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks the Standard-key advice:\n%s", r.stderr)
	}
	if strings.Contains(r.stderr, standard.Secret) {
		t.Error("stderr holds the profile's secret")
	}

	w.run(t, vars, "", "list", "--profile", "admin").want(t, exitOK)

	// A profile whose key was deleted is told apart from a Standard one.
	if err := w.client.DeleteKey(t.Context(), standard.SID); err != nil {
		t.Fatal(err)
	}
	r = w.run(t, vars, "", "list")
	r.want(t, exitRejected)
	if !strings.Contains(r.stderr, "may have been deleted") || strings.Contains(r.stderr, "holds a Standard") {
		t.Errorf("deleted profile key: %s", r.stderr)
	}
}

func TestUsage(t *testing.T) {
	w := newWorld(t)
	for name, usage := range scriptUsages {
		t.Run(name, func(t *testing.T) {
			for _, help := range []string{"--help", "-h"} {
				r := runIn(t, nil, "", name, help)
				r.want(t, exitOK)
				if r.stdout != usage || !strings.HasPrefix(usage, "Usage: twilio-keys "+name) {
					t.Errorf("%s %s printed %q", name, help, r.stdout)
				}
			}
			if r := runIn(t, nil, "", "help", name); r.stdout != usage {
				t.Errorf("help %s printed %q", name, r.stdout)
			}
			r := w.run(t, w.vars, "", name, "--no-such-flag")
			r.want(t, exitUsage)
			if !strings.Contains(r.stderr, "--help") || r.stdout != "" {
				t.Errorf("unknown flag: stdout %q, stderr %q", r.stdout, r.stderr)
			}
		})
	}
	for _, args := range [][]string{
		{"list", "extra"},
		{"create"},
		{"create", "--name", "x", "--type", "restricted"},
		{"create", "--name", strings.Repeat("x", 65)},
		{"rename", "SK00000000000000000000000000000000"},
		{"rename", "AC00000000000000000000000000000000", "x"},
		{"delete"},
		{"delete", "not-a-sid", "--yes"},
		{"check"},
		{"list", "--profile", "nope"},
	} {
		r := w.run(t, w.vars, "", args...)
		r.want(t, exitUsage)
		if r.stdout != "" {
			t.Errorf("%v printed on stdout: %q", args, r.stdout)
		}
	}
}

// With no credentials at all, the commands use the embedded sandbox on its
// state file, and say so.
func TestNoCredentialsUsesSandbox(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	vars := map[string]string{"TWILIO_CONFIG_DIR": t.TempDir()}

	r := runIn(t, vars, "", "create", "--name", "kept", "--json")
	r.want(t, exitOK)
	if !strings.Contains(r.stderr, "using the sandbox (no credentials set)") {
		t.Errorf("stderr does not say the sandbox is used: %q", r.stderr)
	}
	// The state file keeps the key for the next command.
	r = runIn(t, vars, "", "list")
	r.want(t, exitOK)
	if !strings.Contains(r.stdout, "kept") {
		t.Errorf("the key created before is not listed:\n%s", r.stdout)
	}

	r = runIn(t, vars, "", "list", "--base-url", "http://127.0.0.1:1")
	r.want(t, exitUsage)
	if !strings.Contains(r.stderr, "--base-url needs credentials") {
		t.Errorf("stderr: %q", r.stderr)
	}
}

// TestConsoleAndSandboxUsage: --help on stdout with exit 0, a mistake on
// stderr with exit 2, for the two commands that are not scripts.
func TestConsoleAndSandboxUsage(t *testing.T) {
	for _, tt := range []struct {
		args  []string
		usage string
	}{
		{nil, consoleUsage},
		{[]string{"sandbox"}, sandboxUsage},
	} {
		for _, help := range []string{"--help", "-h"} {
			r := runIn(t, nil, "", append(tt.args, help)...)
			r.want(t, exitOK)
			if r.stdout != tt.usage || r.stderr != "" {
				t.Errorf("%v %s: stdout %q, stderr %q", tt.args, help, r.stdout, r.stderr)
			}
		}
		r := runIn(t, nil, "", append(tt.args, "--no-such-flag")...)
		r.want(t, exitUsage)
		if r.stdout != "" || !strings.Contains(r.stderr, "--help") {
			t.Errorf("%v with an unknown flag: stdout %q, stderr %q", tt.args, r.stdout, r.stderr)
		}
	}
	if r := runIn(t, nil, "", "--version"); !strings.HasPrefix(r.stdout, "twilio-keys ") {
		t.Errorf("--version printed %q", r.stdout)
	}
}
