package clipboard

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

const secret = "kT3cR8vLqP0zX4mN7bW2yH6jF9sD1gA5"

func TestParseMode(t *testing.T) {
	tests := []struct {
		in      string
		want    Mode
		wantErr bool
	}{
		{"", ModeAuto, false},
		{"auto", ModeAuto, false},
		{"native", ModeNative, false},
		{"osc52", ModeOSC52, false},
		{"off", ModeOff, false},
		{" OSC52 ", ModeOSC52, false},
		{"Native", ModeNative, false},
		{"osc-52", "", true},
		{"x11", "", true},
		{"none", "", true},
	}
	for _, tt := range tests {
		got, err := ParseMode(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseMode(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !strings.Contains(err.Error(), "auto, native, osc52, off") {
			t.Errorf("ParseMode(%q) error %q does not list the modes", tt.in, err)
		}
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		r    Result
		want string
	}{
		{Result{MethodNative, true}, "Secret copied to the clipboard"},
		{Result{MethodNative, false}, "Secret sent to the clipboard, but it could not be read back to confirm"},
		{Result{MethodOSC52, false}, "Secret sent to the terminal's clipboard (OSC 52); your terminal must allow it"},
		{Result{MethodOff, false}, "Secret not copied: the clipboard is off"},
		{Result{}, "Secret not copied"},
	}
	for _, tt := range tests {
		if got := tt.r.Describe("Secret"); got != tt.want {
			t.Errorf("%+v.Describe = %q, want %q", tt.r, got, tt.want)
		}
	}
}

func TestCopyChoosesTheBackend(t *testing.T) {
	osc := "\x1b]52;c;" + b64(secret) + "\a"
	tests := []struct {
		name       string
		mode       Mode
		env        func(string) string
		nativeErr  error
		noTerminal bool
		want       Result
		wantNative string // what the system clipboard holds afterwards
		wantTerm   string // what the terminal received
	}{
		{"auto, local", ModeAuto, env(), nil, false, Result{MethodNative, true}, secret, ""},
		{"auto, SSH_TTY", ModeAuto, env("SSH_TTY", "/dev/pts/3"), nil, false, Result{MethodOSC52, false}, "", osc},
		{"auto, SSH_CONNECTION", ModeAuto, env("SSH_CONNECTION", "10.0.0.2 5122 10.0.0.1 22"), nil, false, Result{MethodOSC52, false}, "", osc},
		{"auto, SSH_CLIENT", ModeAuto, env("SSH_CLIENT", "10.0.0.2 5122 22"), nil, false, Result{MethodOSC52, false}, "", osc},
		{"auto, native fails", ModeAuto, env(), errNoDisplay, false, Result{MethodOSC52, false}, "", osc},
		{"auto, SSH without a terminal", ModeAuto, env("SSH_TTY", "/dev/pts/3"), nil, true, Result{MethodNative, true}, secret, ""},
		{"auto, SSH with TERM=dumb", ModeAuto, env("SSH_TTY", "/dev/pts/3", "TERM", "dumb"), nil, false, Result{MethodNative, true}, secret, ""},
		{"zero mode is auto", "", env(), nil, false, Result{MethodNative, true}, secret, ""},
		{"native over SSH", ModeNative, env("SSH_TTY", "/dev/pts/3"), nil, false, Result{MethodNative, true}, secret, ""},
		{"osc52 locally", ModeOSC52, env(), nil, false, Result{MethodOSC52, false}, "", osc},
		{"off", ModeOff, env(), nil, false, Result{MethodOff, false}, "", ""},
		{"off over SSH", ModeOff, env("SSH_TTY", "/dev/pts/3"), nil, false, Result{MethodOff, false}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			native := &fakeNative{writeErr: tt.nativeErr}
			term := &bytes.Buffer{}
			e := Env{Getenv: tt.env, Terminal: term, Native: native}
			if tt.noTerminal {
				e.Terminal = nil
			}
			got, err := New(tt.mode, e).Copy(secret)
			if err != nil {
				t.Fatalf("Copy: %v", err)
			}
			if got != tt.want {
				t.Errorf("Copy = %+v, want %+v", got, tt.want)
			}
			if native.get() != tt.wantNative {
				t.Errorf("system clipboard holds %q, want %q", native.get(), tt.wantNative)
			}
			if term.String() != tt.wantTerm {
				t.Errorf("terminal got %q, want %q", term.String(), tt.wantTerm)
			}
		})
	}
}

func TestCopyUnconfirmedWhenReadBackDiffers(t *testing.T) {
	s := setup(ModeNative, env())
	s.native.mangle = func(t string) string { return strings.ReplaceAll(t, "\n", "\r\n") }
	got, err := s.cb.Copy("A=1\nB=2\n")
	if err != nil {
		t.Fatal(err)
	}
	if want := (Result{MethodNative, false}); got != want {
		t.Errorf("Copy = %+v, want %+v", got, want)
	}
}

func TestCopyUnconfirmedWhenReadBackFails(t *testing.T) {
	s := setup(ModeAuto, env())
	s.native.readErr = errors.New("exit status 1")
	got, err := s.cb.Copy(secret)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Result{MethodNative, false}); got != want {
		t.Errorf("Copy = %+v, want %+v", got, want)
	}
	if s.term.Len() != 0 {
		t.Errorf("an unconfirmed native copy also sent OSC 52: %q", s.term.String())
	}
}

