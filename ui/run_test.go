package ui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/testwait"
)

// These tests call Run itself, with the terminal replaced by a pipe for input
// and a recording writer for output, so they cover what cmd relies on: the
// returned error and the clipboard cleared at quit.

// termScreen records what the program draws and wakes waiters on every write.
type termScreen struct {
	testwait.Buffer
	seen int // bytes already matched by a wait; only the test reads it
}

func newScreen() *termScreen { return &termScreen{} }

// waitFor blocks until text is drawn after what earlier waits matched.
func (s *termScreen) waitFor(t *testing.T, text string) {
	t.Helper()
	s.Wait(t, strconv.Quote(text), func(out []byte) bool {
		i := bytes.Index(out[s.seen:], []byte(text))
		if i >= 0 {
			s.seen += i + len(text)
		}
		return i >= 0
	})
}

// sizeKey stands in for the window size a pipe cannot report: the filter
// turns it into a WindowSizeMsg before the model sees it.
const sizeKey = '§'

func sizeOnKey(w, h int) tea.ProgramOption {
	return tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
		if k, ok := msg.(tea.KeyMsg); ok && len(k.Runes) == 1 && k.Runes[0] == sizeKey {
			return tea.WindowSizeMsg{Width: w, Height: h}
		}
		return msg
	})
}

// runConsole starts Run in the background; type writes to its keyboard.
func runConsole(t *testing.T, cfg Config) (scr *termScreen, typ func(string), done <-chan error) {
	t.Helper()
	return runConsoleCtx(t, testCtx, cfg, sizeOnKey(80, 24))
}

// runConsoleCtx is runConsole under ctx, with filter as the program's filter.
func runConsoleCtx(t *testing.T, ctx context.Context, cfg Config, filter tea.ProgramOption) (scr *termScreen, typ func(string), done <-chan error) {
	t.Helper()
	in, keyboard := io.Pipe()
	scr = newScreen()
	errc := make(chan error, 1)
	go func() {
		errc <- Run(ctx, cfg, tea.WithInput(in), tea.WithOutput(scr), tea.WithoutSignals(), filter)
	}()
	t.Cleanup(func() { keyboard.Close() })
	typ = func(s string) {
		if _, err := keyboard.Write([]byte(s)); err != nil {
			t.Fatalf("typing %q: %v", s, err)
		}
	}
	typ(string(sizeKey))
	return scr, typ, errc
}

func waitRun(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(waitLimit):
		t.Fatal("Run did not return")
		return nil
	}
}

func TestRunReturnsErrCredentialsRejected(t *testing.T) {
	f := newFake(sampleKeys())
	f.fetchErr = &twilio.Error{Op: "fetch account", Status: 401, Code: 20003, Message: "Authenticate"}
	scr, typ, done := runConsole(t, testConfig(f, nil))
	scr.waitFor(t, "Twilio refused these credentials")
	typ("x")
	if err := waitRun(t, done); !errors.Is(err, ErrCredentialsRejected) {
		t.Fatalf("Run returned %v, want ErrCredentialsRejected", err)
	}
}

func TestRunQuitsCleanlyAndClearsTheSecret(t *testing.T) {
	f := newFake(sampleKeys())
	native, cb := newClipboard()
	cfg := testConfig(f, cb)
	cfg.ClearAfter = 0 // no timer: only quitting clears
	scr, typ, done := runConsole(t, cfg)
	scr.waitFor(t, "1–7 of 7 keys")
	typ("n")
	scr.waitFor(t, "Create API key")
	typ("ci\r")
	scr.waitFor(t, "New API key created")
	typ("c")
	scr.waitFor(t, "Secret copied to the clipboard")
	if native.Clears() != 0 {
		t.Fatal("cleared before quit")
	}
	typ("\x03") // ctrl+c
	if err := waitRun(t, done); err != nil {
		t.Fatalf("Run returned %v", err)
	}
	if native.Clears() != 1 {
		t.Errorf("clipboard cleared %d times at quit, want once", native.Clears())
	}
}

// TestRunEndsWithItsContext: when the program's context ends (cmd cancels it
// on SIGTERM, SIGHUP and SIGQUIT), Bubble Tea stops without a last Update;
// Run must still stop the listing, drop the secret and clear the clipboard.
func TestRunEndsWithItsContext(t *testing.T) {
	f := newFake(manyKeys(1500))
	f.gate = make(chan struct{}) // the second page never comes: the listing runs until stopped
	f.listEnded = make(chan error, 1)
	native, cb := newClipboard()
	cfg := testConfig(f, cb)
	cfg.ClearAfter = 0 // no timer: only the end clears
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var secret atomic.Pointer[string] // the secret modal's, seen by the filter
	size := tea.WindowSizeMsg{Width: 80, Height: 24}
	filter := tea.WithFilter(func(m tea.Model, msg tea.Msg) tea.Msg {
		if s := frontOf[secretScreen](m.(Model)); s.secret != nil {
			secret.Store(s.secret)
		}
		if k, ok := msg.(tea.KeyMsg); ok && len(k.Runes) == 1 && k.Runes[0] == sizeKey {
			return size
		}
		return msg
	})
	scr, typ, done := runConsoleCtx(t, ctx, cfg, filter)
	scr.waitFor(t, "Loading…")
	typ("n")
	scr.waitFor(t, "Create API key")
	typ("ci\r")
	scr.waitFor(t, "New API key created")
	typ("c")
	scr.waitFor(t, "Secret copied to the clipboard")

	cancel()
	if err := waitRun(t, done); err != nil {
		t.Fatalf("Run returned %v, want nil: the context ended on purpose", err)
	}
	if native.Clears() != 1 {
		t.Errorf("clipboard cleared %d times, want once", native.Clears())
	}
	if p := secret.Load(); p == nil || *p != "" {
		t.Error("the secret modal's secret outlived the program")
	}
	select {
	case err := <-f.listEnded:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("listing ended with %v, want context.Canceled", err)
		}
	case <-time.After(waitLimit):
		t.Error("the listing still runs after Run returned")
	}
}
