// Package clipboard copies text (a new key's secret, a SID) to the user's
// clipboard: the system clipboard when there is one on this machine, OSC 52
// (the terminal's own clipboard escape sequence) over SSH or when the system
// clipboard fails, and nothing when the user turned it off. It reports
// honestly what happened, since OSC 52 cannot be confirmed, and it clears
// what it copied only while the clipboard still holds it.
//
// The package keeps no copy of the text: it remembers a SHA-256 digest of
// the last copy, enough to tell later whether the clipboard still holds it.
// The text never appears in an error.
//
// Timing is the caller's: the UI schedules the auto-clear (DefaultClearAfter)
// with tea.Tick and calls ClearLastCopy when it fires and again at quit.
package clipboard

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// DefaultClearAfter is how long a copied secret stays on the clipboard
// before the UI clears it: between KeePassXC's 10 s and pass's 45 s, long
// enough to paste a SID and a secret into an .env file.
const DefaultClearAfter = 30 * time.Second

// Mode chooses where Copy puts text.
type Mode string

// The modes, as the user spells them in configuration.
const (
	// ModeAuto uses OSC 52 in an SSH session (the system clipboard there
	// belongs to the remote machine) and the system clipboard otherwise,
	// each falling back to the other when it fails.
	ModeAuto Mode = "auto"
	// ModeNative uses only the system clipboard.
	ModeNative Mode = "native"
	// ModeOSC52 uses only OSC 52.
	ModeOSC52 Mode = "osc52"
	// ModeOff copies nothing; the user selects text with the mouse.
	ModeOff Mode = "off"
)

// ParseMode reads a mode from a flag or an environment variable. Case and
// surrounding space are ignored; "" means ModeAuto.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case "":
		return ModeAuto, nil
	case ModeAuto, ModeNative, ModeOSC52, ModeOff:
		return m, nil
	}
	return "", fmt.Errorf("clipboard mode %q is not one of auto, native, osc52, off", s)
}

// The methods a Result can report.
const (
	MethodNative = "native" // the system clipboard took the text
	MethodOSC52  = "osc52"  // the text went to the terminal as OSC 52
	MethodOff    = "off"    // the clipboard is off; nothing was copied
)

// Result says what a Copy did.
type Result struct {
	Method string // MethodNative, MethodOSC52 or MethodOff
	// Confirmed is true when the system clipboard was read back and held the
	// text. OSC 52 has no reply, so it is never confirmed.
	Confirmed bool
}

// Describe returns the status line for a copy of what ("Secret", "Key SID"),
// claiming no more than is known.
func (r Result) Describe(what string) string {
	switch {
	case r.Method == MethodNative && r.Confirmed:
		return what + " copied to the clipboard"
	case r.Method == MethodNative:
		return what + " sent to the clipboard, but it could not be read back to confirm"
	case r.Method == MethodOSC52:
		return what + " sent to the terminal's clipboard (OSC 52); your terminal must allow it"
	case r.Method == MethodOff:
		return what + " not copied: the clipboard is off"
	}
	return what + " not copied"
}

// Clearing says what a clear did, so that the UI claims no more than that.
type Clearing struct {
	// Method is where the copy went: MethodNative or MethodOSC52; "" when no
	// copy was due for clearing.
	Method string
	// Cleared: the system clipboard, read back, still held the copy and was
	// emptied.
	Cleared bool
	// Changed: the system clipboard held something else, so it was left alone.
	Changed bool
	// Asked: an empty OSC 52 went to the terminal. Whether the terminal
	// applied it cannot be known: OSC 52 has no reply.
	Asked bool
	// TmuxChecked: the paste buffers of the tmux server the program runs
	// in were searched for the copy (tmux keeps every OSC 52 copy in a
	// buffer when set-clipboard is on, and an empty OSC 52 does not remove
	// it); TmuxBuffers of them held it and were deleted.
	TmuxChecked bool
	TmuxBuffers int
}

// Done reports whether the clear did anything at all.
func (c Clearing) Done() bool { return c.Cleared || c.Asked || c.TmuxBuffers > 0 }

// Describe returns the status line for a clear of what ("the secret"),
// claiming no more than is known: only a system clipboard read back before
// it was emptied counts as cleared.
func (c Clearing) Describe(what string) string {
	switch {
	case c.Cleared:
		return "Cleared " + what + " from the clipboard"
	case c.Changed:
		return "Left the clipboard alone: something else was copied since"
	case c.TmuxBuffers > 0 && c.Asked:
		return "Deleted " + what + " from tmux's buffers; asked the terminal to clear it"
	case c.TmuxBuffers > 0:
		return "Deleted " + what + " from tmux's paste buffers"
	case c.Asked:
		return "Asked the terminal to clear " + what + " (OSC 52 cannot confirm it)"
	}
	return ""
}

// Clipboard is what the UI copies through. Implementations are safe for
// concurrent use, so Copy can run inside a tea.Cmd.
type Clipboard interface {
	// Copy puts text on the clipboard and says how. Inside tmux (Env.Tmux
	// given) it also removes the copy it replaces from tmux's paste buffers.
	Copy(text string) (Result, error)
	// ClearIfUnchanged clears the clipboard if text is what the last Copy
	// put there and, for the system clipboard, it still holds it. It reports
	// what it did; see ClearLastCopy for what clearing means.
	ClearIfUnchanged(text string) (Clearing, error)
	// ClearLastCopy clears what the last Copy put on the clipboard, if
	// nothing has replaced it, without needing the text: for the auto-clear
	// timer and for quit, after the UI has dropped the secret. The system
	// clipboard is read back first and left alone if it holds anything else.
	// OSC 52 cannot be read, so an empty OSC 52 write is sent unless another
	// Copy went through this Clipboard since; whether the terminal applied
	// it cannot be known, and a copy the user made elsewhere in the meantime
	// is cleared too. Inside tmux (Env.Tmux given), the tmux paste buffers
	// that hold the copy are deleted as well, found by digest. Each copy is
	// cleared at most once.
	ClearLastCopy() (Clearing, error)
}

// Env is everything New reads from the outside world, so tests can inject
// all of it.
type Env struct {
	// Getenv looks up environment variables (SSH_TTY, SSH_CONNECTION,
	// SSH_CLIENT, TMUX, TERM); nil means an empty environment.
	Getenv func(key string) string
	// Terminal receives OSC 52 sequences. Give it the *TerminalOutput that
	// Bubble Tea draws on, so a sequence never lands inside a frame. nil
	// means OSC 52 is unavailable.
	Terminal io.Writer
	// Native is the system clipboard; nil means there is none.
	Native Native
	// Tmux runs a tmux command against the server whose socket is given
	// (RunTmux runs the real one). When the program runs inside tmux (TMUX
	// set) and this is not nil, a clear also deletes the tmux paste buffers
	// that hold the copy. Leave it nil where TMUX names a server on another
	// machine, as in an SSH session the console serves.
	Tmux func(socket string, args ...string) ([]byte, error)
}

// SystemEnv is the real environment: os.Getenv, the system clipboard, and
// Stdout() for OSC 52. The program must draw on Stdout() too
// (tea.WithOutput(clipboard.Stdout())) for sequences to stay out of frames.
func SystemEnv() Env { return DefaultEnv(Stdout()) }

// DefaultEnv is the real environment with OSC 52 going to terminal.
func DefaultEnv(terminal io.Writer) Env {
	return Env{Getenv: os.Getenv, Terminal: terminal, Native: System(), Tmux: RunTmux}
}
