package main

// The real-terminal harness: the built binary runs in tmux on a private
// socket, keys go in with send-keys and the screen comes back with
// capture-pane, as a user would see it.

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	builtDir  string // removed by TestMain
	builtPath string
	buildErr  error
	socketSeq atomic.Int64
)

// TestMain removes the binary that binary built: it outlives every test, so
// no t.TempDir can hold it, and a test run must leave nothing in /tmp.
func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

// binary builds twilio-keys once per test run and returns its path.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "twilio-keys-e2e-")
		if err != nil {
			buildErr = err
			return
		}
		builtDir, builtPath = dir, filepath.Join(dir, "twilio-keys")
		out, err := exec.Command("go", "build", "-o", builtPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtPath
}

// requireTmux skips where tmux is missing, except in CI, where .ci/run
// installs it and its absence is a failure.
func requireTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is required in CI (.ci/run installs it)")
		}
		t.Skip("tmux not installed")
	}
}

// terminal is one tmux session running one command.
type terminal struct {
	t          *testing.T
	socket     string // the name given to tmux -L
	socketPath string // where tmux made it, removed at cleanup
	dir        string // holds stderr.txt and anything else the session writes
}

// fromPane as an env value passes on the pane's own value of that variable
// (TMUX, which names the test's tmux server), unknown until tmux starts.
const fromPane = "\x00from the pane"

// startTerminal runs argv in a new width x height tmux session with exactly
// the environment given (plus PATH and TERM), stderr captured to a file.
func startTerminal(t *testing.T, width, height int, env map[string]string, argv ...string) *terminal {
	t.Helper()
	return newTerminal(t, width, height, false, env, argv)
}

// startTerminalPaused is startTerminal with the program held until Enter is
// sent, so that pipe-pane can record its output from the first byte.
func startTerminalPaused(t *testing.T, width, height int, env map[string]string, argv ...string) *terminal {
	t.Helper()
	return newTerminal(t, width, height, true, env, argv)
}

func newTerminal(t *testing.T, width, height int, paused bool, env map[string]string, argv []string) *terminal {
	t.Helper()
	requireTmux(t)
	term := &terminal{
		t:      t,
		socket: fmt.Sprintf("tk-e2e-%d-%d", os.Getpid(), socketSeq.Add(1)),
		dir:    t.TempDir(),
	}
	var cmd strings.Builder
	if paused {
		cmd.WriteString("read _ && ")
	}
	cmd.WriteString("env -i PATH=" + shellQuote(os.Getenv("PATH")) + " TERM=xterm-256color HOME=" + shellQuote(term.dir))
	for k, v := range env {
		if v == fromPane { // the value tmux gave the pane's shell
			cmd.WriteString(" " + k + `="$` + k + `"`)
			continue
		}
		cmd.WriteString(" " + k + "=" + shellQuote(v))
	}
	for _, a := range argv {
		cmd.WriteString(" " + shellQuote(a))
	}
	cmd.WriteString(" 2>" + shellQuote(filepath.Join(term.dir, "stderr.txt")))
	// The shell, not tmux, reaps the program and records its exit status:
	// a tmux server started from a Go test can inherit a blocked SIGCHLD,
	// and then never notices that its pane's process has ended.
	cmd.WriteString("; echo $? >" + shellQuote(filepath.Join(term.dir, "status.txt")))

	// A config of our own keeps the user's tmux.conf out. set-clipboard on
	// lets an OSC 52 copy from the program land in tmux's paste buffer, where
	// the test can read it back; remain-on-exit keeps the pane to look at
	// after the program ends.
	conf := filepath.Join(term.dir, "tmux.conf")
	if err := os.WriteFile(conf, []byte("set -g set-clipboard on\nset -g remain-on-exit on\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	term.tmux("-f", conf, "new-session", "-d", "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), cmd.String())
	// tmux leaves its socket file behind when the server is killed, so the
	// test removes it: a test run must not leave files in /tmp/tmux-UID.
	term.socketPath = strings.TrimSpace(term.tmux("display-message", "-p", "#{socket_path}"))
	t.Cleanup(func() {
		exec.Command("tmux", "-L", term.socket, "kill-server").Run()
		if term.socketPath != "" {
			os.Remove(term.socketPath)
		}
	})
	return term
}

// createOnScreen creates a Standard key named name from the key list, as a
// user would, and returns its secret as the secret modal shows it.
func (term *terminal) createOnScreen(name string) string {
	term.t.Helper()
	term.keys("n")
	term.waitForText("Create API key", "0/64")
	term.typeText(name)
	term.keys("Enter")
	screen := term.waitForText("New API key created", "only time the secret will be shown")
	m := secretOnScreen.FindStringSubmatch(screen)
	if m == nil {
		term.t.Fatalf("no secret on screen:\n%s", screen)
	}
	return m[1]
}

