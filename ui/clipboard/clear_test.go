package clipboard

import (
	"errors"
	"strings"
	"testing"
)

const oscClear = "\x1b]52;c;\a"

func TestClearNative(t *testing.T) {
	tests := []struct {
		name        string
		between     func(s testSetup) // what happens after the copy
		clear       func(cb Clipboard) (bool, error)
		wantCleared bool
		wantContent string
	}{
		{"unchanged, by text", nil, clearText(secret), true, ""},
		{"unchanged, last copy", nil, clearLast, true, ""},
		{"user copied something else", func(s testSetup) { s.native.set("my notes") }, clearText(secret), false, "my notes"},
		{"user copied something else, last copy", func(s testSetup) { s.native.set("my notes") }, clearLast, false, "my notes"},
		{"asked about other text", nil, clearText("another text"), false, secret},
		{"a later copy replaced it", func(s testSetup) { mustCopy(t, s.cb, "SK0123") }, clearText(secret), false, "SK0123"},
		{"a later copy is what the last-copy clear clears", func(s testSetup) { mustCopy(t, s.cb, "SK0123") }, clearLast, true, ""},
		{"a failed later copy leaves the first due", func(s testSetup) {
			s.native.writeErr = errNoDisplay
			s.native.readErr = nil
			if _, err := s.cb.Copy("SK0123"); err == nil {
				t.Fatal("copy with a failing helper succeeded")
			}
			s.native.writeErr = nil
		}, clearText(secret), true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := setup(ModeNative, env())
			mustCopy(t, s.cb, secret)
			if tt.between != nil {
				tt.between(s)
			}
			cleared, err := tt.clear(s.cb)
			if err != nil {
				t.Fatal(err)
			}
			if cleared != tt.wantCleared {
				t.Errorf("cleared = %v, want %v", cleared, tt.wantCleared)
			}
			if got := s.native.get(); got != tt.wantContent {
				t.Errorf("clipboard holds %q, want %q", got, tt.wantContent)
			}
		})
	}
}

// TestClearHappensOnce: after a clear (or after finding the clipboard
// changed), the copy is forgotten, so a timer and quit never both act, and a
// secret the user copies again by hand is left alone.
func TestClearHappensOnce(t *testing.T) {
	s := setup(ModeNative, env())
	mustCopy(t, s.cb, secret)
	if ok, _ := clearLast(s.cb); !ok {
		t.Fatal("first clear did not clear")
	}
	s.native.set(secret) // the user pastes it back by hand
	for _, clear := range []func(Clipboard) (bool, error){clearLast, clearText(secret)} {
		if ok, err := clear(s.cb); ok || err != nil {
			t.Errorf("second clear = %v, %v; want false, nil", ok, err)
		}
	}
	if s.native.get() != secret {
		t.Errorf("second clear touched the clipboard")
	}

	s.native.set("")
	mustCopy(t, s.cb, secret)
	s.native.set("my notes")
	if ok, _ := clearLast(s.cb); ok {
		t.Fatal("cleared a changed clipboard")
	}
	s.native.set(secret)
	if ok, _ := clearLast(s.cb); ok {
		t.Error("cleared after the clipboard was once found changed")
	}
}

func TestClearNativeErrorKeepsItDue(t *testing.T) {
	s := setup(ModeNative, env())
	mustCopy(t, s.cb, secret)
	s.native.readErr = errors.New("exit status 1")
	ok, err := clearLast(s.cb)
	if ok || err == nil {
		t.Fatalf("ClearLastCopy with a failing helper = %v, %v", ok, err)
	}
	if strings.Contains(err.Error(), secret) {
		t.Errorf("error holds the secret: %q", err)
	}
	s.native.readErr = nil // at quit, the helper works again
	if ok, err := clearLast(s.cb); !ok || err != nil {
		t.Errorf("retry = %v, %v; want true, nil", ok, err)
	}
	if s.native.get() != "" {
		t.Errorf("clipboard still holds %q", s.native.get())
	}
}

func TestClearOSC52(t *testing.T) {
	tests := []struct {
		name        string
		between     func(cb Clipboard)
		clear       func(cb Clipboard) (bool, error)
		wantCleared bool
	}{
		{"nothing copied since, by text", nil, clearText(secret), true},
		{"nothing copied since, last copy", nil, clearLast, true},
		{"asked about other text", nil, clearText("another text"), false},
		{"copied something else since", func(cb Clipboard) { mustCopy(t, cb, "SK0123") }, clearText(secret), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := setup(ModeOSC52, env())
			mustCopy(t, s.cb, secret)
			if tt.between != nil {
				tt.between(s.cb)
			}
			s.term.Reset()
			cleared, err := tt.clear(s.cb)
			if err != nil {
				t.Fatal(err)
			}
			if cleared != tt.wantCleared {
				t.Errorf("cleared = %v, want %v", cleared, tt.wantCleared)
			}
			want := ""
			if tt.wantCleared {
				want = oscClear
			}
			if got := s.term.String(); got != want {
				t.Errorf("terminal got %q, want %q", got, want)
			}
			// Never twice.
			s.term.Reset()
			if ok, _ := clearText(secret)(s.cb); ok && tt.wantCleared {
				t.Error("cleared the same copy twice")
			}
		})
	}
}

// TestClearUsesTheBackendThatCopied: in auto mode a copy that fell back to
// OSC 52 is cleared with OSC 52, and the system clipboard is not touched.
func TestClearUsesTheBackendThatCopied(t *testing.T) {
	s := setup(ModeAuto, env())
	s.native.writeErr = errNoDisplay
	s.native.set("my notes")
	if r := mustCopy(t, s.cb, secret); r.Method != MethodOSC52 {
		t.Fatalf("copy went to %s, want osc52", r.Method)
	}
	s.term.Reset()
	s.native.writeErr = nil
	if ok, err := clearLast(s.cb); !ok || err != nil {
		t.Fatalf("ClearLastCopy = %v, %v", ok, err)
	}
	if s.term.String() != oscClear {
		t.Errorf("terminal got %q, want the OSC 52 clear", s.term.String())
	}
	if s.native.get() != "my notes" || s.native.writes != 0 {
		t.Errorf("system clipboard was touched: %q, %d writes", s.native.get(), s.native.writes)
	}
}

func TestModeOffCopiesAndClearsNothing(t *testing.T) {
	s := setup(ModeOff, env("SSH_TTY", "/dev/pts/1"))
	s.native.set("my notes")
	r := mustCopy(t, s.cb, secret)
	if r != (Result{Method: MethodOff}) {
		t.Errorf("Copy = %+v, want off", r)
	}
	for _, clear := range []func(Clipboard) (bool, error){clearText(secret), clearLast} {
		if ok, err := clear(s.cb); ok || err != nil {
			t.Errorf("clear = %v, %v; want false, nil", ok, err)
		}
	}
	if s.native.get() != "my notes" || s.native.writes != 0 || s.term.Len() != 0 {
		t.Errorf("off mode touched a clipboard: native %q (%d writes), terminal %q",
			s.native.get(), s.native.writes, s.term.String())
	}
}

func mustCopy(t *testing.T, cb Clipboard, text string) Result {
	t.Helper()
	r, err := cb.Copy(text)
	if err != nil {
		t.Fatalf("Copy: %v", err)
	}
	return r
}

func clearText(text string) func(Clipboard) (bool, error) {
	return func(cb Clipboard) (bool, error) {
		c, err := cb.ClearIfUnchanged(text)
		return c.Done(), err
	}
}

func clearLast(cb Clipboard) (bool, error) {
	c, err := cb.ClearLastCopy()
	return c.Done(), err
}
