package main

// The sandbox's state, through the real binary: --memory leaves no file, a
// damaged state file is refused without being touched, a full disk does not
// show the caller where the file is, and a second process shares the
// embedded sandbox.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
)

// startBinarySandbox runs the built binary's sandbox with args and the
// environment given (and PATH), and reads its banner.
func startBinarySandbox(t *testing.T, envv []string, args ...string) *sandboxProcess {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"sandbox", "--listen", "127.0.0.1:0"}, args...)...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, envv...)
	return runSandboxProcess(t, cmd, args)
}

// filesHolding lists the files under dirs, and those holding needle.
func filesHolding(t *testing.T, needle string, dirs ...string) (all, holding []string) {
	t.Helper()
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || path == dir {
				return nil
			}
			all = append(all, path)
			if d.Type().IsRegular() {
				if b, err := os.ReadFile(path); err == nil && bytes.Contains(b, []byte(needle)) {
					holding = append(holding, path)
				}
			}
			return nil
		})
	}
	return all, holding
}

// TestMemorySandboxLeavesNoFile: `twilio-keys sandbox --memory` keeps its
// state, Auth Token included, in no file: not while it runs, and not after
// SIGHUP (a closed terminal) or SIGKILL.
func TestMemorySandboxLeavesNoFile(t *testing.T) {
	skipUnlessUnix(t)
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGKILL} {
		tmp, home, state := t.TempDir(), t.TempDir(), t.TempDir()
		p := startBinarySandbox(t, []string{"TMPDIR=" + tmp, "HOME=" + home, "XDG_STATE_HOME=" + state}, "--memory")
		all, holding := filesHolding(t, p.authToken, tmp, home, state)
		if len(all) != 0 || len(holding) != 0 {
			t.Errorf("while a --memory sandbox runs: files %v; holding its Auth Token: %v", all, holding)
		}
		p.cmd.Process.Signal(sig)
		<-p.exited
		if all, _ := filesHolding(t, p.authToken, tmp, home, state); len(all) != 0 {
			t.Errorf("after %v, a --memory sandbox left %v", sig, all)
		}
	}
}

func skipUnlessUnix(t *testing.T) {
	if _, err := os.Stat("/dev/null"); err != nil {
		t.Skip("needs a Unix system")
	}
}

// damagedCopies makes a real state file (the demo account, 300 generated
// keys and 20 created over HTTP, then closed) and returns damaged copies of
// it by name: truncated, pages overwritten with random bytes, and the meta
// pages zeroed.
func damagedCopies(t *testing.T) map[string][]byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sandbox.db")
	srv, err := sandbox.Start(context.Background(), sandbox.Options{StatePath: path, SeedKeys: 300})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/2010-04-01/Accounts/"+srv.AccountSID()+"/Keys.json",
			strings.NewReader(url.Values{"FriendlyName": {fmt.Sprint("made-", i)}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(srv.AccountSID(), srv.AuthToken())
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("create: %v %v", resp, err)
		}
		resp.Body.Close()
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	used := len(bytes.TrimRight(data, "\x00"))
	if used < 40*page {
		t.Fatalf("the store uses only %d bytes: too small to damage in the middle", used)
	}
	copies := map[string][]byte{
		"truncated to 8 KB":           data[:2*page],
		"truncated to a quarter":      data[:used/4/page*page],
		"truncated to three quarters": data[:used*3/4/page*page],
		"meta pages zeroed":           append(make([]byte, 2*page), data[2*page:]...),
	}
	rng := rand.New(rand.NewPCG(11, 9))
	for i := range 3 {
		d := bytes.Clone(data)
		for p := 4; p < used/page; p++ {
			if rng.IntN(4) == 0 {
				for j := p * page; j < (p+1)*page; j++ {
					d[j] = byte(rng.UintN(256))
				}
			}
		}
		copies[fmt.Sprintf("random pages trashed (%d)", i)] = d
	}
	return copies
}

// runBinary runs the built binary with args and environment (plus PATH),
// bounded by a minute, and returns its exit code and output.
func runBinary(t *testing.T, envv []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary(t), args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, envv...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%v did not exit within a minute", args)
	}
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errOut.String()
}