func (term *terminal) tmux(args ...string) string {
	term.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", term.socket}, args...)...).CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// keys sends tmux key names ("Enter", "Escape", "Space", "C-c", "n").
func (term *terminal) keys(keys ...string) {
	term.t.Helper()
	term.tmux(append([]string{"send-keys", "-t", "0"}, keys...)...)
}

// typeText sends text literally, character by character as typed.
func (term *terminal) typeText(text string) {
	term.t.Helper()
	term.tmux("send-keys", "-t", "0", "-l", "--", text)
}

// screen is what the terminal shows now.
func (term *terminal) screen() string {
	term.t.Helper()
	return term.tmux("capture-pane", "-p", "-t", "0")
}

// everything is the screen and the scrollback, with wrapped lines joined:
// what to search when something must appear nowhere, even split at the
// right edge or scrolled away.
func (term *terminal) everything() string {
	term.t.Helper()
	return term.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "0")
}

// screenWithColours is the screen with its colour and style escapes, as
// capture-pane -e renders them.
func (term *terminal) screenWithColours() string {
	term.t.Helper()
	return term.tmux("capture-pane", "-p", "-e", "-t", "0")
}

// waitLimit bounds a wait for the screen or the program's exit. It is only
// reached when the program never gets there; a wait returns as soon as it
// does. Measured under a load average of 10 to 16 on two cores, the longest
// wait was 4.1 s (the client retrying 429s that each ask for a second),
// the rest under 1.4 s: 30 s leaves room for a machine slower than that.
const waitLimit = 30 * time.Second

// waitFor polls the screen until cond holds and returns that screen. It
// fails with the last screen when the program never gets there.
func (term *terminal) waitFor(what string, cond func(screen string) bool) string {
	term.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		s := term.screen()
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("timed out waiting for %s; the screen shows:\n%s\nstderr:\n%s", what, s, term.stderr())
		}
		time.Sleep(20 * time.Millisecond) // polling interval, not synchronisation
	}
}

// waitForText waits until the screen contains every one of texts.
func (term *terminal) waitForText(texts ...string) string {
	term.t.Helper()
	return term.waitFor(fmt.Sprintf("%q", texts), func(s string) bool {
		for _, text := range texts {
			if !strings.Contains(s, text) {
				return false
			}
		}
		return true
	})
}

// waitForExit waits for the program to end and returns its exit status. A
// program still running at the deadline is asked for a goroutine dump, so the
// failure shows where it hangs.
func (term *terminal) waitForExit() int {
	term.t.Helper()
	statusFile := filepath.Join(term.dir, "status.txt")
	deadline := time.Now().Add(waitLimit)
	for {
		if b, err := os.ReadFile(statusFile); err == nil && strings.HasSuffix(string(b), "\n") {
			var code int
			fmt.Sscan(string(b), &code)
			return code
		}
		if time.Now().After(deadline) {
			// SIGABRT, since SIGQUIT now ends the program cleanly; to this
			// pane's program alone: pkill -f would match every test's
			// program and the tmux servers whose command lines name it.
			if pid, ok := term.programPID(); ok {
				syscall.Kill(pid, syscall.SIGABRT)
			}
			term.waitFor("the goroutine dump", func(string) bool { return strings.Contains(term.stderr(), "goroutine ") })
			term.t.Fatalf("the program did not exit; the screen shows:\n%s\nstderr:\n%s", term.screen(), term.stderr())
		}
		time.Sleep(20 * time.Millisecond) // polling interval, not synchronisation
	}
}

// programPID is the process running in the pane: the child of its shell.
func (term *terminal) programPID() (int, bool) {
	out, err := exec.Command("tmux", "-L", term.socket, "display-message", "-p", "-t", "0", "#{pane_pid}").Output()
	if err != nil {
		return 0, false
	}
	out, err = exec.Command("pgrep", "-P", strings.TrimSpace(string(out))).Output()
	if err != nil {
		return 0, false
	}
	var pid int
	_, err = fmt.Sscan(string(out), &pid)
	return pid, err == nil
}

// clipboardBuffer is tmux's newest paste buffer: what an OSC 52 copy set.
func (term *terminal) clipboardBuffer() string {
	term.t.Helper()
	out, err := exec.Command("tmux", "-L", term.socket, "show-buffer").CombinedOutput()
	if err != nil {
		return ""
	}
	return string(out)
}

func (term *terminal) stderr() string {
	b, _ := os.ReadFile(filepath.Join(term.dir, "stderr.txt"))
	return string(b)
}

// filesWithSecret reads every file under dir and returns how many there
// are and which hold secret, as text or base64. A file it cannot read fails
// the test: a secret could hide there.
func filesWithSecret(t *testing.T, dir, secret string) (files int, holding []string) {
	t.Helper()
	needles := [][]byte{[]byte(secret), []byte(base64.StdEncoding.EncodeToString([]byte(secret)))}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		for _, needle := range needles {
			if bytes.Contains(b, needle) {
				holding = append(holding, path)
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, holding
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// Issue 12, item 24: a terminal leaves no socket file behind.
func TestTerminalLeavesNoSocketFile(t *testing.T) {
	requireTmux(t)
	var path string
	t.Run("session", func(t *testing.T) {
		term := startTerminal(t, 40, 10, nil, "true")
		term.waitForExit()
		path = term.socketPath
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("no socket at %q while the session runs: %v", path, err)
		}
	})
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the socket %s is still there after the test (%v)", path, err)
	}
}
