package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/testwait"
)

// TestSandboxFaultsFlag: `twilio-keys sandbox --faults SPEC` warns that
// faults are on, and its clients get them.
func TestSandboxFaultsFlag(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	stdoutR, stdoutW := io.Pipe()
	stderr := &testwait.Buffer{}
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"sandbox", "--memory", "--listen", "127.0.0.1:0", "--faults", "rate=100%,kinds=503"},
			env{stdin: strings.NewReader(""), stdout: stdoutW, stderr: stderr, getenv: func(string) string { return "" }})
		stdoutW.Close()
	}()
	out := bufio.NewReader(stdoutR)
	banner, err := readSandboxBanner(out)
	if err != nil {
		t.Fatalf("%v\nstderr: %s", err, stderr)
	}
	go io.Copy(io.Discard, out)

	if want := "WARNING: fault injection is on: 100% of requests fail (503)."; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q does not warn %q", stderr, want)
	}
	client, err := twilio.New(twilio.Credentials{AccountSID: banner.accountSID, AuthToken: banner.authToken},
		twilio.Options{BaseURL: banner.url, Sandbox: true, Retry: twilio.RetryPolicy{MaxRetries: -1}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.FetchAccount(ctx)
	var te *twilio.Error
	if !errors.As(err, &te) || te.Status != 503 || te.Code != 20503 {
		t.Errorf("fetch through the faulty sandbox: %v, want 503/20503", err)
	}

	cancel()
	if c := <-code; c != exitOK {
		t.Errorf("exit code %d, want %d", c, exitOK)
	}
}

func TestSandboxFaultsFlagRefusesBadSpecs(t *testing.T) {
	for _, spec := range []string{"rate=2", "kinds=429", "often"} {
		t.Run(spec, func(t *testing.T) {
			r := runIn(t, nil, "", "sandbox", "--memory", "--listen", "127.0.0.1:0", "--faults", spec)
			r.want(t, exitUsage)
			if !strings.Contains(r.stderr, "--faults: ") {
				t.Errorf("stderr %q does not name the flag", r.stderr)
			}
		})
	}
}
