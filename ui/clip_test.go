package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/ui/clipboard"
)

// copyThrough copies text with the model's clipboard, as copyCmd does, and
// feeds the result back.
func copyThrough(m Model, what, text string, secret bool) Model {
	return send(m, copyCmd(m.cfg.Clipboard, what, text, secret)())
}

// fireClearTimer delivers the auto-clear timer of copy number seq and runs
// the clear it asks for; it reports whether a clear was attempted.
func fireClearTimer(m Model, seq int) (Model, bool) {
	next, cmd := m.Update(clearClipboardMsg{seq: seq})
	m = next.(Model)
	if cmd == nil {
		return m, false
	}
	return send(m, cmd()), true
}

func TestAutoClear(t *testing.T) {
	tests := []struct {
		name string
		// steps copies and returns the model and which copy's timer fires.
		steps       func(m Model, n *fakeNative) (Model, int)
		wantClear   bool // a clear was attempted
		wantContent string
		wantStatus  string
	}{
		{"clears the secret", func(m Model, n *fakeNative) (Model, int) {
			m = copyThrough(m, "Secret", fakeSecret, true)
			return m, m.clip.seq
		}, true, "", "Cleared the secret from the clipboard"},
		{"leaves text another program copied since", func(m Model, n *fakeNative) (Model, int) {
			m = copyThrough(m, "Secret", fakeSecret, true)
			n.set("something the user copied")
			return m, m.clip.seq
		}, true, "something the user copied", "Left the clipboard alone"},
		{"a later SID copy disarms the secret's timer", func(m Model, n *fakeNative) (Model, int) {
			m = copyThrough(m, "Secret", fakeSecret, true)
			secretCopy := m.clip.seq
			return copyThrough(m, "SID", "SK1", false), secretCopy
		}, false, "SK1", "SID copied"},
		{"copying the SID alone arms nothing", func(m Model, n *fakeNative) (Model, int) {
			m = copyThrough(m, "SID", "SK1", false)
			return m, m.clip.seq
		}, false, "SK1", "SID copied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			native, cb := newClipboard()
			m := loaded(t, newFake(sampleKeys()), 80, 24)
			m.cfg.Clipboard = cb
			m, seq := tt.steps(m, native)
			m, cleared := fireClearTimer(m, seq)
			if cleared != tt.wantClear {
				t.Errorf("clear attempted %v, want %v", cleared, tt.wantClear)
			}
			if got, _ := native.ReadAll(); got != tt.wantContent {
				t.Errorf("clipboard holds %q, want %q", got, tt.wantContent)
			}
			if !strings.Contains(m.status.text, tt.wantStatus) {
				t.Errorf("status %q, want it to say %q", m.status.text, tt.wantStatus)
			}
		})
	}
}

func TestClearAtExit(t *testing.T) {
	tests := []struct {
		name      string
		copies    [][2]string // what, text; the first is the secret
		wantClear bool
	}{
		{"secret still on the clipboard", [][2]string{{"Secret", fakeSecret}}, true},
		{"SID copied after the secret", [][2]string{{"Secret", fakeSecret}, {"SID", "SK1"}}, false},
		{"nothing copied", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			native, cb := newClipboard()
			m := loaded(t, newFake(sampleKeys()), 80, 24)
			m.cfg.Clipboard = cb
			for i, c := range tt.copies {
				m = copyThrough(m, c[0], c[1], i == 0)
			}
			m.clearClipboardAtExit()
			if got := native.Clears() == 1; got != tt.wantClear {
				t.Errorf("cleared %v, want %v", got, tt.wantClear)
			}
		})
	}
}

// brokenNative is a system clipboard whose helper fails, with the text in its
// error as some helpers do.
type brokenNative struct{}

func (brokenNative) ReadAll() (string, error)   { return "", errors.New("xclip: Can't open display") }
func (brokenNative) WriteAll(text string) error { return errors.New("xclip failed on input " + text) }

func TestCopyFailureIsAnErrorWithoutTheSecret(t *testing.T) {
	m := loaded(t, newFake(sampleKeys()), 80, 24)
	m.cfg.Clipboard = clipboard.New(clipboard.ModeNative, clipboard.Env{Native: brokenNative{}})
	m = copyThrough(m, "Secret", fakeSecret, true)
	if !m.status.isErr {
		t.Fatalf("status %q is not an error", m.status.text)
	}
	if strings.Contains(m.status.text, fakeSecret) || strings.Contains(m.View(), fakeSecret) {
		t.Error("the secret appears in the status line")
	}
	if m.clip.secret {
		t.Error("a failed copy armed the auto-clear")
	}
}

func TestFlowAutoClearTimer(t *testing.T) {
	f := newFake(sampleKeys())
	native, cb := newClipboard()
	cfg := testConfig(f, cb)
	cfg.ClearAfter = 20 * time.Millisecond
	tm := startProgram(t, cfg, 80, 24)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "n")
	tm.Type("ci")
	sendKeys(tm, "enter")
	waitFor(t, tm, "New API key created")
	sendKeys(tm, "c")
	waitFor(t, tm, "Cleared the secret from the clipboard")
	finish(t, tm)
	if got, _ := native.ReadAll(); got != "" || native.Clears() != 1 {
		t.Errorf("clipboard holds %q after %d clears", got, native.Clears())
	}
}

// Issue 12, item 4: an OSC 52 clear cannot be confirmed, so the status line
// says the terminal was asked, never "Cleared".
func TestAutoClearOverOSC52SaysWhatWasDone(t *testing.T) {
	m := loaded(t, newFake(sampleKeys()), 80, 24)
	var term strings.Builder
	m.cfg.Clipboard = clipboard.New(clipboard.ModeOSC52, clipboard.Env{Terminal: &term})
	m = copyThrough(m, "Secret", fakeSecret, true)
	m, cleared := fireClearTimer(m, m.clip.seq)
	if !cleared {
		t.Fatal("no clear was attempted")
	}
	if !strings.HasSuffix(term.String(), "\x1b]52;c;\a") {
		t.Errorf("terminal got %q, want the empty OSC 52 last", term.String())
	}
	if got := m.status.text; strings.Contains(got, "Cleared") || !strings.Contains(got, "Asked the terminal to clear the secret") {
		t.Errorf("status %q, want it to say the terminal was asked", got)
	}
}
