package clipboard

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
)

// New returns the Clipboard for mode, reading env once. A mode ParseMode
// would reject counts as ModeAuto.
func New(mode Mode, env Env) Clipboard {
	getenv := env.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	native := &nativeBackend{native: env.Native}
	osc := &osc52Backend{
		terminal: env.Terminal,
		dumb:     getenv("TERM") == "dumb",
		wrap:     wrappingFor(getenv),
	}
	if socket := tmuxSocket(getenv); osc.wrap == wrapTmux && socket != "" && env.Tmux != nil {
		osc.tmux = &tmuxBuffers{socket: socket, run: env.Tmux}
	}
	c := &copier{}
	switch mode {
	case ModeOff:
	case ModeNative:
		c.backends = []backend{native}
	case ModeOSC52:
		c.backends = []backend{osc}
	default:
		if inSSH(getenv) {
			c.backends = []backend{osc, native}
		} else {
			c.backends = []backend{native, osc}
		}
	}
	return c
}

// inSSH reports an SSH session, where the system clipboard belongs to the
// remote machine (pbcopy on a remote Mac "succeeds" into the wrong
// pasteboard) or has no display at all.
func inSSH(getenv func(string) string) bool {
	return getenv("SSH_TTY") != "" || getenv("SSH_CONNECTION") != "" || getenv("SSH_CLIENT") != ""
}

// backend is one way of putting text on a clipboard.
type backend interface {
	method() string
	copy(text string) (confirmed bool, err error)
	// clear empties the clipboard if it still holds the copy c and says
	// what it did.
	clear(c *lastCopy) (Clearing, error)
}

type digest [sha256.Size]byte

func digestOf(s string) digest { return sha256.Sum256([]byte(s)) }

func (d digest) equal(e digest) bool { return subtle.ConstantTimeCompare(d[:], e[:]) == 1 }

// copier tries its backends in order.
type copier struct {
	backends []backend

	mu sync.Mutex
	// last is the newest successful copy, nil once it has been cleared or
	// found replaced. A failed Copy leaves it alone: the earlier text is
	// most likely still on the clipboard and still due to be cleared.
	last *lastCopy
}

type lastCopy struct {
	digest  digest
	size    int // bytes, to find tmux buffers of that size
	backend backend
}

func (c *copier) Copy(text string) (Result, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.backends) == 0 {
		return Result{Method: MethodOff}, nil
	}
	var failures []string
	for _, b := range c.backends {
		confirmed, err := b.copy(text)
		if err == nil {
			c.replaced(digestOf(text))
			c.last = &lastCopy{digest: digestOf(text), size: len(text), backend: b}
			return Result{Method: b.method(), Confirmed: confirmed}, nil
		}
		failures = append(failures, err.Error())
	}
	return Result{}, errors.New("clipboard: " + strings.Join(failures, "; "))
}

// replaced removes the last copy from tmux's paste buffers when a copy of
// other text replaces it, as a system clipboard forgets what a new copy
// replaces: otherwise a secret copied and then followed by its SID would
// stay in a tmux buffer, since only the last copy is ever cleared. Best
// effort: should tmux fail, the new copy still stands. Needs c.mu held.
func (c *copier) replaced(next digest) {
	if c.last == nil || c.last.digest.equal(next) {
		return
	}
	if o, ok := c.last.backend.(*osc52Backend); ok && o.tmux != nil {
		_, _ = o.tmux.remove(c.last.digest, c.last.size)
	}
}

func (c *copier) ClearIfUnchanged(text string) (Clearing, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last == nil || !c.last.digest.equal(digestOf(text)) {
		return Clearing{}, nil
	}
	return c.clearLast()
}

func (c *copier) ClearLastCopy() (Clearing, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last == nil {
		return Clearing{}, nil
	}
	return c.clearLast()
}

