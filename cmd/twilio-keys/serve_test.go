package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/twilio-keys/twilio-keys/twilio/testwait"
)

// waitMatch waits until re matches what was written to b and returns the
// match.
func waitMatch(tb testing.TB, b *testwait.Buffer, re *regexp.Regexp) []string {
	tb.Helper()
	var m []string
	b.Wait(tb, re.String(), func(written []byte) bool {
		m = re.FindStringSubmatch(string(written))
		return m != nil
	})
	return m
}

var listening = regexp.MustCompile(`SSH on (127\.0\.0\.1:\d+)`)

// sshUser is a key for the test client, listed in authorized_keys.
type sshUser struct {
	name   string
	signer gossh.Signer
}

func newSSHUser(t testing.TB, name string) sshUser {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return sshUser{name: name, signer: s}
}

func (u sshUser) line(role string) string {
	l := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(u.signer.PublicKey()))) + " " + u.name + "@test"
	if role != "" {
		l = `environment="TWILIO_KEYS_ROLE=` + role + `" ` + l
	}
	return l
}

// served is 'twilio-keys serve' running in-process against a sandbox,
// with the audit log on stdout.
type served struct {
	addr   string
	audit  *testwait.Buffer
	stderr *testwait.Buffer
	stop   context.CancelFunc // what SIGTERM does
	code   chan int
	once   sync.Once
	exit   int
}

// shutdown does what SIGTERM does and returns serve's exit code.
func (s *served) shutdown() int {
	s.once.Do(func() {
		s.stop()
		s.exit = <-s.code
	})
	return s.exit
}

