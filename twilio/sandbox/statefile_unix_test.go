//go:build unix

package sandbox_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// TestStaleMemoryDirsRemoved: a memory sandbox removes what killed memory
// sandboxes of earlier versions left under TMPDIR (an Auth Token in clear),
// but not the file of one still running.
func TestStaleMemoryDirsRemoved(t *testing.T) {
	skipOnWindows(t, "flock")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	stale := filepath.Join(tmp, "twilio-keys-sandbox-111")
	live := filepath.Join(tmp, "twilio-keys-sandbox-222")
	for _, dir := range []string{stale, live} {
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "sandbox.db"), []byte("auth token in clear"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(filepath.Join(live, "sandbox.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
		t.Fatal(err)
	}
	sandboxtest.Start(t, sandbox.Options{Memory: true})
	if _, err := os.Stat(stale); err == nil {
		t.Error("a stale memory store directory is still there")
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a live one was removed: %v", err)
	}
}