func TestCopyFailsWhenNothingWorks(t *testing.T) {
	tests := []struct {
		name string
		mode Mode
		env  Env
		want []string // in the error message
	}{
		{"native only, helper fails", ModeNative,
			Env{Getenv: env(), Terminal: &bytes.Buffer{}, Native: &fakeNative{writeErr: errNoDisplay}},
			[]string{"system clipboard: exit status 1"}},
		{"native only, none", ModeNative, Env{}, []string{"no system clipboard"}},
		{"osc52 only, no terminal", ModeOSC52, Env{}, []string{"OSC 52: no terminal"}},
		{"osc52 only, dumb terminal", ModeOSC52, Env{Getenv: env("TERM", "dumb"), Terminal: &bytes.Buffer{}}, []string{"TERM=dumb"}},
		{"osc52 only, write fails", ModeOSC52, Env{Terminal: failingWriter{}}, []string{"OSC 52: broken pipe"}},
		{"auto, both fail", ModeAuto,
			Env{Getenv: env(), Native: &fakeNative{writeErr: errNoDisplay}},
			[]string{"system clipboard: exit status 1", "OSC 52: no terminal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := New(tt.mode, tt.env).Copy(secret)
			if err == nil {
				t.Fatalf("Copy = %+v, want an error", got)
			}
			if got != (Result{}) {
				t.Errorf("failed Copy returned %+v", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q holds the secret or a newline", err)
			}
		})
	}
}

// TestErrorsNeverHoldTheText covers a clipboard helper that echoes its input
// into its error: the text must not reach a status line.
func TestErrorsNeverHoldTheText(t *testing.T) {
	native := &fakeNative{writeErr: errors.New("helper: cannot store " + secret + ": no display")}
	_, err := New(ModeNative, Env{Native: native}).Copy(secret)
	if err == nil {
		t.Fatal("Copy succeeded, want an error")
	}
	if strings.Contains(err.Error(), secret) {
		t.Errorf("error holds the secret: %q", err)
	}
	if !strings.Contains(err.Error(), "[redacted]") || !strings.Contains(err.Error(), "no display") {
		t.Errorf("error %q lost the helper's message", err)
	}
}

func b64(s string) string {
	// Written out rather than computed with encoding/base64, for the one
	// secret the tests copy, so that the tests check the encoding too.
	if s == secret {
		return "a1QzY1I4dkxxUDB6WDRtTjdiVzJ5SDZqRjlzRDFnQTU="
	}
	panic("no base64 for " + s)
}