func startServe(t *testing.T, w *world, authorized ...string) *served {
	t.Helper()
	dir := t.TempDir()
	keys := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(keys, []byte(strings.Join(authorized, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{audit: &testwait.Buffer{}, stderr: &testwait.Buffer{}, stop: cancel, code: make(chan int, 1)}
	go func() {
		s.code <- run(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--audit", "-", "--authorized-keys", keys,
			"--host-key", filepath.Join(dir, "host_key"), "--base-url", w.srv.URL()},
			env{stdin: strings.NewReader(""), stdout: s.audit, stderr: s.stderr, getenv: func(k string) string { return w.vars[k] }})
	}()
	t.Cleanup(func() { s.shutdown() })
	s.addr = waitMatch(t, s.stderr, listening)[1]
	return s
}

func (s *served) dial(t *testing.T, u sshUser) *gossh.Client {
	t.Helper()
	c, err := gossh.Dial("tcp", s.addr, &gossh.ClientConfig{User: u.name, Auth: []gossh.AuthMethod{gossh.PublicKeys(u.signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// sshRun runs one command over SSH as a script would.
func sshRun(t *testing.T, c *gossh.Client, stdin, cmd string) result {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	var o, e bytes.Buffer
	sess.Stdin, sess.Stdout, sess.Stderr = strings.NewReader(stdin), &o, &e
	err = sess.Run(cmd)
	r := result{stdout: o.String(), stderr: e.String()}
	if exit, ok := err.(*gossh.ExitError); ok {
		r.code = exit.ExitStatus()
	} else if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	return r
}

// Commands sent over SSH run the scripting commands' own code, with their
// output and exit codes, for exactly the commands each role may run.
func TestServeScriptingRoleMatrix(t *testing.T) {
	w := newWorld(t)
	users := map[string]sshUser{"viewer": newSSHUser(t, "vic"), "operator": newSSHUser(t, "olga"), "admin": newSSHUser(t, "ada")}
	s := startServe(t, w, users["viewer"].line(""), users["operator"].line("operator"), users["admin"].line("admin"))

	var secrets []string
	for _, role := range []string{"viewer", "operator", "admin"} {
		c := s.dial(t, users[role])
		victim := w.createKey(t, "victim-"+role, "standard")
		secrets = append(secrets, victim.Secret)

		r := sshRun(t, c, "", "list --json")
		r.want(t, exitOK)
		var keys []listed
		if err := json.Unmarshal([]byte(r.stdout), &keys); err != nil || len(keys) == 0 {
			t.Fatalf("%s: list --json over SSH: %v\n%s", role, err, r.stdout)
		}
		sshRun(t, c, victim.Secret+"\n", "check "+victim.SID).want(t, exitOK)

		create := sshRun(t, c, "", "create --name by-"+role+" --json")
		rename := sshRun(t, c, "", "rename "+victim.SID+" renamed-by-"+role)
		del := sshRun(t, c, "", "delete "+victim.SID+" --yes")
		for _, tc := range []struct {
			what    string
			r       result
			allowed bool
		}{
			{"create", create, role != "viewer"},
			{"rename", rename, role != "viewer"},
			{"delete", del, role == "admin"},
		} {
			switch {
			case tc.allowed && tc.r.code != exitOK:
				t.Errorf("%s: %s: exit %d, %s", role, tc.what, tc.r.code, tc.r.stderr)
			case !tc.allowed && (tc.r.code != exitRejected || !strings.Contains(tc.r.stderr, "not allowed")):
				t.Errorf("%s: %s: exit %d, %q; want 4, not allowed", role, tc.what, tc.r.code, tc.r.stderr)
			}
		}
		if role != "viewer" {
			var k struct{ Secret string }
			if err := json.Unmarshal([]byte(create.stdout), &k); err != nil || len(k.Secret) != 32 {
				t.Fatalf("%s: create --json over SSH: %v\n%s", role, err, create.stdout)
			}
			secrets = append(secrets, k.Secret)
		}
		// The server's credentials go nowhere else, and only the scripting
		// commands run.
		if r := sshRun(t, c, "", "list --base-url http://127.0.0.1:1"); r.code != exitUsage || !strings.Contains(r.stderr, "cannot be used over SSH") {
			t.Errorf("%s: --base-url over SSH: exit %d, %q", role, r.code, r.stderr)
		}
		for _, cmd := range []string{"serve", "sandbox", "report", "token create-secondary", "--version"} {
			if r := sshRun(t, c, "", cmd); r.code != exitUsage {
				t.Errorf("%s: %q over SSH: exit %d, %q", role, cmd, r.code, r.stderr)
			}
		}
	}
	if got := strings.Count(s.audit.String(), `"outcome":"refused"`); got != 4 {
		t.Errorf("%d refusals in the audit log, want 4 (the viewer's create, rename and delete, the operator's delete)", got)
	}
	if code := s.shutdown(); code != exitOK {
		t.Errorf("serve exited %d after the stop", code)
	}
	logs := s.audit.String() + s.stderr.String()
	for _, secret := range secrets {
		if strings.Contains(logs, secret) || strings.Contains(logs, secret[:8]) || strings.Contains(logs, w.srv.AuthToken()) {
			t.Errorf("the audit log or the server's output holds a secret")
		}
	}
	sc := bufio.NewScanner(strings.NewReader(s.audit.String()))
	for sc.Scan() {
		if !json.Valid(sc.Bytes()) {
			t.Errorf("audit line is not JSON: %q", sc.Text())
		}
	}
	if !strings.Contains(s.audit.String(), `"event":"server.stop"`) {
		t.Error("no server.stop in the audit log after the stop")
	}
}

var regexpFingerprint = regexp.MustCompile(`Fingerprint:\s+(SHA256:\S+)`)

func TestServeFlags(t *testing.T) {
	r := runIn(t, nil, "", "serve", "--help")
	r.want(t, exitOK)
	if !strings.Contains(r.stdout, "TWILIO_KEYS_ROLE=operator") {
		t.Errorf("serve --help does not show how to give a role:\n%s", r.stdout)
	}
	for _, args := range [][]string{
		{"serve", "--idle-timeout", "1m", "--idle-warning", "2m"},
		{"serve", "--max-per-key", "0"},
		{"serve", "extra"},
	} {
		runIn(t, nil, "", args...).want(t, exitUsage)
	}
}

func TestServeWarnsOffLoopback(t *testing.T) {
	for _, tc := range []struct {
		ip   string
		want string
	}{
		{"127.0.0.1", ""},
		{"::1", ""},
		{"0.0.0.0", "every host on every network this machine is on"},
		{"192.0.2.10", "every host that can reach 192.0.2.10"},
	} {
		got := exposureWarning(&net.TCPAddr{IP: net.ParseIP(tc.ip), Port: 23234}, "/k")
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.ip, got, tc.want)
		}
	}
}
