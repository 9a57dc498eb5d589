package serve

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func TestUnknownKeyIsRefused(t *testing.T) {
	h := newHarness(t, nil)
	h.newUser("alice", "admin")
	stranger := newUserKey(t)

	if _, err := h.dialWith("mallory", gossh.PublicKeys(stranger)); err == nil {
		t.Fatal("a key that is not in authorized_keys signed in")
	}
	r := h.audit.waitRecord(t, "auth.refused", func(r Record) bool { return r.Event == EventAuthRefused })
	if r.User != "mallory" || r.Key != gossh.FingerprintSHA256(stranger.PublicKey()) || !strings.HasPrefix(r.From, "127.0.0.1:") {
		t.Errorf("refusal recorded as %+v; want user, fingerprint and address", r)
	}
	// No password, no keyboard-interactive: only public keys are offered.
	if _, err := h.dialWith("alice", gossh.Password("anything")); err == nil {
		t.Error("a password signed in")
	}
	if _, err := h.dialWith("alice", gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
		return []string{"x"}, nil
	})); err == nil {
		t.Error("keyboard-interactive signed in")
	}
}

func newUserKey(t *testing.T) gossh.Signer {
	t.Helper()
	h := &harness{t: t, dir: t.TempDir()}
	return h.newUser("x", "").signer
}

// Edits to authorized_keys apply to the next session, without a restart:
// a key added gets in, a role changed is the new role, a key removed is out.
func TestAuthorizedKeysAreReadForEachSession(t *testing.T) {
	h := newHarness(t, nil)
	alice := h.newUser("alice", "viewer")
	bob := newUserKey(t)
	if _, err := h.dialWith("bob", gossh.PublicKeys(bob)); err == nil {
		t.Fatal("bob got in before his key was added")
	}
	h.addLine(`environment="TWILIO_KEYS_ROLE=operator" ` + strings.TrimSpace(string(gossh.MarshalAuthorizedKey(bob.PublicKey()))) + " bob@test")
	c := h.dial("bob", user{signer: bob})
	tm := h.console(c, 120, 30)
	tm.waitFor("role operator", "ci-deploy")

	h.writeKeys(`environment="TWILIO_KEYS_ROLE=admin" ` + strings.TrimPrefix(alice.line, `environment="TWILIO_KEYS_ROLE=viewer" `))
	c2 := h.dial("alice", alice)
	h.console(c2, 120, 30).waitFor("role admin", "ci-deploy")

	if _, err := h.dialWith("bob", gossh.PublicKeys(bob)); err == nil {
		t.Error("bob got in after his key was removed")
	}
	// A session on a connection made before the removal is refused too.
	_, stderr, code := h.command(c, "list")
	if code == 0 || !strings.Contains(stderr, "no longer in authorized_keys") {
		t.Errorf("a new session for a removed key: exit %d, stderr %q", code, stderr)
	}
}

