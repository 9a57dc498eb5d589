package serve

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/testwait"
	"github.com/twilio-keys/twilio-keys/ui"
)

// waitLimit bounds every wait, so a broken server fails a test instead of
// hanging it. Waits end on events (bytes arriving), never on time passing.
const waitLimit = 15 * time.Second

// stream collects bytes and wakes whoever waits for them.
type stream struct{ testwait.Buffer }

func newStream() *stream { return &stream{} }

func (s *stream) raw() []byte { return s.Bytes() }

// text is what was written with escape sequences removed.
func (s *stream) text() string { return ansi.Strip(s.String()) }

// waitFor waits until cond holds on the text written so far.
func (s *stream) waitFor(t *testing.T, what string, cond func(text string) bool) string {
	t.Helper()
	return ansi.Strip(string(s.Wait(t, what, func(written []byte) bool { return cond(ansi.Strip(string(written))) })))
}

// auditSink is the audit log, parsed.
type auditSink struct{ *stream }

func (a auditSink) records(t *testing.T) []Record {
	t.Helper()
	var out []Record
	sc := bufio.NewScanner(bytes.NewReader(a.raw()))
	for sc.Scan() {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("audit line %q is not JSON: %v", sc.Text(), err)
		}
		out = append(out, r)
	}
	return out
}

// waitRecord waits for a record that match accepts, and returns it.
func (a auditSink) waitRecord(t *testing.T, what string, match func(Record) bool) Record {
	t.Helper()
	var found Record
	a.waitFor(t, "audit record: "+what, func(string) bool {
		for _, r := range a.records(t) {
			if match(r) {
				found = r
				return true
			}
		}
		return false
	})
	return found
}

// harness is a running server with a fake account behind it.
type harness struct {
	t     *testing.T
	srv   *Server
	addr  string
	dir   string
	svc   *fakeService
	audit auditSink
	log   *stream
	done  chan error
}

func newHarness(t *testing.T, adjust func(*Config)) *harness {
	t.Helper()
	h := &harness{t: t, dir: t.TempDir(), svc: newFakeService(), audit: auditSink{newStream()}, log: newStream(), done: make(chan error, 1)}
	cfg := Config{
		AuthorizedKeys: filepath.Join(h.dir, "authorized_keys"),
		HostKey:        filepath.Join(h.dir, "host_key"),
		Console:        ui.Config{Service: h.svc, Source: "test", Now: func() time.Time { return fakeNow }},
		Account:        fakeAccount,
		Script:         fakeScript,
		Audit:          h.audit,
		Log:            h.log,
	}
	if adjust != nil {
		adjust(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h.srv, h.addr = srv, ln.Addr().String()
	go func() { h.done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-h.done
	})
	return h
}

// fakeScript stands in for cmd's scripting commands: it makes the call the
// command would make through the session's Service and says how it went.
func fakeScript(ctx context.Context, args []string, stdio Stdio, svc ui.Service) int {
	var err error
	switch args[0] {
	case "list":
		err = svc.ListKeys(ctx, 50, func(page []twilio.Key) error {
			for _, k := range page {
				fmt.Fprintln(stdio.Stdout, k.SID, k.FriendlyName)
			}
			return nil
		})
	case "create":
		var k twilio.NewKey
		k, err = svc.CreateKey(ctx, "scripted", "standard")
		if err == nil {
			fmt.Fprintf(stdio.Stdout, "TWILIO_API_KEY=%s\nTWILIO_API_SECRET=%s\n", k.SID, k.Secret)
		}
	case "rename":
		_, err = svc.RenameKey(ctx, args[1], "renamed")
	case "delete":
		err = svc.DeleteKey(ctx, args[1])
	case "check":
		err = svc.CheckKey(ctx, args[1], "whatever")
	case "help":
		fmt.Fprintln(stdio.Stdout, "help")
	}
	if err != nil {
		fmt.Fprintln(stdio.Stderr, err)
		return 1
	}
	return 0
}

// user is an SSH key, added to authorized_keys with a role option.
type user struct {
	signer gossh.Signer
	line   string
}

// newUser makes a key and adds it with role ("" for a line with no role).
func (h *harness) newUser(name, role string) user {
	h.t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		h.t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		h.t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey()))) + " " + name + "@test"
	if role != "" {
		line = `environment="TWILIO_KEYS_ROLE=` + role + `" ` + line
	}
	u := user{signer: signer, line: line}
	h.addLine(u.line)
	return u
}

