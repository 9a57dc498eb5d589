package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/charmbracelet/ssh"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/ui"
	"github.com/twilio-keys/twilio-keys/ui/clipboard"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
	"github.com/twilio-keys/twilio-keys/ui/serve"
)

const serveUsage = `Usage: twilio-keys serve [flags]

Serves the console over SSH, so a team shares one set of credentials that
never leaves this host: each person signs in with their own SSH key and gets
a console of their own, with the role their key is given. Commands work too:
  ssh -p 23234 HOST                   the console
  ssh -p 23234 HOST list --json       a scripting command (list, create,
                                      rename, delete, check, help)

Credentials are found as the console finds them (--profile, the environment,
twilio-cli), else the embedded sandbox serves, which makes a demo one command.

Who gets in: the keys in an OpenSSH authorized_keys file, read again for every
session, so edits apply without a restart. A key's role is an option on its
line that OpenSSH accepts too:
  environment="TWILIO_KEYS_ROLE=operator" ssh-ed25519 AAAA… alice@laptop
  viewer    list, filter, details, check a key (a line with no role)
  operator  also create, rename, rotate
  admin     also delete, Auth Tokens, subaccount changes
Public keys only; no shell, no port or agent forwarding, no SFTP.

Every session and action is written to the audit log as one JSON line.

Flags:
  --listen ADDR           address to listen on (default 127.0.0.1:23234);
                          anything but loopback is reachable by others
  --authorized-keys FILE  default $STATE/authorized_keys
  --host-key FILE         ed25519 host key, made on first start
                          (default $STATE/ssh_host_ed25519_key)
  --audit FILE            the audit log (default $STATE/audit.log); - for stdout
  --max-sessions N        sessions at once, in all (default 32)
  --max-per-key N         sessions at once per key (default 4)
  --idle-timeout DUR      end a console with no input for DUR (default 15m)
  --idle-warning DUR      warn this long before (default 1m)
  --clipboard-clear DUR   clear a copied secret from the session's clipboard
                          after DUR (default 30s; 0 disables)
  --max-age AGE           mark keys at least this old as due for rotation
                          (default 90d; 0 turns the mark off), as the console does
  --profile NAME, --base-url URL   as for the console
  -h, --help              show this help

$STATE is $XDG_STATE_HOME/twilio-keys, else ~/.local/state/twilio-keys.
`

