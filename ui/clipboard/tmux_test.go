package clipboard

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// tmuxServer starts a private tmux server and returns its socket; the
// server and its socket go at cleanup.
func tmuxServer(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is required in CI")
		}
		t.Skip("tmux not installed")
	}
	socket := filepath.Join(t.TempDir(), "tmux.sock")
	if out, err := exec.Command("tmux", "-S", socket, "-f", "/dev/null", "new-session", "-d").CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		exec.Command("tmux", "-S", socket, "kill-server").Run()
		os.Remove(socket)
	})
	return socket
}

func tmuxCmd(t *testing.T, socket string, args ...string) string {
	t.Helper()
	out, err := RunTmux(socket, args...)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// buffers is every paste buffer's content, in no particular order.
func buffers(t *testing.T, socket string) []string {
	t.Helper()
	var all []string
	for name := range strings.Lines(tmuxCmd(t, socket, "list-buffers", "-F", "#{buffer_name}")) {
		all = append(all, tmuxCmd(t, socket, "show-buffer", "-b", strings.TrimSuffix(name, "\n")))
	}
	slices.Sort(all)
	return all
}

// Issue 12, item 4: with set-clipboard on, tmux keeps each OSC 52 copy in a
// paste buffer that the empty OSC 52 does not touch. Clearing a copy made
// inside tmux deletes the buffers that hold it (here: the secret copied
// twice) and leaves the user's own alone, a same-sized one included.
func TestClearDeletesTmuxBuffers(t *testing.T) {
	socket := tmuxServer(t)
	w := &writeRecorder{}
	cb := New(ModeOSC52, Env{Getenv: env("TMUX", socket+",4242,0"), Terminal: w, Tmux: RunTmux})
	mustCopy(t, cb, secret)
	// What tmux makes of the copy (pressed twice), beside the user's buffers.
	sameSize := strings.Repeat("x", len(secret))
	tmuxCmd(t, socket, "set-buffer", secret)
	tmuxCmd(t, socket, "set-buffer", "-b", "notes", "my notes")
	tmuxCmd(t, socket, "set-buffer", secret)
	tmuxCmd(t, socket, "set-buffer", "-b", "same size", sameSize)

	c, err := cb.ClearLastCopy()
	if err != nil {
		t.Fatal(err)
	}
	want := Clearing{Method: MethodOSC52, Asked: true, TmuxChecked: true, TmuxBuffers: 2}
	if c != want {
		t.Errorf("ClearLastCopy = %+v, want %+v", c, want)
	}
	if got, want := buffers(t, socket), []string{"my notes", sameSize}; !slices.Equal(got, want) {
		t.Errorf("tmux buffers hold %q, want %q", got, want)
	}
	if got := c.Describe("the secret"); strings.Contains(got, "Cleared") {
		t.Errorf("Describe = %q claims a clear OSC 52 cannot confirm", got)
	}
	if len(w.writes) != 2 || !strings.Contains(w.writes[1], oscClear) {
		t.Errorf("terminal got %q, want the copy then the OSC 52 clear", w.writes)
	}
}

// Outside tmux, and where TMUX names another machine's server (a served
// SSH session: no Env.Tmux), no tmux command runs and the clear says it
// only asked the terminal.
func TestClearOutsideTmuxOnlyAsks(t *testing.T) {
	for _, tt := range []struct {
		name string
		env  Env
	}{
		{"no TMUX", Env{Getenv: env()}},
		{"TMUX from an SSH client", Env{Getenv: env("TMUX", "/tmp/tmux-1000/default,1,0")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.env.Terminal = &writeRecorder{}
			cb := New(ModeOSC52, tt.env)
			mustCopy(t, cb, secret)
			c, err := cb.ClearLastCopy()
			if err != nil {
				t.Fatal(err)
			}
			if want := (Clearing{Method: MethodOSC52, Asked: true}); c != want {
				t.Errorf("ClearLastCopy = %+v, want %+v", c, want)
			}
			if got := c.Describe("the secret"); got != "Asked the terminal to clear the secret (OSC 52 cannot confirm it)" {
				t.Errorf("Describe = %q", got)
			}
		})
	}
}

// A tmux that does not answer leaves the copy due, so quit tries again,
// and the error holds no secret.
func TestClearTmuxFailureKeepsItDue(t *testing.T) {
	fail := true
	var calls [][]string
	run := func(socket string, args ...string) ([]byte, error) {
		calls = append(calls, args)
		if fail {
			return nil, errors.New("tmux list-buffers: no server running on " + socket)
		}
		return nil, nil
	}
	cb := New(ModeOSC52, Env{Getenv: env("TMUX", "/tmp/t.sock,1,0"), Terminal: &writeRecorder{}, Tmux: run})
	mustCopy(t, cb, secret)
	c, err := cb.ClearLastCopy()
	if err == nil || !c.Asked || c.TmuxChecked {
		t.Fatalf("ClearLastCopy = %+v, %v; want asked, unchecked, an error", c, err)
	}
	if strings.Contains(err.Error(), secret) || !strings.Contains(err.Error(), "may still hold it") {
		t.Errorf("error = %q", err)
	}
	fail = false
	if c, err := cb.ClearLastCopy(); err != nil || !c.TmuxChecked {
		t.Errorf("retry = %+v, %v; want checked", c, err)
	}
	if c, _ := cb.ClearLastCopy(); c.Done() {
		t.Errorf("a third clear did something: %+v", c)
	}
	if len(calls) != 2 {
		t.Errorf("tmux ran %d times (%q), want 2", len(calls), calls)
	}
}

func TestClearingDescribe(t *testing.T) {
	for _, tt := range []struct {
		c    Clearing
		want string
	}{
		{Clearing{Method: MethodNative, Cleared: true}, "Cleared the secret from the clipboard"},
		{Clearing{Method: MethodNative, Changed: true}, "Left the clipboard alone: something else was copied since"},
		{Clearing{Method: MethodOSC52, Asked: true, TmuxChecked: true, TmuxBuffers: 1}, "Deleted the secret from tmux's buffers; asked the terminal to clear it"},
		{Clearing{Method: MethodOSC52, Asked: true, TmuxChecked: true}, "Asked the terminal to clear the secret (OSC 52 cannot confirm it)"},
		{Clearing{}, ""},
	} {
		if got := tt.c.Describe("the secret"); got != tt.want {
			t.Errorf("%+v: Describe = %q, want %q", tt.c, got, tt.want)
		}
	}
}

// A copy that replaces another inside tmux removes the one it replaces from
// tmux's buffers, as a system clipboard forgets it: a secret copied and then
// its SID must not stay in a buffer that no clear will ever look at.
func TestCopyInTmuxRemovesTheCopyItReplaces(t *testing.T) {
	socket := tmuxServer(t)
	cb := New(ModeOSC52, Env{Getenv: env("TMUX", socket+",4242,0"), Terminal: &writeRecorder{}, Tmux: RunTmux})
	sid := "SK0123456789abcdef0123456789abcdef"
	tmuxCmd(t, socket, "set-buffer", "-b", "notes", "my notes")
	mustCopy(t, cb, secret)
	tmuxCmd(t, socket, "set-buffer", secret) // what tmux makes of the copy
	mustCopy(t, cb, sid)
	tmuxCmd(t, socket, "set-buffer", sid)
	if got, want := buffers(t, socket), []string{sid, "my notes"}; !slices.Equal(got, want) {
		t.Errorf("tmux buffers hold %q, want %q", got, want)
	}
	mustCopy(t, cb, sid) // the same text again removes nothing
	if got := buffers(t, socket); len(got) != 2 {
		t.Errorf("copying the same text again changed the buffers to %q", got)
	}
}
