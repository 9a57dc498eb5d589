package sandbox_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// TestStateDirectoryWritableByOthers: a state directory others can write
// to is refused with how to fix it, and nothing is created in it.
func TestStateDirectoryWritableByOthers(t *testing.T) {
	skipOnWindows(t, "Unix permission bits")
	for _, mode := range []os.FileMode{0o777, 0o770, 0o702} {
		dir := filepath.Join(t.TempDir(), "twilio-keys")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, mode); err != nil {
			t.Fatal(err)
		}
		srv, err := sandbox.Start(context.Background(), sandbox.Options{StatePath: filepath.Join(dir, "sandbox.db")})
		if err == nil {
			srv.Close()
			t.Errorf("mode %o: a state directory others can write to was accepted", mode)
			continue
		}
		if !strings.Contains(err.Error(), "chmod 700 "+dir) {
			t.Errorf("mode %o: error %q does not say how to fix it", mode, err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("mode %o: the refused directory now holds %v", mode, entries)
		}
	}
}

// TestStateFileInASharedDirectory: a state file in a directory like /tmp
// (world-writable, sticky) is refused, and the advice is not to chmod it.
func TestStateFileInASharedDirectory(t *testing.T) {
	skipOnWindows(t, "Unix permission bits")
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	srv, err := sandbox.Start(context.Background(), sandbox.Options{StatePath: filepath.Join(dir, "sandbox.db")})
	if err == nil {
		srv.Close()
		t.Fatal("a state file in a shared directory was accepted")
	}
	if msg := err.Error(); strings.Contains(msg, "chmod") || !strings.Contains(msg, "a directory of your own") {
		t.Errorf("error %q", msg)
	}
}

// TestStateSymlinkAtDefaultPath: a symlink planted at the default state
// path is not followed, whether its target exists or not; the target is
// neither written nor created, nor has its mode changed.
func TestStateSymlinkAtDefaultPath(t *testing.T) {
	skipOnWindows(t, "symlinks")
	for _, dangling := range []bool{false, true} {
		xdg := t.TempDir()
		t.Setenv("XDG_STATE_HOME", xdg)
		dir := filepath.Join(xdg, "twilio-keys")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		victim := filepath.Join(t.TempDir(), "victim")
		if !dangling {
			if err := os.WriteFile(victim, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Symlink(victim, filepath.Join(dir, "sandbox.db")); err != nil {
			t.Fatal(err)
		}
		srv, err := sandbox.Start(context.Background(), sandbox.Options{})
		if err == nil {
			srv.Close()
			t.Errorf("dangling=%v: the sandbox followed a symlink at its default path", dangling)
		} else if !strings.Contains(err.Error(), "symbolic link") {
			t.Errorf("dangling=%v: error %q does not say why", dangling, err)
		}
		info, err := os.Stat(victim)
		switch {
		case dangling && err == nil:
			t.Errorf("the dangling link's target was created")
		case !dangling && (err != nil || info.Size() != 0 || info.Mode().Perm() != 0o644):
			t.Errorf("the link's target was changed: %v %v", info, err)
		}
	}
}

// TestStateSymlinkNamedByUser: a link the user names with --state (here
// StatePath) is what they asked for, and is followed.
func TestStateSymlinkNamedByUser(t *testing.T) {
	skipOnWindows(t, "symlinks")
	target := filepath.Join(t.TempDir(), "real.db")
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	srv := sandboxtest.Start(t, sandbox.Options{StatePath: link})
	newKey(t, srv, demoCreds(srv), srv.AccountSID(), "standard")
	if info, err := os.Stat(target); err != nil || info.Size() == 0 {
		t.Errorf("the named link's target was not used: %v %v", info, err)
	}
}
