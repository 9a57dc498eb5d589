package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/testwait"
	"github.com/twilio-keys/twilio-keys/ui"
	"github.com/twilio-keys/twilio-keys/ui/clipboard"
)

// panicSecret is the secret the panicking console's key gets: 32
// characters, like Twilio's, and easy to spot.
const panicSecret = "PanicTestSecretDoNotPrint0123456"

// The DEC private modes Bubble Tea sets and must reset: the xterm escape
// sequences themselves, as a terminal reads them.
const (
	enterAltScreen    = "\x1b[?1049h"
	leaveAltScreen    = "\x1b[?1049l"
	showCursor        = "\x1b[?25h"
	hideCursor        = "\x1b[?25l"
	bracketedPasteOn  = "\x1b[?2004h"
	bracketedPasteOff = "\x1b[?2004l"
)

// TestPanicRestoresTerminalAndHidesSecret runs the console in a child
// process, creates a key so that its secret is on screen, and makes the
// program panic: in Update with a runtime error, in Update with a message
// that formats the new key, and inside a Cmd with the new key as the panic
// value. Bubble Tea v1.3.10 recovers each, restores the terminal and prints
// the panic value and a stack trace. The terminal must be left usable
// (alternate screen left, cursor shown, bracketed paste off), the secret
// must have been drawn only on the alternate screen, which the terminal
// throws away on leaving it, and neither the panic message nor the stack
// trace may hold the secret.
func TestPanicRestoresTerminalAndHidesSecret(t *testing.T) {
	for _, mode := range []string{"update-runtime-error", "update-formats-key", "cmd-panics-with-key"} {
		t.Run(mode, func(t *testing.T) {
			cmd := helperCommand(t, "panicking-console", mode)
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			stdout, stderr := &testwait.Buffer{}, &testwait.Buffer{}
			cmd.Stdout, cmd.Stderr = stdout, stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() {
				err := cmd.Wait()
				stdout.Close()
				stderr.Close()
				exited <- err
			}()
			t.Cleanup(func() { cmd.Process.Kill() })

			stdout.WaitFor(t, "existing-key")
			io.WriteString(stdin, "n")
			stdout.WaitFor(t, "Create API key")
			io.WriteString(stdin, "leaky\r")
			stdout.WaitFor(t, panicSecret)
			io.WriteString(stdin, "!") // the test model panics on "!"

			stdout.WaitFor(t, "Restoring terminal...")
			stderr.WaitFor(t, "runtime/debug.PrintStack")
			stdin.Close() // the child exits once its stdin ends
			select {
			case err := <-exited:
				if err != nil {
					t.Fatalf("child: %v (the program did not end in a recovered panic)\nstderr:\n%s", err, stderr)
				}
			case <-time.After(time.Minute): // a bound on a hang
				t.Fatal("child did not exit")
			}

			out, errOut := stdout.String(), stderr.String()
			assertTerminalRestored(t, out)
			if strings.Contains(errOut, panicSecret) {
				t.Errorf("the stack trace or an error message holds the secret:\n%s", errOut)
			}
			_, printed, _ := strings.Cut(out, "Caught ")
			if !strings.Contains(printed, "panic") || strings.Contains(printed, panicSecret) {
				t.Errorf("the panic message is missing or holds the secret: %q", printed)
			}
			if mode != "update-runtime-error" && !strings.Contains(printed, "Secret:<hidden>") {
				t.Errorf("the panic message does not show the key with its secret hidden: %q", printed)
			}
		})
	}
}

// assertTerminalRestored reads the bytes a program wrote to its terminal:
// the secret must appear only while the alternate screen is on, and the
// last word on the alternate screen, the cursor and bracketed paste must
// leave the terminal as it was.
func assertTerminalRestored(t *testing.T, out string) {
	t.Helper()
	if !strings.Contains(out, panicSecret) {
		t.Fatal("the secret was never drawn; the test did not reach the secret modal")
	}
	alt := false
	rest := out
	for rest != "" {
		enter := strings.Index(rest, enterAltScreen)
		leave := strings.Index(rest, leaveAltScreen)
		next, seqLen, nextAlt := len(rest), 0, alt
		switch {
		case enter >= 0 && (leave < 0 || enter < leave):
			next, seqLen, nextAlt = enter, len(enterAltScreen), true
		case leave >= 0:
			next, seqLen, nextAlt = leave, len(leaveAltScreen), false
		}
		if !alt && strings.Contains(rest[:next], panicSecret) {
			t.Errorf("the secret was drawn on the main screen, where it stays after the program ends")
		}
		rest, alt = rest[next+seqLen:], nextAlt
	}
	if alt {
		t.Error("the program ended on the alternate screen")
	}
	lastIs := func(what, on, off string) {
		if strings.LastIndex(out, on) <= strings.LastIndex(out, off) {
			t.Errorf("%s was not restored: last %q at %d, last %q at %d", what, on, strings.LastIndex(out, on), off, strings.LastIndex(out, off))
		}
	}
	lastIs("the cursor", showCursor, hideCursor)
	lastIs("bracketed paste", bracketedPasteOff, bracketedPasteOn)
}

