package sandbox_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// TestRestartKeepsState: keys and their secrets survive a restart on the
// same file, and the store is not seeded twice.
func TestRestartKeepsState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "sandbox.db")
	first, err := sandbox.Start(context.Background(), sandbox.Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	key := newKey(t, first, demoCreds(first), first.AccountSID(), "standard")
	main := newKey(t, first, demoCreds(first), first.AccountSID(), "main")
	acct, token := first.AccountSID(), first.AuthToken()
	before := do(t, first, http.MethodGet, keysPath(acct), demoCreds(first), nil).object(t)["keys"]
	if err := first.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	second := sandboxtest.Start(t, sandbox.Options{StatePath: path})
	if second.AccountSID() != acct || second.AuthToken() != token {
		t.Fatalf("after restart the demo account is %s/%s, want %s/%s", second.AccountSID(), second.AuthToken(), acct, token)
	}
	after := do(t, second, http.MethodGet, keysPath(acct), demoCreds(second), nil).object(t)["keys"]
	if sids(after) != sids(before) {
		t.Errorf("keys after restart %s, want %s", sids(after), sids(before))
	}
	for _, k := range []creds{key, main} {
		if r := do(t, second, http.MethodGet, balancePath(acct), k, nil); r.status != http.StatusOK {
			t.Errorf("key %s after restart: %d %s", k.user, r.status, r.body)
		}
	}
	// The Main key is still a Main key.
	if r := do(t, second, http.MethodGet, keysPath(acct), main, nil); r.status != http.StatusOK {
		t.Errorf("Main key listing keys after restart: %d %s", r.status, r.body)
	}
}

// TestSecretsNotInStoreFile: a secret is never written to the store, only
// its hash.
func TestSecretsNotInStoreFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	srv, err := sandbox.Start(context.Background(), sandbox.Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	var keys []creds
	for _, kind := range []string{"standard", "main", "restricted", "standard", "standard"} {
		keys = append(keys, newKey(t, srv, demoCreds(srv), srv.AccountSID(), kind))
	}
	// Renames rewrite the records; the secret must not appear then either.
	for _, k := range keys[:2] {
		do(t, srv, http.MethodPost, "/v1/Keys/"+k.user, demoCreds(srv), map[string][]string{"FriendlyName": {"renamed"}})
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if !bytes.Contains(data, []byte(k.user)) {
			t.Fatalf("key %s is not in %s: the test is reading the wrong file", k.user, path)
		}
		if bytes.Contains(data, []byte(k.pass)) {
			t.Errorf("the secret of %s is in the store file", k.user)
		}
	}
}

func TestStoreFilePermissions(t *testing.T) {
	skipOnWindows(t, "Unix permission bits")
	dir := filepath.Join(t.TempDir(), "twilio-keys")
	path := filepath.Join(dir, "sandbox.db")
	sandboxtest.Start(t, sandbox.Options{StatePath: path})
	for _, f := range []struct {
		path string
		want os.FileMode
	}{{dir, 0o700}, {path, 0o600}} {
		info, err := os.Stat(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != f.want {
			t.Errorf("%s has mode %o, want %o", f.path, got, f.want)
		}
	}
}

// TestStoreInUse: a second sandbox on the same file fails with a clear
// error instead of waiting forever for bbolt's lock.
func TestStoreInUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	sandboxtest.Start(t, sandbox.Options{StatePath: path})
	srv, err := sandbox.Start(context.Background(), sandbox.Options{StatePath: path})
	if err == nil {
		srv.Close()
		t.Fatal("a second sandbox opened a store that is in use")
	}
	if !strings.Contains(err.Error(), "in use") {
		t.Errorf("error %q does not say the store is in use", err)
	}
}

// TestMemoryStoreLeavesNothing: a memory store is in no file a name leads
// to, while it runs or after: not under TMPDIR, HOME or the state directory.
func TestMemoryStoreLeavesNothing(t *testing.T) {
	skipOnWindows(t, "TMPDIR")
	dirs := []string{t.TempDir(), t.TempDir(), t.TempDir()}
	t.Setenv("TMPDIR", dirs[0])
	t.Setenv("HOME", dirs[1])
	t.Setenv("XDG_STATE_HOME", dirs[2])
	srv, err := sandbox.Start(context.Background(), sandbox.Options{Memory: true})
	if err != nil {
		t.Fatal(err)
	}
	newKey(t, srv, demoCreds(srv), srv.AccountSID(), "standard")
	for _, dir := range dirs {
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("while a memory sandbox runs, %s holds %v", dir, entries)
		}
	}
	srv.Close()
	for _, dir := range dirs {
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("after Close, %s holds %v", dir, entries)
		}
	}
}

func TestDefaultStatePath(t *testing.T) {
	skipOnWindows(t, "Unix paths and HOME")
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, tc := range []struct{ xdg, want string }{
		{"/var/state", "/var/state/twilio-keys/sandbox.db"},
		{"", filepath.Join(home, ".local/state/twilio-keys/sandbox.db")},
		{"relative/dir", filepath.Join(home, ".local/state/twilio-keys/sandbox.db")}, // XDG: relative paths are ignored
	} {
		t.Setenv("XDG_STATE_HOME", tc.xdg)
		if got, err := sandbox.DefaultStatePath(); err != nil || got != tc.want {
			t.Errorf("XDG_STATE_HOME=%q: %q, %v; want %q", tc.xdg, got, err, tc.want)
		}
	}
}

func skipOnWindows(t *testing.T, needs string) {
	if runtime.GOOS == "windows" {
		t.Skip("needs " + needs)
	}
}