func TestRoleOption(t *testing.T) {
	key := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(newUserKey(t).PublicKey()))) + " alice@laptop"
	tests := []struct {
		line    string
		role    Role
		noPTY   bool
		problem string
	}{
		{key, Viewer, false, ""},
		{`environment="TWILIO_KEYS_ROLE=operator" ` + key, Operator, false, ""},
		{`environment="TWILIO_KEYS_ROLE=admin",restrict ` + key, Admin, false, ""},
		{`restrict,environment="LANG=C",environment="TWILIO_KEYS_ROLE=Operator" ` + key, Operator, false, ""},
		{`no-pty,environment="TWILIO_KEYS_ROLE=admin" ` + key, Admin, true, ""},
		{`environment="TWILIO_KEYS_ROLE=root" ` + key, 0, false, "not one of viewer"},
		{`environment="TWILIO_KEYS_ROLE=admin",environment="TWILIO_KEYS_ROLE=viewer" ` + key, 0, false, "set twice"},
		{`from="10.0.0.0/8" ` + key, 0, false, `"from" is not supported`},
		{`command="/bin/true" ` + key, 0, false, `"command" is not supported`},
		{`twilio-keys-role="admin" ` + key, 0, false, "not supported"},
	}
	dir := t.TempDir()
	var all []string
	for _, tt := range tests {
		path := filepath.Join(dir, "authorized_keys")
		if err := os.WriteFile(path, []byte(tt.line+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		keys, problems, err := authorizedKeys(path)
		if err != nil {
			t.Fatal(err)
		}
		if tt.problem != "" {
			if len(keys) != 0 || len(problems) != 1 || !strings.Contains(problems[0], tt.problem) {
				t.Errorf("%s: keys %d, problems %q; want the line refused with %q", tt.line[:40], len(keys), problems, tt.problem)
			}
			continue
		}
		all = append(all, tt.line)
		if len(keys) != 1 || keys[0].role != tt.role || keys[0].noPTY != tt.noPTY || keys[0].comment != "alice@laptop" {
			t.Errorf("%s: got %+v, problems %q; want role %v", tt.line[:40], keys, problems, tt.role)
		}
	}
	// OpenSSH's own tools read the same file: ssh-keygen parses every line
	// the server accepts, options and all.
	if _, err := exec.LookPath("ssh-keygen"); err == nil {
		path := filepath.Join(dir, "authorized_keys")
		os.WriteFile(path, []byte(strings.Join(all, "\n")+"\n"), 0o600)
		out, err := exec.Command("ssh-keygen", "-l", "-f", path).CombinedOutput()
		if err != nil || bytes.Count(out, []byte("SHA256:")) != len(all) {
			t.Errorf("ssh-keygen -l does not read every accepted line: %v\n%s", err, out)
		}
	}
}

// No port forwarding, no SFTP, no shell without a terminal, no commands but
// the scripting ones.
func TestOnlyTheConsoleAndCommands(t *testing.T) {
	h := newHarness(t, nil)
	c := h.dial("alice", h.newUser("alice", "admin"))

	if conn, err := c.Dial("tcp", h.addr); err == nil {
		conn.Close()
		t.Error("local port forwarding was allowed")
	}
	if ln, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
		ln.Close()
		t.Error("remote port forwarding was allowed")
	}
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestSubsystem("sftp"); err == nil {
		t.Error("the sftp subsystem was accepted")
	}
	sess.Close()

	sess, _ = c.NewSession()
	var stderr bytes.Buffer
	sess.Stderr = &stderr
	sess.Shell() // no pty
	if err := sess.Wait(); err == nil || !strings.Contains(stderr.String(), "needs a terminal") {
		t.Errorf("a shell without a terminal: %v, %q", err, stderr.String())
	}
	_, errOut, code := h.command(c, "sh -c id")
	if code != 2 || !strings.Contains(errOut, "not a command here") {
		t.Errorf("an arbitrary command: exit %d, %q", code, errOut)
	}
}

// barLine is the session bar's line in a frame: it is drawn padded to the
// full width of the session's window.
var barLine = regexp.MustCompile(` Signed in: [^\r\n]*`)

func barWidths(text string) []int {
	var w []int
	for _, m := range barLine.FindAllString(text, -1) {
		w = append(w, len([]rune(m)))
	}
	return w
}

func TestTwoSessionsHaveTheirOwnSizes(t *testing.T) {
	h := newHarness(t, nil)
	alice, bob := h.newUser("alice", "viewer"), h.newUser("bob", "viewer")
	a := h.console(h.dial("alice", alice), 100, 30)
	b := h.console(h.dial("bob", bob), 64, 20)
	a.waitFor("ci-deploy")
	b.waitFor("ci-deploy")
	if w := barWidths(a.out.text()); len(w) == 0 || w[len(w)-1] != 100 {
		t.Errorf("alice's 100-column window got bars %v wide", w)
	}
	if w := barWidths(b.out.text()); len(w) == 0 || w[len(w)-1] != 64 {
		t.Errorf("bob's 64-column window got bars %v wide", w)
	}
	// Resizing one window redraws that session alone.
	before := len(b.out.raw())
	if err := a.sess.WindowChange(24, 80); err != nil {
		t.Fatal(err)
	}
	a.out.waitFor(t, "alice's bar at 80 columns", func(s string) bool {
		w := barWidths(s)
		return len(w) > 0 && w[len(w)-1] == 80
	})
	b.send("j") // something for bob's session to draw, so a stray resize would show
	b.out.waitFor(t, "bob's next frame", func(string) bool { return len(b.out.raw()) > before })
	if w := barWidths(b.out.text()); w[len(w)-1] != 64 {
		t.Errorf("bob's bar became %d wide when alice resized", w[len(w)-1])
	}
}

// createKey runs the create flow in a console and returns the new key's
// SID as the fake made it.
func createKey(t *testing.T, h *harness, tm *terminal, name string) string {
	t.Helper()
	n := len(h.svc.issued())
	tm.send("n")
	tm.waitFor("Friendly name")
	tm.send(name + "\r")
	tm.waitFor("only time")
	if len(h.svc.issued()) != n+1 {
		t.Fatalf("the create did not reach the service")
	}
	h.svc.mu.Lock()
	defer h.svc.mu.Unlock()
	return h.svc.keys[0].SID
}

