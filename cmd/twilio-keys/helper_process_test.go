package main

// Some tests need a second process: a sandbox to SIGKILL, a console that
// panics. They re-execute the test binary, which then runs
// TestReliabilityHelper in the role named by helperRoleEnv instead of the
// tests.

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio/testwait"
)

const helperRoleEnv = "TWILIO_KEYS_TEST_HELPER_ROLE"

// helperRoles are what a re-executed test binary can be. Each gets the
// arguments after "--" and returns an exit code.
var helperRoles = map[string]func(args []string) int{
	// sandbox runs `twilio-keys sandbox ARGS` as the real command does.
	"sandbox": func(args []string) int {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return run(ctx, append([]string{"sandbox"}, args...), env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	},
	"panicking-console":     runPanickingConsole,
	"panicking-console-tty": runPanickingConsoleTTY,
}

// TestReliabilityHelper is not a test: it is the entry point of the child
// processes that helperCommand starts, and does nothing in a normal run.
func TestReliabilityHelper(t *testing.T) {
	role := os.Getenv(helperRoleEnv)
	if role == "" {
		return
	}
	fn := helperRoles[role]
	if fn == nil {
		fmt.Fprintf(os.Stderr, "unknown helper role %q\n", role)
		os.Exit(3)
	}
	os.Exit(fn(flag.Args()))
}

// helperCommand prepares the test binary to run as role with args.
func helperCommand(t *testing.T, role string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestReliabilityHelper$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), helperRoleEnv+"="+role)
	return cmd
}

// sandboxBanner is what `twilio-keys sandbox` prints on start: where it
// listens and the demo account's credentials.
type sandboxBanner struct {
	url, accountSID, authToken string
}

// readSandboxBanner reads the sandbox's start-up lines from r, up to the
// Auth Token, and leaves the rest of r unread.
func readSandboxBanner(r *bufio.Reader) (sandboxBanner, error) {
	var b sandboxBanner
	for b.authToken == "" {
		line, err := r.ReadString('\n')
		if err != nil {
			return b, fmt.Errorf("the sandbox's output ended before its credentials (%w)", err)
		}
		line = strings.TrimSpace(line)
		if u, ok := strings.CutPrefix(line, "Twilio-compatible sandbox listening on "); ok {
			b.url = u
		} else if sid, ok := strings.CutPrefix(line, "Account SID:"); ok {
			b.accountSID = strings.TrimSpace(sid)
		} else if token, ok := strings.CutPrefix(line, "Auth Token:"); ok {
			b.authToken = strings.TrimSpace(token)
		}
	}
	if b.url == "" || b.accountSID == "" {
		return b, fmt.Errorf("the sandbox printed its Auth Token but not its URL or Account SID: %+v", b)
	}
	return b, nil
}

// sandboxProcess is `twilio-keys sandbox` running as a child process.
type sandboxProcess struct {
	sandboxBanner
	cmd    *exec.Cmd
	stderr *testwait.Buffer
	exited chan struct{}
}

// startSandboxProcess starts the sandbox (this test binary in the sandbox
// role) with args and waits for its banner.
func startSandboxProcess(t *testing.T, args ...string) *sandboxProcess {
	t.Helper()
	return runSandboxProcess(t, helperCommand(t, "sandbox", args...), args)
}

// runSandboxProcess starts cmd, a `twilio-keys sandbox ARGS`, and waits for
// its banner. The process is killed when the test ends, if it is still
// running.
func runSandboxProcess(t *testing.T, cmd *exec.Cmd, args []string) *sandboxProcess {
	t.Helper()
	p := &sandboxProcess{cmd: cmd, stderr: &testwait.Buffer{}, exited: make(chan struct{})}
	p.cmd.Stderr = p.stderr
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(p.kill)

	banner := make(chan error, 1)
	go func() {
		r := bufio.NewReader(stdout)
		var err error
		p.sandboxBanner, err = readSandboxBanner(r)
		banner <- err
		io.Copy(io.Discard, r)
	}()
	select {
	case err = <-banner:
	case <-time.After(time.Minute): // a bound on a hang, not a wait for something
		err = fmt.Errorf("no banner after a minute")
	}
	if err != nil {
		p.kill()
		t.Fatalf("sandbox %v: %v\nstderr:\n%s", args, err, p.stderr)
	}
	return p
}

// kill sends SIGKILL: no shutdown, no flush, whatever was in flight is cut off.
func (p *sandboxProcess) kill() {
	p.cmd.Process.Kill()
	<-p.exited
}
