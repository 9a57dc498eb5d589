package serve

import (
	"io"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/twilio-keys/twilio-keys/ui/clipboard"
)

// console is one session's Bubble Tea model: the session bar on the top line
// (who is signed in, with which role, and any notice from the server) above
// the console itself, which gets the rest of the window. The bar belongs to
// the server, not to the console, so the console runs unchanged.
type console struct {
	inner  tea.Model
	bar    string // who is signed in
	notice string // the idle warning or the shutdown notice, "" for none
	width  int
	styles barStyles
}

// barStyles draw the session bar, with the session's renderer.
type barStyles struct{ bar, notice lipgloss.Style }

func newBarStyles(r *lipgloss.Renderer) barStyles {
	return barStyles{bar: r.NewStyle().Reverse(true), notice: r.NewStyle().Bold(true)}
}

// noticeMsg sets or clears (with "") the notice in the session bar.
type noticeMsg string

// endMsg ends the session's console, as if the user had quit.
type endMsg struct{}

func (m console) Init() tea.Cmd { return m.inner.Init() }

func (m console) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width = msg.Width
		msg.Height = max(msg.Height-1, 1)
		var cmd tea.Cmd
		m.inner, cmd = m.inner.Update(msg)
		return m, cmd
	case noticeMsg:
		m.notice = string(msg)
		return m, nil
	case endMsg:
		return m, tea.Quit
	}
	var cmd tea.Cmd
	m.inner, cmd = m.inner.Update(msg)
	return m, cmd
}

func (m console) View() string {
	bar := " " + m.bar + " "
	if m.notice != "" {
		bar = " " + m.notice + " │" + bar
	}
	bar = ansi.Truncate(bar, m.width, "…")
	bar += strings.Repeat(" ", max(m.width-ansi.StringWidth(bar), 0))
	if m.notice != "" {
		bar = m.styles.notice.Render(bar)
	}
	return m.styles.bar.Render(bar) + "\n" + m.inner.View()
}

// lockedWriter is the session's terminal, shared by Bubble Tea's frames and
// OSC 52 copies: each Write goes out whole, never in the middle of another.
// (clipboard.TerminalOutput does this for a local terminal, which is a file;
// an SSH channel is not.)
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// activityReader is the session's input; every read that brings bytes tells
// the idle watch the user is there.
type activityReader struct {
	r        io.Reader
	activity chan<- struct{}
}

func (a activityReader) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 {
		select {
		case a.activity <- struct{}{}:
		default: // one pending signal is enough
		}
	}
	return n, err
}

// sidPattern is a bare SID, the one thing the console copies that is not
// secret.
var sidPattern = regexp.MustCompile(`^(SK|AC)[0-9a-f]{32}$`)

// sessionClipboard is the session's clipboard: OSC 52 to the session's own
// terminal, never the server's clipboard. It writes each copy to the audit
// log (what kind of text, never the text) and remembers whether a secret may
// still be on the clipboard, to clear it when the session ends.
type sessionClipboard struct {
	inner  clipboard.Clipboard
	sess   *session
	secret atomic.Bool
}

func (c *sessionClipboard) Copy(text string) (clipboard.Result, error) {
	res, err := c.inner.Copy(text)
	what := "secret"
	if sidPattern.MatchString(text) {
		what = "sid"
	}
	outcome := OutcomeOK
	if err != nil {
		outcome = OutcomeFailed
	} else {
		c.secret.Store(what == "secret")
	}
	c.sess.copied(what, outcome, err)
	return res, err
}

func (c *sessionClipboard) ClearIfUnchanged(text string) (clipboard.Clearing, error) {
	ok, err := c.inner.ClearIfUnchanged(text)
	if ok.Done() {
		c.secret.Store(false)
	}
	return ok, err
}

func (c *sessionClipboard) ClearLastCopy() (clipboard.Clearing, error) {
	ok, err := c.inner.ClearLastCopy()
	if ok.Done() {
		c.secret.Store(false)
	}
	return ok, err
}

// clearAtEnd clears a secret the session copied, if nothing replaced it,
// while the session's terminal is still there to receive the clear.
func (c *sessionClipboard) clearAtEnd() {
	if c != nil && c.secret.Load() {
		_, _ = c.inner.ClearLastCopy()
	}
}