// runPanickingConsole is the child: the console on a fake service, wrapped
// in a model that panics on "!", drawing on stdout in the alternate screen
// as ui.Run does, with keys from stdin. It exits 0 only if the program
// ended in a recovered panic, and only once stdin ends, so that the panic
// report is complete.
func runPanickingConsole(args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: panicking-console MODE")
		return 2
	}
	// The keys are read here and sent to the program, rather than given to
	// Bubble Tea as its input: on a kill (which is how it ends after a
	// panic) v1.3.10 closes an *os.File input under its own read loop, a
	// data race that the race detector would report in this child.
	p := tea.NewProgram(newPanicModel(args[0]), tea.WithAltScreen(), tea.WithInput(nil), tea.WithOutput(clipboard.Stdout()))
	stdinEnded := make(chan struct{})
	go func() {
		defer close(stdinEnded)
		var b [1]byte
		for {
			if _, err := os.Stdin.Read(b[:]); err != nil {
				return
			}
			if b[0] == '\r' {
				p.Send(tea.KeyMsg{Type: tea.KeyEnter})
			} else {
				p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{rune(b[0])}})
			}
		}
	}()
	_, err := p.Run()
	<-stdinEnded
	return recoveredPanic(err)
}

// runPanickingConsoleTTY is runPanickingConsole on a real terminal: Bubble
// Tea reads the keys from it in raw mode, as ui.Run does.
func runPanickingConsoleTTY(args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: panicking-console-tty MODE")
		return 2
	}
	_, err := tea.NewProgram(newPanicModel(args[0]), tea.WithAltScreen(), tea.WithInput(os.Stdin), tea.WithOutput(clipboard.Stdout())).Run()
	return recoveredPanic(err)
}

func recoveredPanic(err error) int {
	if !errors.Is(err, tea.ErrProgramPanic) {
		fmt.Fprintf(os.Stderr, "Run returned %v, want a recovered panic\n", err)
		return 1
	}
	return 0
}

// panicModel is the console with one bug planted: "!" panics.
type panicModel struct {
	inner tea.Model
	mode  string
	svc   *panicService
}

func newPanicModel(mode string) panicModel {
	svc := &panicService{}
	return panicModel{inner: ui.New(ui.Config{Service: svc, Source: "test"}), mode: mode, svc: svc}
}

func (m panicModel) Init() tea.Cmd {
	size := func() tea.Msg { return tea.WindowSizeMsg{Width: 100, Height: 30} }
	return tea.Batch(m.inner.Init(), size)
}

func (m panicModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.String() == "!" {
		key := m.svc.created()
		switch m.mode {
		case "update-runtime-error":
			var rows []string
			_ = rows[len(key.Secret)] // index out of range
		case "update-formats-key":
			panic(fmt.Sprintf("cannot draw %v (%+v, %#v)", key, key, key))
		case "cmd-panics-with-key":
			return m, func() tea.Msg { panic(key) }
		}
	}
	var cmd tea.Cmd
	m.inner, cmd = m.inner.Update(msg)
	return m, cmd
}

func (m panicModel) View() string { return m.inner.View() }

// panicService is an account with one key, whose creates return panicSecret.
type panicService struct {
	mu   sync.Mutex
	last twilio.NewKey
}

var panicNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func (s *panicService) created() twilio.NewKey {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

func (s *panicService) FetchAccount(context.Context) (twilio.Account, error) {
	return twilio.Account{SID: "AC" + strings.Repeat("0", 32), FriendlyName: "Panic Test", Status: "active", Type: "Full"}, nil
}

func (s *panicService) ListKeys(_ context.Context, _ int, onPage func([]twilio.Key) error) error {
	return onPage([]twilio.Key{{SID: "SK" + strings.Repeat("0", 32), FriendlyName: "existing-key", DateCreated: panicNow, DateUpdated: panicNow}})
}

func (s *panicService) FetchKey(context.Context, string) (twilio.Key, error) {
	return twilio.Key{}, errors.New("not here")
}

func (s *panicService) CreateKey(_ context.Context, name string, t twilio.KeyType) (twilio.NewKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last = twilio.NewKey{Key: twilio.Key{SID: "SK" + strings.Repeat("0", 31) + "1", FriendlyName: name, DateCreated: panicNow, DateUpdated: panicNow, Type: t}, Secret: panicSecret}
	return s.last, nil
}

func (s *panicService) RenameKey(context.Context, string, string) (twilio.Key, error) {
	return twilio.Key{}, errors.New("not here")
}

func (s *panicService) DeleteKey(context.Context, string) error { return errors.New("not here") }

func (s *panicService) ListSubaccounts(context.Context) ([]twilio.Account, error) { return nil, nil }
func (s *panicService) CheckKey(context.Context, string, string) error            { return nil }
func (s *panicService) CanManageKeys(context.Context, string, string) (bool, error) {
	return false, nil
}
func (s *panicService) IsSandbox() bool { return true }
func (s *panicService) Region() string  { return "us1" }
