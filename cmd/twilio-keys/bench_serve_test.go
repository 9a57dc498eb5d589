package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/twilio-keys/twilio-keys/twilio/testwait"
)

// benchServer is the built binary serving on the embedded sandbox, with one
// operator key.
type benchServer struct {
	cmd  *exec.Cmd
	addr string
	user sshUser
}

func startBenchServer(b *testing.B) *benchServer {
	b.Helper()
	dir := b.TempDir()
	state := filepath.Join(dir, "state")
	os.MkdirAll(filepath.Join(state, "twilio-keys"), 0o700)
	u := newSSHUser(b, "bench")
	os.WriteFile(filepath.Join(state, "twilio-keys", "authorized_keys"), []byte(u.line("operator")+"\n"), 0o600)
	bin := filepath.Join(dir, "twilio-keys")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "--listen", "127.0.0.1:0", "--max-sessions", "1000", "--max-per-key", "1000")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "XDG_STATE_HOME=" + state}
	stderr := &testwait.Buffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() })
	return &benchServer{cmd: cmd, addr: waitMatch(b, stderr, listening)[1], user: u}
}

var firstFrameWithKeys = regexp.MustCompile(`SK[0-9a-f]{32}`)

// openConsole connects as a user would (a new connection, a pty, a shell)
// and returns when the first frame with keys has arrived.
func (s *benchServer) openConsole(b *testing.B) (*gossh.Client, *gossh.Session) {
	c, err := gossh.Dial("tcp", s.addr, &gossh.ClientConfig{User: "bench", Auth: []gossh.AuthMethod{gossh.PublicKeys(s.user.signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		b.Fatal(err)
	}
	sess, err := c.NewSession()
	if err != nil {
		b.Fatal(err)
	}
	out := &testwait.Buffer{}
	sess.Stdout = out
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		b.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		b.Fatal(err)
	}
	waitMatch(b, out, firstFrameWithKeys)
	return c, sess
}

// BenchmarkServeFirstFrame is the time from 'ssh' (TCP connect, key
// exchange, public-key sign-in, pty, shell) to the first frame that shows
// keys, on the embedded sandbox over loopback.
func BenchmarkServeFirstFrame(b *testing.B) {
	s := startBenchServer(b)
	b.ResetTimer()
	for b.Loop() {
		c, sess := s.openConsole(b)
		sess.Close()
		c.Close()
	}
}

// BenchmarkServeIdleSessionMemory opens 200 consoles that sit idle and
// reports how much the server's resident memory grew per session.
func BenchmarkServeIdleSessionMemory(b *testing.B) {
	const sessions = 200
	s := startBenchServer(b)
	for b.Loop() {
		c, sess := s.openConsole(b) // warm up: the first session pays for code pages and the first listing
		before := rss(b, s.cmd.Process.Pid)
		var open []*gossh.Client
		for range sessions {
			c, _ := s.openConsole(b)
			open = append(open, c)
		}
		after := rss(b, s.cmd.Process.Pid)
		b.ReportMetric(float64(after-before)/sessions, "RSS-bytes/session")
		for _, c := range open {
			c.Close()
		}
		sess.Close()
		c.Close()
	}
}

// rss is the process's resident set size in bytes.
func rss(b *testing.B, pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Skip("no /proc")
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if f := strings.Fields(string(line)); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb * 1024
		}
	}
	b.Skip("no VmRSS")
	return 0
}