// TestDamagedStateFileIsRefused: every damaged copy of a real state file
// makes `twilio-keys sandbox --state`, `twilio-keys list` and the console
// exit 1 with a message naming the file and what to do, no stack trace, and
// the file unchanged.
func TestDamagedStateFileIsRefused(t *testing.T) {
	skipUnlessUnix(t)
	for name, data := range damagedCopies(t) {
		xdg := t.TempDir()
		dir := filepath.Join(xdg, "twilio-keys")
		path := filepath.Join(dir, "sandbox.db")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		envv := []string{"HOME=" + t.TempDir(), "XDG_STATE_HOME=" + xdg}
		for _, args := range [][]string{{"sandbox", "--listen", "127.0.0.1:0", "--state", path}, {"list"}} {
			code, _, stderr := runBinary(t, envv, args...)
			if code != exitFailure || !strings.Contains(stderr, path+" is damaged") || !strings.Contains(stderr, "mv "+path) ||
				strings.Contains(stderr, "goroutine ") {
				t.Errorf("%s: %v exited %d with:\n%s", name, args[0], code, stderr)
			}
		}
		if got, _ := os.ReadFile(path); sha256.Sum256(got) != sum {
			t.Errorf("%s: the damaged file was changed", name)
		}
	}
}

// TestDamagedStateFileConsole: the console's start on the embedded sandbox,
// in a real terminal, refuses a damaged state file in the same way.
func TestDamagedStateFileConsole(t *testing.T) {
	requireTmux(t)
	data := damagedCopies(t)["truncated to 8 KB"]
	xdg := t.TempDir()
	path := filepath.Join(xdg, "twilio-keys", "sandbox.db")
	os.Mkdir(filepath.Dir(path), 0o700)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	term := startTerminal(t, 80, 24, map[string]string{"XDG_STATE_HOME": xdg}, binary(t))
	if code := term.waitForExit(); code != exitFailure {
		t.Errorf("the console exited %d, want 1", code)
	}
	if s := term.stderr(); !strings.Contains(s, path+" is damaged") || !strings.Contains(s, "mv "+path) || strings.Contains(s, "goroutine ") {
		t.Errorf("the console's stderr:\n%s", s)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
		t.Error("the damaged file was changed")
	}
}

// TestSecondProcessSharesEmbeddedSandbox: with the console running on the
// embedded sandbox in one tmux pane, `twilio-keys list` and `create` in
// another use the same sandbox, and the console sees the key they made.
func TestSecondProcessSharesEmbeddedSandbox(t *testing.T) {
	requireTmux(t)
	// The sandbox shares itself on a socket beside its state file only when
	// that path fits in a sockaddr_un (100 bytes, by design); under a long
	// TMPDIR, t.TempDir's would not, so the state lives in a short directory.
	xdg, err := os.MkdirTemp("/tmp", "tk-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(xdg) })
	home := t.TempDir()
	term := startTerminal(t, 100, 30, map[string]string{"XDG_STATE_HOME": xdg}, binary(t))
	term.waitForText("dev-laptop-alice")
	envv := []string{"HOME=" + home, "XDG_STATE_HOME=" + xdg}
	code, stdout, stderr := runBinary(t, envv, "list")
	if code != exitOK || !strings.Contains(stdout, "dev-laptop-alice") || !strings.Contains(stderr, "shared with the twilio-keys process") {
		t.Fatalf("list beside the console exited %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if code, _, stderr := runBinary(t, envv, "create", "--name", "made-in-pane-two"); code != exitOK {
		t.Fatalf("create beside the console exited %d: %s", code, stderr)
	}
	term.keys("R")
	term.waitForText("made-in-pane-two")
	term.keys("q")
	if code := term.waitForExit(); code != exitOK {
		t.Errorf("the console exited %d", code)
	}
	if _, err := os.Lstat(sandbox.SocketPath(filepath.Join(xdg, "twilio-keys", "sandbox.db"))); err == nil {
		t.Error("the console left its socket behind")
	}
}