// A secret is drawn and copied only in the session that created it; the
// other session, the audit log and the server's messages never get it.
func TestSecretStaysInItsSession(t *testing.T) {
	h := newHarness(t, nil)
	alice, bob := h.newUser("alice", "operator"), h.newUser("bob", "operator")
	a := h.console(h.dial("alice", alice), 110, 32)
	b := h.console(h.dial("bob", bob), 110, 32)
	a.waitFor("ci-deploy")
	b.waitFor("ci-deploy")

	sid := createKey(t, h, a, "from-alice")
	secret := h.svc.issued()[0]
	a.waitFor(secret)
	a.send("c")
	osc := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(secret))
	a.out.waitFor(t, "the OSC 52 copy", func(string) bool { return bytes.Contains(a.out.raw(), []byte(osc)) })
	h.audit.waitRecord(t, "the copy", func(r Record) bool { return r.Action == ActionCopy && r.Reason == "secret" })

	b.send("R")
	b.waitFor("from-alice", sid)
	for name, where := range map[string][]byte{
		"bob's session":    append(b.out.raw(), b.errOut.raw()...),
		"the audit log":    h.audit.raw(),
		"the server's log": h.log.raw(),
		"alice's stderr":   a.errOut.raw(),
	} {
		for _, leak := range []string{secret, secret[:8], secret[len(secret)-8:], base64.StdEncoding.EncodeToString([]byte(secret))} {
			if bytes.Contains(where, []byte(leak)) {
				t.Errorf("%s holds the secret (or part of it: %q)", name, leak)
			}
		}
	}
	// Leaving clears the copied secret from alice's clipboard: an empty
	// OSC 52 to her terminal, after the copy, before the session closes.
	a.expect(" ", "[x]")
	a.expect("\r", "Created from-alice")
	a.send("q")
	a.waitEnd()
	raw := a.out.raw()
	if i := bytes.LastIndex(raw, []byte(osc)); i < 0 || !bytes.Contains(raw[i:], []byte("\x1b]52;c;\a")) {
		t.Error("the session ended without clearing the secret it copied")
	}
	r := h.audit.waitRecord(t, "the create", func(r Record) bool { return r.Action == ActionCreate })
	if r.KeySID != sid || r.Outcome != OutcomeOK || r.User != "alice" || r.Role != "operator" || r.Account != fakeAccount {
		t.Errorf("create audited as %+v", r)
	}
}

// The SSH user name is whatever the client says: it reaches the session bar
// and the audit log only as visible text, never as a control sequence.
func TestHostileUserName(t *testing.T) {
	h := newHarness(t, nil)
	u := h.newUser("alice", "viewer")
	evil := "eve\x1b[2J\x1b]52;c;ZXZpbA==\a\u202e"
	tm := h.console(h.dial(evil, u), 100, 24)
	tm.waitFor("ci-deploy", "Signed in: eve")
	raw := tm.out.raw()
	for _, seq := range []string{"\x1b[2Jeve", "eve\x1b[2J", "\x1b]52;c;ZXZpbA==", "\u202e"} {
		if bytes.Contains(raw, []byte(seq)) {
			t.Errorf("the session got %q from the user name", seq)
		}
	}
	r := h.audit.waitRecord(t, "the start", func(r Record) bool { return r.Event == EventSessionStart })
	if strings.ContainsAny(r.User, "\x1b\a\u202e") {
		t.Errorf("the audit log holds the user name raw: %q", r.User)
	}
}

// An authorized_keys file others can write lets no one in, as sshd's
// StrictModes would have it: anyone could add themselves as admin.
func TestAuthorizedKeysWritableByOthersLetsNoOneIn(t *testing.T) {
	h := newHarness(t, nil)
	alice := h.newUser("alice", "admin")
	path := filepath.Join(h.dir, "authorized_keys")
	if err := os.Chmod(path, 0o666); err != nil {
		t.Fatal(err)
	}
	if _, err := h.dialWith("alice", gossh.PublicKeys(alice.signer)); err == nil {
		t.Fatal("a key from a world-writable authorized_keys got in")
	}
	h.log.waitFor(t, "the reason in the server's log", func(s string) bool { return strings.Contains(s, "writable by others") })
	os.Chmod(path, 0o644)
	h.dial("alice", alice)
}

// Each session is drawn in the colours its own terminal has, whatever the
// server's terminal is: 256 colours for xterm-256color, none for a vt100.
func TestEachSessionHasItsTerminalsColours(t *testing.T) {
	h := newHarness(t, nil)
	u := h.newUser("alice", "viewer")
	rich := h.consoleOn(h.dial("alice", u), "xterm-256color", 100, 24)
	plain := h.consoleOn(h.dial("alice", u), "vt100", 100, 24)
	rich.waitFor("ci-deploy", "q quit")
	plain.waitFor("ci-deploy", "q quit")
	if !bytes.Contains(rich.out.raw(), []byte("\x1b[38;5;")) {
		t.Error("the xterm-256color session got no 256-colour styles")
	}
	if sgr := regexp.MustCompile(`\x1b\[[0-9;]*m`).Find(plain.out.raw()); sgr != nil {
		t.Errorf("the vt100 session got style sequences (%q)", sgr)
	}
}
