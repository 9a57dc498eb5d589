package main

import (
	"context"
	"fmt"
	"net"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
)

const sandboxUsage = `Usage: twilio-keys sandbox [flags]

Runs the Twilio-compatible sandbox on its own, for demos, offline work and
testing your own applications. It serves the v2010 Keys, SigningKeys and
Accounts endpoints and IAM v1 Keys, enforces Twilio's auth rules, and keeps its
state in a file (or in memory). It prints a base URL and credentials.

Sandbox-only extension: POST /v1/Keys with KeyType=main creates a Main key,
standing in for the Twilio Console, where real Main keys are made.

Flags:
  --listen ADDR     address to listen on (default 127.0.0.1:4010). Anything
                    other than loopback exposes credentials sent in clear text.
  --state FILE      state file (default $XDG_STATE_HOME/twilio-keys/sandbox.db,
                    else ~/.local/state/twilio-keys/sandbox.db)
  --memory          keep state in memory only; nothing survives the process
  --seed-keys N     add N generated keys (for load and performance work)
  --faults SPEC     fail some requests on purpose, to see how a client copes
                    with a flaky network and a busy server (see below)
  -h, --help        show this help

Fault injection (--faults SPEC):
` + sandbox.FaultsUsage + "\n"

func runSandbox(ctx context.Context, args []string, e env) int {
	fs := newFlagSet("twilio-keys sandbox")
	listen := fs.String("listen", "127.0.0.1:4010", "")
	state := fs.String("state", "", "")
	memory := fs.Bool("memory", false, "")
	seed := fs.Int("seed-keys", 0, "")
	faultSpec := fs.String("faults", "", "")
	if code, ok := parseFlags(fs, args, sandboxUsage, e); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "twilio-keys sandbox: unexpected argument %q\n\n%s", fs.Arg(0), sandboxUsage)
		return exitUsage
	}
	if *memory && *state != "" {
		fmt.Fprintln(e.stderr, "twilio-keys sandbox: --memory and --state cannot be used together")
		return exitUsage
	}
	if *seed < 0 {
		fmt.Fprintln(e.stderr, "twilio-keys sandbox: --seed-keys must be 0 or more")
		return exitUsage
	}

	opts := sandbox.Options{Listen: *listen, StatePath: *state, Memory: *memory, SeedKeys: *seed}
	var faults sandbox.Faults
	if *faultSpec != "" {
		var err error
		if faults, err = sandbox.ParseFaults(*faultSpec); err != nil {
			fmt.Fprintf(e.stderr, "twilio-keys sandbox: --faults: %v\n", err)
			return exitUsage
		}
		opts.Wrap = faults.Wrap
	}

	srv, err := sandbox.Start(ctx, opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "twilio-keys sandbox: %v\n", err)
		return exitFailure
	}
	defer srv.Close()

	if srv.Exposed() {
		fmt.Fprintf(e.stderr, "WARNING: listening on %s, not loopback: credentials sent to the sandbox travel in clear text.\n", *listen)
	}
	if opts.Wrap != nil {
		fmt.Fprintf(e.stderr, "WARNING: fault injection is on: %s. Clients will see failures on purpose.\n", faults)
	}
	where := "in memory (lost on exit)"
	if !*memory {
		if where = *state; where == "" {
			where, _ = sandbox.DefaultStatePath()
		}
	}
	fmt.Fprintf(e.stdout, `Twilio-compatible sandbox listening on %[1]s
State:        %[4]s

Account SID:  %[2]s
Auth Token:   %[3]s

Try it:
  curl -s -u %[2]s:%[3]s %[1]s/2010-04-01/Accounts/%[2]s/Keys.json

  TWILIO_ACCOUNT_SID=%[2]s TWILIO_AUTH_TOKEN=%[3]s twilio-keys --base-url %[1]s

Press Ctrl+C to stop.
`, srv.URL(), srv.AccountSID(), srv.AuthToken(), where)

	<-ctx.Done()
	fmt.Fprintln(e.stderr, "sandbox: stopping")
	return exitOK
}

// isLoopbackHost reports whether host names this machine only.
func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