// clearLast needs c.mu held. A failed attempt is kept so that a later one
// (at quit) can try again.
func (c *copier) clearLast() (Clearing, error) {
	done, err := c.last.backend.clear(c.last)
	if err != nil {
		return done, fmt.Errorf("clipboard: %w", err)
	}
	c.last = nil
	return done, nil
}

// nativeBackend is the system clipboard.
type nativeBackend struct {
	native Native
}

var errNoNative = errors.New("no system clipboard")

func (n *nativeBackend) method() string { return MethodNative }

func (n *nativeBackend) copy(text string) (bool, error) {
	if n.native == nil {
		return false, errNoNative
	}
	if err := n.native.WriteAll(text); err != nil {
		return false, redact("system clipboard", err, text)
	}
	// Read back: the only way to know the text arrived. A mismatch is not a
	// failure (clip.exe turns \n into \r\n), just unconfirmed.
	got, err := n.native.ReadAll()
	return err == nil && digestOf(got).equal(digestOf(text)), nil
}

func (n *nativeBackend) clear(c *lastCopy) (Clearing, error) {
	done := Clearing{Method: MethodNative}
	if n.native == nil {
		return done, errNoNative
	}
	got, err := n.native.ReadAll()
	if err != nil {
		return done, fmt.Errorf("system clipboard: %w", err)
	}
	if !digestOf(got).equal(c.digest) {
		done.Changed = true
		return done, nil
	}
	if err := n.native.WriteAll(""); err != nil {
		return done, redact("system clipboard", err, got)
	}
	done.Cleared = true
	return done, nil
}

// osc52Backend writes OSC 52 sequences to the terminal.
type osc52Backend struct {
	terminal io.Writer
	dumb     bool
	wrap     wrapping
	tmux     *tmuxBuffers // the tmux server the program runs in, or nil
}

func (o *osc52Backend) method() string { return MethodOSC52 }

func (o *osc52Backend) usable() error {
	switch {
	case o.terminal == nil:
		return errors.New("OSC 52: no terminal to send it to")
	case o.dumb:
		return errors.New("OSC 52: TERM=dumb cannot take it")
	}
	return nil
}

func (o *osc52Backend) copy(text string) (bool, error) {
	if err := o.usable(); err != nil {
		return false, err
	}
	return false, o.send(osc52Sequence(text, o.wrap))
}

// clear asks the terminal to empty its clipboard and, inside tmux, deletes
// the paste buffers that tmux made of the copy: the empty OSC 52 does not
// touch them.
func (o *osc52Backend) clear(c *lastCopy) (Clearing, error) {
	done := Clearing{Method: MethodOSC52}
	if err := o.usable(); err != nil {
		return done, err
	}
	if err := o.send(osc52Sequence("", o.wrap)); err != nil {
		return done, err
	}
	done.Asked = true
	if o.tmux == nil {
		return done, nil
	}
	n, err := o.tmux.remove(c.digest, c.size)
	done.TmuxBuffers += n
	if err != nil {
		return done, fmt.Errorf("asked the terminal to clear it, but tmux's paste buffers may still hold it: %w", err)
	}
	done.TmuxChecked = true
	return done, nil
}

// send writes seq in one Write, so that a TerminalOutput keeps it whole and
// between Bubble Tea's frames, then wipes the buffer that held the text.
func (o *osc52Backend) send(seq []byte) error {
	defer clear(seq)
	if _, err := o.terminal.Write(seq); err != nil {
		return fmt.Errorf("OSC 52: %w", err)
	}
	return nil
}

// redact wraps err from the system clipboard. The helpers atotto runs never
// echo their input into an error, but should one ever do so, the text is cut
// out rather than shown in a status line.
func redact(what string, err error, text string) error {
	msg := err.Error()
	if text != "" && strings.Contains(msg, text) {
		return errors.New(what + ": " + strings.ReplaceAll(msg, text, "[redacted]"))
	}
	return fmt.Errorf("%s: %w", what, err)
}
