package serve

import (
	"context"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/twilio-keys/twilio-keys/ui"
)

// A console with no input gets a warning in its bar, then ends; input after
// the warning puts the end off. The timeout is short so the test is quick;
// the test waits on what the session shows, not on the clock.
func TestIdleConsoleIsWarnedThenEnded(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.IdleTimeout, c.IdleWarning = 600*time.Millisecond, 300*time.Millisecond })
	tm := h.console(h.dial("alice", h.newUser("alice", "viewer")), 100, 24)
	tm.waitFor("ci-deploy")

	tm.waitFor("Idle: this session ends in")
	// A key press takes the warning away (the bar is drawn again without
	// it) and starts the wait over, so the warning comes a second time.
	tm.expect("j", "Signed in: alice")
	tm.waitEnd()
	if !strings.Contains(tm.errOut.text(), "ended after being idle") {
		t.Errorf("the user was not told why the session ended; stderr: %q", tm.errOut.text())
	}
	warnings := strings.Count(tm.out.text(), "Idle: this session ends in")
	if warnings < 2 {
		t.Errorf("the warning was drawn %d times; want once before the key press and once after (the bar redraws only what changed)", warnings)
	}
	r := h.audit.waitRecord(t, "the end", func(r Record) bool { return r.Event == EventSessionEnd })
	if r.Reason != "idle" {
		t.Errorf("session end recorded with reason %q, want idle", r.Reason)
	}
}

// Shutdown (what SIGTERM calls) tells every session, ends consoles and lets
// a running command finish; the server then refuses new connections.
func TestShutdownEndsEverySession(t *testing.T) {
	release := make(chan struct{})
	h := newHarness(t, func(c *Config) {
		base := c.Script
		c.Script = func(ctx context.Context, args []string, stdio Stdio, svc ui.Service) int {
			if args[0] == "help" {
				stdio.Stdout.Write([]byte("started\n"))
				<-release // a command still running when the server is told to stop
			}
			return base(ctx, args, stdio, svc)
		}
	})
	alice, bob := h.newUser("alice", "viewer"), h.newUser("bob", "admin")
	a := h.console(h.dial("alice", alice), 100, 24)
	b := h.console(h.dial("bob", bob), 90, 20)
	a.waitFor("ci-deploy")
	b.waitFor("ci-deploy")
	cc := h.dial("bob", bob)
	cmd, _ := cc.NewSession()
	out := newStream()
	cmd.Stdout = out
	cmd.Start("help")
	out.waitFor(t, "the command to start", func(s string) bool { return strings.Contains(s, "started") })

	stopped := make(chan error, 1)
	go func() { stopped <- h.srv.Shutdown(context.Background()) }()
	for _, tm := range []*terminal{a, b} {
		tm.waitEnd()
		if !strings.Contains(tm.errOut.text(), "server is shutting down") {
			t.Errorf("a console was not told; stderr: %q", tm.errOut.text())
		}
	}
	close(release)
	if err := cmd.Wait(); err != nil {
		t.Errorf("the running command did not finish cleanly: %v", err)
	}
	if err := <-stopped; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	ends := 0
	for _, r := range h.audit.records(t) {
		if r.Event == EventSessionEnd && r.Kind == "console" {
			ends++
			if r.Reason != "shutdown" {
				t.Errorf("a console ended with reason %q", r.Reason)
			}
		}
	}
	if ends != 2 {
		t.Errorf("%d console ends audited, want 2", ends)
	}
	if _, err := h.dialWith("alice", gossh.PublicKeys(alice.signer)); err == nil {
		t.Error("a new connection was accepted after Shutdown")
	}
}

func TestSessionLimits(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.MaxSessions, c.MaxPerKey = 3, 2 })
	alice, bob := h.newUser("alice", "viewer"), h.newUser("bob", "viewer")
	ca, cb := h.dial("alice", alice), h.dial("bob", bob)
	a1, a2 := h.console(ca, 80, 24), h.console(ca, 80, 24)
	a1.waitFor("ci-deploy")
	a2.waitFor("ci-deploy")
	_, stderr, code := h.command(ca, "list")
	if code == 0 || !strings.Contains(stderr, "limit per key") {
		t.Errorf("a third session for one key: exit %d, %q", code, stderr)
	}
	b1 := h.console(cb, 80, 24)
	b1.waitFor("ci-deploy")
	_, stderr, code = h.command(cb, "list")
	if code == 0 || !strings.Contains(stderr, "its limit") {
		t.Errorf("a fourth session in all: exit %d, %q", code, stderr)
	}
	// A place freed is a place taken again.
	a2.send("q")
	a2.waitEnd()
	h.audit.waitRecord(t, "a2's end", func(r Record) bool { return r.Event == EventSessionEnd && r.User == "alice" })
	if _, stderr, code := h.command(cb, "list"); code != 0 {
		t.Errorf("after one session ended: exit %d, %q", code, stderr)
	}
	refused := 0
	for _, r := range h.audit.records(t) {
		if r.Event == EventSessionRefused {
			refused++
		}
	}
	if refused != 2 {
		t.Errorf("%d refusals audited, want 2", refused)
	}
}

// A console whose connection drops ends, and its place is freed.
func TestDroppedConnectionEndsTheSession(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.MaxPerKey = 1 })
	alice := h.newUser("alice", "viewer")
	c := h.dial("alice", alice)
	h.console(c, 80, 24).waitFor("ci-deploy")
	c.Close()
	r := h.audit.waitRecord(t, "the end", func(r Record) bool { return r.Event == EventSessionEnd })
	if r.Reason != "disconnected" {
		t.Errorf("reason %q, want disconnected", r.Reason)
	}
	h.console(h.dial("alice", alice), 80, 24).waitFor("ci-deploy")
}