func runServe(ctx context.Context, args []string, e env) int {
	fs := newFlagSet("twilio-keys serve")
	listen := fs.String("listen", "127.0.0.1:23234", "")
	authKeys := fs.String("authorized-keys", "", "")
	hostKey := fs.String("host-key", "", "")
	auditPath := fs.String("audit", "", "")
	maxSessions := fs.Int("max-sessions", serve.DefaultMaxSessions, "")
	maxPerKey := fs.Int("max-per-key", serve.DefaultMaxPerKey, "")
	idle := fs.Duration("idle-timeout", serve.DefaultIdleTimeout, "")
	idleWarning := fs.Duration("idle-warning", serve.DefaultIdleWarning, "")
	clearAfter := fs.Duration("clipboard-clear", clipboard.DefaultClearAfter, "")
	maxAgeText := fs.String("max-age", "90d", "")
	profile := fs.String("profile", "", "")
	baseURL := fs.String("base-url", "", "")
	if code, ok := parseFlags(fs, args, serveUsage, e); !ok {
		return code
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "twilio-keys serve: "+format+"\n", a...)
		return exitUsage
	}
	switch {
	case fs.NArg() > 0:
		return usage("unexpected argument %q", fs.Arg(0))
	case *maxSessions < 1 || *maxPerKey < 1:
		return usage("--max-sessions and --max-per-key must be 1 or more")
	case *idle <= 0 || *idleWarning <= 0 || *idleWarning >= *idle:
		return usage("--idle-warning must be positive and shorter than --idle-timeout")
	case *clearAfter < 0:
		return usage("--clipboard-clear must be 0 (never) or a positive duration such as 30s")
	}
	maxAge, err := parseMaxAge(*maxAgeText)
	if err != nil {
		return usage("--max-age: %v", err)
	}
	stateDir := ""
	if p, err := sandbox.DefaultStatePath(); err == nil {
		stateDir = filepath.Dir(p)
	}
	for _, f := range []*string{authKeys, hostKey, auditPath} {
		if *f == "" && stateDir == "" {
			return usage("no state directory (set XDG_STATE_HOME or HOME), so give --authorized-keys, --host-key and --audit")
		}
	}
	if *authKeys == "" {
		*authKeys = filepath.Join(stateDir, "authorized_keys")
	}
	if *hostKey == "" {
		*hostKey = filepath.Join(stateDir, "ssh_host_ed25519_key")
	}
	if *auditPath == "" {
		*auditPath = filepath.Join(stateDir, "audit.log")
	}

	audit, closeAudit, err := openAudit(*auditPath, e.stdout)
	if err != nil {
		fmt.Fprintf(e.stderr, "twilio-keys serve: audit log: %v\n", err)
		return exitFailure
	}
	defer closeAudit()

	w, code, err := wire(ctx, e.getenv, *profile, *baseURL)
	if err != nil {
		fmt.Fprintf(e.stderr, "twilio-keys serve: %s\n", sanitize.Text(err.Error()))
		return code
	}
	defer w.stop()
	client := w.client

	srv, err := serve.New(serve.Config{
		AuthorizedKeys: *authKeys,
		HostKey:        *hostKey,
		Console: ui.Config{
			Service:    client,
			ClearAfter: *clearAfter,
			MaxAge:     maxAge,
			Source:     w.creds.source,
			ForAccount: ui.ForAccountOf(client),
		},
		Account:     client.AccountSID(),
		Script:      scriptOverSSH,
		Audit:       audit,
		Log:         e.stderr,
		MaxSessions: *maxSessions,
		MaxPerKey:   *maxPerKey,
		IdleTimeout: *idle,
		IdleWarning: *idleWarning,
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "twilio-keys serve: %v\n", err)
		return exitFailure
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(e.stderr, "twilio-keys serve: %v\n", err)
		return exitFailure
	}
	printServeBanner(e, srv, ln.Addr().(*net.TCPAddr), *authKeys, *hostKey, *auditPath, credentialsLine(w))

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err = <-served:
	case <-ctx.Done():
		fmt.Fprintln(e.stderr, "twilio-keys serve: stopping; ending every session")
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = srv.Shutdown(stopCtx)
		cancel()
		<-served
	}
	if err != nil && !errors.Is(err, ssh.ErrServerClosed) {
		fmt.Fprintf(e.stderr, "twilio-keys serve: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// scriptOverSSH runs a command a session sent, with the server's client as
// the session's role allows it. serve has checked the name and the role.
func scriptOverSSH(ctx context.Context, args []string, stdio serve.Stdio, svc ui.Service) int {
	e := env{stdin: stdio.Stdin, stdout: stdio.Stdout, stderr: stdio.Stderr,
		getenv: func(string) string { return "" }, service: svc}
	if !sshCommands[args[0]] && args[0] != "help" {
		fmt.Fprintf(e.stderr, "twilio-keys: %q is not a scripting command\n", sanitize.Line(args[0], 32))
		return exitUsage
	}
	return run(ctx, args, e)
}

// exposureWarning names who can reach a listening address that is not
// loopback; "" for loopback.
func exposureWarning(addr *net.TCPAddr, authKeys string) string {
	if addr.IP.IsLoopback() {
		return ""
	}
	who := "every host that can reach " + addr.IP.String()
	if addr.IP.IsUnspecified() {
		who = "every host on every network this machine is on"
	}
	return fmt.Sprintf("WARNING: listening on %s, not loopback: %s can try to sign in. Only the keys in %s get in.", addr, who, authKeys)
}

// credentialsLine says what the sessions act with; never the credentials.
func credentialsLine(w *wired) string {
	if w.embedded != nil {
		return "the embedded sandbox (no credentials set), state in " + w.embedded.statePath
	}
	return w.creds.source + ", account " + w.client.AccountSID()
}

// openAudit opens the audit log for appending, made 0600; "-" is stdout.
func openAudit(path string, stdout io.Writer) (io.Writer, func(), error) {
	if path == "-" {
		return stdout, func() {}, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, err
	}
	if info, err := f.Stat(); err == nil && info.Mode().Perm()&0o077 != 0 {
		f.Close()
		return nil, nil, fmt.Errorf("%s is readable by others (mode %v); chmod 600 it", path, info.Mode().Perm())
	}
	return f, func() { f.Close() }, nil
}

func printServeBanner(e env, srv *serve.Server, addr *net.TCPAddr, authKeys, hostKey, auditPath, source string) {
	if w := exposureWarning(addr, authKeys); w != "" {
		fmt.Fprintln(e.stderr, w)
	}
	made := ""
	if srv.HostKeyCreated() {
		made = " (made now)"
	}
	n := "no keys yet"
	problems, err := srv.Problems()
	if err != nil {
		fmt.Fprintf(e.stderr, "WARNING: %v\n", err)
	}
	for _, p := range problems {
		fmt.Fprintf(e.stderr, "serve: %s: %s\n", authKeys, p)
	}
	if info, err := os.Stat(authKeys); errors.Is(err, fs.ErrNotExist) {
		n = "missing: no one can sign in until you add a key"
	} else if err == nil && info.Size() > 0 {
		n = "read again for every session"
	}
	if auditPath == "-" {
		auditPath = "stdout"
	}
	fmt.Fprintf(e.stderr, `twilio-keys serve: SSH on %[1]s
Host key:         %[2]s%[3]s
Fingerprint:      %[4]s
Authorized keys:  %[5]s (%[6]s)
Audit log:        %[7]s
Credentials:      %[8]s

Connect:   ssh -p %[9]d %[10]s
Add a key: echo 'environment="TWILIO_KEYS_ROLE=operator" '"$(cat ~/.ssh/id_ed25519.pub)" >> %[5]s
`, addr, hostKey, made, srv.Fingerprint(), authKeys, n, auditPath, sanitize.Text(source), addr.Port, addr.IP)
}
