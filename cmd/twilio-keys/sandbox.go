package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
)

const sandboxUsage = `Usage: twilio-keys sandbox [flags]

Runs the Twilio-compatible sandbox on its own, for demos, offline work and
testing your own applications. It serves the v2010 Keys, SigningKeys and
Accounts endpoints and IAM v1 Keys, enforces Twilio's auth rules, and keeps its
state in a file (or in memory). It prints a base URL and credentials.

Sandbox-only extension: POST /v1/Keys with KeyType=main creates a Main key,
standing in for the Twilio Console, where real Main keys are made.

On a state file it also answers on a socket beside it (sandbox.sock, 0600), so
the console and the scripting commands run without credentials use this
sandbox instead of failing on the file's lock.

Flags:
  --listen ADDR     address to listen on (default 127.0.0.1:4010). Anything
                    other than loopback exposes credentials sent in clear text.
  --state FILE      state file (default $XDG_STATE_HOME/twilio-keys/sandbox.db,
                    else ~/.local/state/twilio-keys/sandbox.db)
  --memory          keep state in memory only, never in a file; nothing
                    survives the process
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
		if advice := stateAdvice(err, "run with --memory, or with --state FILE for another state file"); advice != "" {
			fmt.Fprintf(e.stderr, "twilio-keys sandbox: %s\n", advice)
		}
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

// embedded is the sandbox a command uses when no credentials are set: the
// one another twilio-keys process already runs on the default state file
// (found through the socket beside it), else one started here.
type embedded struct {
	url, accountSID, authToken string
	statePath                  string
	shared                     bool   // run by another process
	close                      func() // stops the one started here
}

// embeddedAlternative is what a user of the console or a script command can
// do instead of the embedded sandbox: these commands have no --memory or
// --state.
const embeddedAlternative = "or run 'twilio-keys sandbox --memory' in another terminal and pass its credentials (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN) and --base-url"

// startEmbedded joins the sandbox already running on the default state
// file, or starts one. When the file is in use but nobody answers on its
// socket yet (the other process is still starting), it asks again briefly.
func startEmbedded(ctx context.Context) (*embedded, error) {
	path, err := sandbox.DefaultStatePath()
	if err != nil {
		return nil, err
	}
	if em, err := joinEmbedded(ctx, path); em != nil || err != nil {
		return em, err
	}
	srv, err := sandbox.Start(ctx, sandbox.Options{})
	for tries := 0; errors.Is(err, sandbox.ErrStateInUse) && tries < 3; tries++ {
		if em, jerr := joinEmbedded(ctx, path); em != nil || jerr != nil {
			return em, jerr
		}
		srv, err = sandbox.Start(ctx, sandbox.Options{})
	}
	if err != nil {
		if advice := stateAdvice(err, embeddedAlternative); advice != "" {
			err = fmt.Errorf("%w. %s", err, advice)
		}
		return nil, err
	}
	return &embedded{url: srv.URL(), accountSID: srv.AccountSID(), authToken: srv.AuthToken(), statePath: path, close: func() { srv.Close() }}, nil
}

func joinEmbedded(ctx context.Context, path string) (*embedded, error) {
	sh, err := sandbox.Join(ctx, path)
	if errors.Is(err, sandbox.ErrNotShared) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &embedded{url: sh.URL, accountSID: sh.AccountSID, authToken: sh.AuthToken, statePath: path, shared: true, close: func() {}}, nil
}

// stateAdvice says what to do about a state file that cannot be used,
// naming only what exists on the command at hand (alternative).
func stateAdvice(err error, alternative string) string {
	var damaged *sandbox.DamagedStateError
	switch {
	case errors.As(err, &damaged):
		return fmt.Sprintf("Move it aside (mv %s %s.damaged) and a fresh sandbox is made on the next start, %s.", damaged.Path, damaged.Path, alternative)
	case errors.Is(err, sandbox.ErrStateInUse):
		return fmt.Sprintf("Stop the other process, %s.", alternative)
	}
	return ""
}
