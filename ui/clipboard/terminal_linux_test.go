package clipboard

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal pair with the given size.
func openPTY(t *testing.T, cols, rows uint16) (master, slave *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.IoctlSetWinsize(int(slave.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Col: cols, Row: rows}); err != nil {
		t.Fatal(err)
	}
	return master, slave
}

// sizeModel copies once it learns the window size, and quits when the copy
// is done.
type sizeModel struct {
	cb     Clipboard
	size   tea.WindowSizeMsg
	copied Result
	err    error
}

type copiedMsg struct {
	r   Result
	err error
}

func (m sizeModel) Init() tea.Cmd { return nil }

func (m sizeModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.size = msg
		cb := m.cb
		return m, func() tea.Msg {
			r, err := cb.Copy("hello")
			return copiedMsg{r, err}
		}
	case copiedMsg:
		m.copied, m.err = msg.r, msg.err
		return m, tea.Quit
	}
	return m, nil
}

func (m sizeModel) View() string { return fmt.Sprintf("size %dx%d\n", m.size.Width, m.size.Height) }

// TestBubbleTeaSeesTheTTYThroughTerminalOutput runs a real Bubble Tea
// program on a pseudo-terminal wrapped in TerminalOutput. The program only
// gets a WindowSizeMsg if it found the TTY behind the wrapper; the copy it
// then makes must reach the terminal whole, beside the frames.
func TestBubbleTeaSeesTheTTYThroughTerminalOutput(t *testing.T) {
	master, slave := openPTY(t, 77, 13)
	defer master.Close()
	screen := make(chan []byte)
	go func() {
		var b bytes.Buffer
		_, _ = io.Copy(&b, master) // ends with EIO once the slave closes
		screen <- b.Bytes()
	}()

	out := NewTerminalOutput(slave)
	cb := New(ModeOSC52, Env{Getenv: env("TERM", "xterm-256color"), Terminal: out})
	// Only a guard against hanging if the TTY is not found; nothing asserts
	// on time.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	final, err := tea.NewProgram(sizeModel{cb: cb},
		tea.WithInput(nil), tea.WithOutput(out), tea.WithContext(ctx)).Run()
	if err != nil {
		t.Fatalf("program: %v (no window size: Bubble Tea did not find the TTY)", err)
	}
	_ = slave.Close()
	got := <-screen

	m := final.(sizeModel)
	if m.size.Width != 77 || m.size.Height != 13 {
		t.Errorf("window size %dx%d, want 77x13", m.size.Width, m.size.Height)
	}
	if m.err != nil || m.copied.Method != MethodOSC52 {
		t.Errorf("copy = %+v, %v", m.copied, m.err)
	}
	if !bytes.Contains(got, []byte("\x1b]52;c;aGVsbG8=\a")) {
		t.Errorf("terminal never got the whole OSC 52 sequence: %q", got)
	}
	if !bytes.Contains(got, []byte("size 77x13")) {
		t.Errorf("terminal never got the frame: %q", got)
	}
}