func (h *harness) addLine(line string) {
	h.t.Helper()
	f, err := os.OpenFile(filepath.Join(h.dir, "authorized_keys"), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		h.t.Fatal(err)
	}
	defer f.Close()
	if _, err := fmt.Fprintln(f, line); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) writeKeys(lines ...string) {
	h.t.Helper()
	if err := os.WriteFile(filepath.Join(h.dir, "authorized_keys"), []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		h.t.Fatal(err)
	}
}

// dial signs in with the given methods, checking the server's host key.
func (h *harness) dialWith(name string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", h.addr, &gossh.ClientConfig{
		User:            name,
		Auth:            auth,
		HostKeyCallback: gossh.FixedHostKey(h.srv.PublicHostKey()),
		Timeout:         waitLimit,
	})
}

func (h *harness) dial(name string, u user) *gossh.Client {
	h.t.Helper()
	c, err := h.dialWith(name, gossh.PublicKeys(u.signer))
	if err != nil {
		h.t.Fatalf("dial as %s: %v", name, err)
	}
	h.t.Cleanup(func() { c.Close() })
	return c
}

// terminal is a console session, as a user's terminal would hold it.
type terminal struct {
	t      *testing.T
	sess   *gossh.Session
	in     io.WriteCloser
	out    *stream
	errOut *stream
	ended  chan error
}

func (h *harness) console(c *gossh.Client, width, height int) *terminal {
	h.t.Helper()
	return h.consoleOn(c, "xterm-256color", width, height)
}

// consoleOn is console on a terminal of the given TERM.
func (h *harness) consoleOn(c *gossh.Client, term string, width, height int) *terminal {
	h.t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		h.t.Fatal(err)
	}
	tm := &terminal{t: h.t, sess: sess, out: newStream(), errOut: newStream(), ended: make(chan error, 1)}
	sess.Stdout, sess.Stderr = tm.out, tm.errOut
	if tm.in, err = sess.StdinPipe(); err != nil {
		h.t.Fatal(err)
	}
	if err := sess.RequestPty(term, height, width, gossh.TerminalModes{}); err != nil {
		h.t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		h.t.Fatal(err)
	}
	go func() { tm.ended <- sess.Wait() }()
	h.t.Cleanup(func() { sess.Close() })
	return tm
}

func (tm *terminal) send(keys string) {
	tm.t.Helper()
	if _, err := io.WriteString(tm.in, keys); err != nil {
		tm.t.Fatalf("sending %q: %v", keys, err)
	}
}

func (tm *terminal) waitFor(texts ...string) string {
	tm.t.Helper()
	return tm.out.waitFor(tm.t, fmt.Sprintf("%q", texts), func(s string) bool {
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	})
}

// waitEnd waits for the server to end the session.
func (tm *terminal) waitEnd() error {
	tm.t.Helper()
	select {
	case err := <-tm.ended:
		return err
	case <-time.After(waitLimit):
		tm.t.Fatalf("the session did not end; it shows:\n%s", tm.out.text())
		return nil
	}
}

// command runs one command over SSH and returns its output and exit code.
func (h *harness) command(c *gossh.Client, cmd string) (stdout, stderr string, code int) {
	h.t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		h.t.Fatal(err)
	}
	defer sess.Close()
	var o, e bytes.Buffer
	sess.Stdout, sess.Stderr = &o, &e
	err = sess.Run(cmd)
	if exit, ok := err.(*gossh.ExitError); ok {
		return o.String(), e.String(), exit.ExitStatus()
	}
	if err != nil {
		h.t.Fatalf("%s: %v", cmd, err)
	}
	return o.String(), e.String(), 0
}

func fingerprint(u user) string { return gossh.FingerprintSHA256(u.signer.PublicKey()) }

// expect sends keys and waits until the output that follows shows every
// one of texts. Keys go one step at a time: bytes that arrive in one read
// are one key press to Bubble Tea (esc then r would be alt+r).
func (tm *terminal) expect(keys string, texts ...string) {
	tm.t.Helper()
	mark := len(tm.out.raw())
	tm.send(keys)
	tm.out.waitFor(tm.t, fmt.Sprintf("%q after %q", texts, keys), func(string) bool {
		after := ansi.Strip(string(tm.out.raw()[mark:]))
		for _, x := range texts {
			if !strings.Contains(after, x) {
				return false
			}
		}
		return true
	})
}
