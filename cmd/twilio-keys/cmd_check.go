package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"

	"github.com/twilio-keys/twilio-keys/twilio"
)

const checkUsage = `Usage: twilio-keys check SID [flags] < secret

Asks Twilio whether it accepts the key SID (SK…) with the secret read from
stdin (one line; from a terminal it is read without echo). The secret is never
printed. Exit code 0 when Twilio accepts the key, 4 when it refuses it (wrong
secret, or the key was deleted), 2 when the SID or secret is malformed (a
secret is 32 letters and digits), 1 when Twilio could not be asked. With
--json, stdout gets {"sid": "SK…", "accepted": true} (false with exit 4).
e.g.  printf '%s\n' "$TWILIO_API_SECRET" | twilio-keys check "$TWILIO_API_KEY"

Flags:
` + commonFlagsUsage

// maxSecretLine bounds what is read from stdin: a secret is 32 characters.
const maxSecretLine = 4096

func runCheck(ctx context.Context, args []string, e env) int {
	f := newScriptFlags("check", checkUsage)
	pos, code, ok := f.parse(e, args, 1, "check needs the SID of one key, and its secret on stdin")
	if !ok {
		return code
	}
	sid := pos[0]
	if err := twilio.CheckKeySID(sid); err != nil {
		return f.usageError(e, "%v", err)
	}
	secret, err := readSecret(e, sid)
	if err != nil {
		fmt.Fprintf(e.stderr, "twilio-keys check: reading the secret: %v\n", err)
		return exitFailure
	}
	if secret == "" {
		return f.usageError(e, "no secret on stdin; pipe it in, e.g. printf '%%s\\n' \"$SECRET\" | twilio-keys check %s", sid)
	}
	if err := twilio.CheckKeySecret(secret); err != nil {
		return f.usageError(e, "the %v", err)
	}
	s, code := f.connect(ctx, e)
	if s == nil {
		return code
	}
	defer s.stop()

	// Errors from CheckKey never contain the secret: the client's messages
	// name fields, not values.
	verdict := func(accepted bool) {
		if *f.json {
			writeJSON(e.stdout, struct {
				SID      string `json:"sid"`
				Accepted bool   `json:"accepted"`
			}{sid, accepted})
		}
	}
	switch err := s.keys.CheckKey(ctx, sid, secret); {
	case err == nil:
		verdict(true)
		fmt.Fprintf(e.stderr, "Twilio accepts the secret of %s.\n", sid)
		return exitOK
	case twilio.IsAuthError(err):
		verdict(false)
		fmt.Fprintf(e.stderr, "twilio-keys check: Twilio refuses %s with this secret: the secret may be mistyped, or the key deleted\n", sid)
		return exitRejected
	default:
		return s.fail(ctx, e, err)
	}
}

// readSecret reads one line from stdin without echoing it when stdin is a
// terminal, and drops the line ending and surrounding blanks, which no
// Twilio secret has.
func readSecret(e env, sid string) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(f.Fd()) {
		fmt.Fprintf(e.stderr, "Secret of %s (not echoed): ", sid)
		b, err := term.ReadPassword(f.Fd())
		fmt.Fprintln(e.stderr)
		return strings.TrimSpace(string(b)), err
	}
	line, err := bufio.NewReader(io.LimitReader(e.stdin, maxSecretLine)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	return strings.TrimSpace(line), nil
}
