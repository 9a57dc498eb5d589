package clipboard

import (
	"io"
	"os"
	"sync"
)

// File is what Bubble Tea needs of its output to treat it as a terminal:
// bubbletea v1.3.10 type-asserts its output to charmbracelet/x/term.File,
// this same method set, and then checks Fd with term.IsTerminal before it
// queries the window size. *os.File has it.
type File interface {
	io.ReadWriteCloser
	Fd() uintptr
}

// TerminalOutput is the terminal Bubble Tea draws on, shared with OSC 52 so
// the two never mix bytes.
//
// Bubble Tea's standard renderer writes each frame to its output in a single
// Write call. An OSC 52 sequence written to the same terminal from another
// goroutine could otherwise land in the middle of a frame's bytes, or split
// an escape sequence the frame is drawing. TerminalOutput serialises Write
// calls, and Copy writes each sequence in one Write, so a sequence always
// arrives whole and between two frames. (OSC 52 moves no cursor, so where
// between frames it lands does not matter.)
//
// Wire it as: pass tea.WithOutput(clipboard.Stdout()) to the program and
// SystemEnv() (whose Terminal is Stdout()) to New. Because
// TerminalOutput keeps Fd, Bubble Tea still sees a TTY (window size,
// restoring state at exit). tea.ExecProcess would hand the wrapper, not the
// file, to the child process as its stdout, so the child would not see a
// terminal; the console does not run child processes.
type TerminalOutput struct {
	mu sync.Mutex
	f  File
}

// Stdout returns the process's one TerminalOutput for os.Stdout: one lock
// for the one terminal, shared by everything that writes to it while Bubble
// Tea runs.
func Stdout() *TerminalOutput {
	stdoutOnce.Do(func() { stdout = NewTerminalOutput(os.Stdout) })
	return stdout
}

var (
	stdoutOnce sync.Once
	stdout     *TerminalOutput
)

// NewTerminalOutput wraps f; Stdout is the one for os.Stdout.
func NewTerminalOutput(f File) *TerminalOutput {
	return &TerminalOutput{f: f}
}

// Write writes p to the terminal in one piece, never interleaved with
// another Write through t.
func (t *TerminalOutput) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.f.Write(p)
}

// Read reads from the underlying file; it is there because Bubble Tea's
// terminal check needs the full term.File method set.
func (t *TerminalOutput) Read(p []byte) (int, error) { return t.f.Read(p) }

// Close closes the underlying file.
func (t *TerminalOutput) Close() error { return t.f.Close() }

// Fd returns the underlying file descriptor, so Bubble Tea still finds the
// TTY behind the wrapper.
func (t *TerminalOutput) Fd() uintptr { return t.f.Fd() }
