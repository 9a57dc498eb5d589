package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/twilio-keys/twilio-keys/twilio/testwait"
)

// TestRealSSHSession is a team member's first session: 'twilio-keys serve'
// on the embedded sandbox, their key added with a role, the real ssh client
// in a real terminal (tmux) checking the host key it was told about: create
// a key, copy its secret by OSC 52 to their own terminal, quit. Then SIGTERM
// stops the server: a second session open at the time is told and ends, and
// the server exits 0. No secret reaches the server's output, the audit log
// or any file in its state directory.
func TestRealSSHSession(t *testing.T) {
	requireTmux(t)
	for _, tool := range []string{"ssh", "ssh-keygen"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is required in CI (.ci/run installs it)", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
	dir := t.TempDir()
	state := filepath.Join(dir, "state")
	keyFile := filepath.Join(dir, "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "alice@laptop", "-f", keyFile).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	pub, err := os.ReadFile(keyFile + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(state, "twilio-keys"), 0o700); err != nil {
		t.Fatal(err)
	}
	authorized := filepath.Join(state, "twilio-keys", "authorized_keys")
	if err := os.WriteFile(authorized, []byte(`environment="TWILIO_KEYS_ROLE=operator" `+string(pub)), 0o600); err != nil {
		t.Fatal(err)
	}

	server := exec.Command(binary(t), "serve", "--listen", "127.0.0.1:0")
	server.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "XDG_STATE_HOME=" + state}
	stderr := &testwait.Buffer{}
	server.Stderr = stderr
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- server.Wait() }()
	t.Cleanup(func() {
		server.Process.Kill()
		<-exited
	})
	addr := waitMatch(t, stderr, listening)[1]
	fingerprint := waitMatch(t, stderr, regexpFingerprint)[1]
	port := addr[strings.LastIndex(addr, ":")+1:]

	// known_hosts from the host key file, checked against the fingerprint
	// the server printed: what a careful user does before the first connect.
	hostKeyPEM, err := os.ReadFile(filepath.Join(state, "twilio-keys", "ssh_host_ed25519_key"))
	if err != nil {
		t.Fatal(err)
	}
	hostSigner, err := gossh.ParsePrivateKey(hostKeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	if got := gossh.FingerprintSHA256(hostSigner.PublicKey()); got != fingerprint {
		t.Fatalf("the server printed fingerprint %s, its host key is %s", fingerprint, got)
	}
	knownHosts := filepath.Join(dir, "known_hosts")
	os.WriteFile(knownHosts, []byte("[127.0.0.1]:"+port+" "+string(gossh.MarshalAuthorizedKey(hostSigner.PublicKey()))), 0o600)

	ssh := []string{"ssh", "-F", "/dev/null", "-p", port, "-i", keyFile, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
		"-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts, "alice@127.0.0.1"}
	term := startTerminal(t, 100, 30, nil, ssh...)
	term.waitForText("Signed in: alice (alice@laptop)", "role operator", "SANDBOX", "keys")
	// Served consoles mark stale keys as the local console does (--max-age 90d).
	term.waitForText("! due for rotation (90d or older)")

	secret := term.createOnScreen("over-ssh")
	term.keys("c")
	term.waitForText("OSC 52")
	if got := term.clipboardBuffer(); got != secret {
		t.Fatalf("the terminal's clipboard holds %q, want the secret", got)
	}
	term.keys("Space")
	term.waitForText("[x]")
	term.keys("Enter")
	term.waitFor("the list with the new key", func(s string) bool {
		return strings.Contains(s, "over-ssh") && !strings.Contains(s, "New API key created")
	})
	term.keys("q")
	if code := term.waitForExit(); code != 0 {
		t.Fatalf("ssh exited %d; stderr:\n%s", code, term.stderr())
	}

	// SIGTERM with a session open: it is told, it ends, the server exits 0.
	second := startTerminal(t, 90, 24, nil, ssh...)
	second.waitForText("Signed in: alice", "over-ssh")
	server.Process.Signal(syscall.SIGTERM)
	if code := second.waitForExit(); code == 0 && !strings.Contains(second.stderr()+second.everything(), "shutting down") {
		t.Errorf("the open session was not told the server is stopping:\n%s\n%s", second.everything(), second.stderr())
	}
	if !strings.Contains(second.stderr(), "server is shutting down") {
		t.Errorf("ssh's stderr does not say why the session ended: %q", second.stderr())
	}
	if err := <-exited; err != nil {
		t.Errorf("serve did not exit cleanly after the signal: %v\n%s", err, stderr.String())
	}
	exited <- nil

	// Nothing the server wrote holds the secret.
	if strings.Contains(stderr.String(), secret) {
		t.Error("the server's output holds the secret")
	}
	filepath.Walk(state, func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			if b, _ := os.ReadFile(path); strings.Contains(string(b), secret) || strings.Contains(string(b), secret[:8]) {
				t.Errorf("%s holds the secret", path)
			}
		}
		return nil
	})
	audit, _ := os.ReadFile(filepath.Join(state, "twilio-keys", "audit.log"))
	for _, want := range []string{`"action":"create"`, `"action":"copy"`, `"reason":"shutdown"`, `"event":"server.stop"`} {
		if !strings.Contains(string(audit), want) {
			t.Errorf("the audit log has no %s:\n%s", want, audit)
		}
	}
	if info, err := os.Stat(filepath.Join(state, "twilio-keys", "audit.log")); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("audit.log: %v, mode %v; want 0600", err, info.Mode().Perm())
	}
}
