package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

const createUsage = `Usage: twilio-keys create --name NAME [--type standard|main] [--json] [flags]

Creates an API key and prints its secret, once: Twilio never shows it again.
Only the SID and secret go to stdout, in the environment variable form this
program and Twilio's tools read, quoted, ready for a shell .env file or eval:
  TWILIO_API_KEY='SK…'
  TWILIO_API_SECRET='…'
Both are checked first: a SID that is not SK and 32 hex digits, or a secret
that is not 32 letters and digits, is never printed (the key may exist then;
the message says so). Notes (such as "save the secret now") go to stderr.

The secret is written before anything else. When stdout is /dev/null, closed,
or a pipe nobody reads, no key is created; when the secret cannot be written
after the key was made, the exit code is 1 and stderr names the key to delete.

With --json it prints Twilio's create object instead:
  {"sid": "SK…", "friendly_name": "…", "date_created": "…", "date_updated": "…", "secret": "…"}
e.g.  twilio-keys create --name ci --json | jq -r .secret

Main keys (--type main) can be created only in the Twilio Console; the sandbox
allows it, standing in for the Console.

Flags:
  --name NAME      the key's friendly name, up to 64 characters, required;
                   spaces at its start and end are dropped
  --type TYPE      standard (default) or main
` + commonFlagsUsage

func runCreate(ctx context.Context, args []string, e env) int {
	f := newScriptFlags("create", createUsage)
	name := f.set.String("name", "", "")
	keyType := f.set.String("type", string(twilio.KeyTypeStandard), "")
	if _, code, ok := f.parse(e, args, 0, "create takes no arguments; give the name with --name NAME"); !ok {
		return code
	}
	clean, err := twilio.CleanFriendlyName(*name)
	if err != nil {
		return f.usageError(e, "--name: %v (the key's friendly name, up to %d characters)", err, twilio.MaxFriendlyNameLength)
	}
	t := twilio.KeyType(strings.ToLower(*keyType))
	if t != twilio.KeyTypeStandard && t != twilio.KeyTypeMain {
		return f.usageError(e, "--type must be standard or main, not %q", *keyType)
	}
	// A secret that cannot be delivered is a key nobody can use: better not
	// to make it.
	if why := undeliverable(e.stdout); why != "" {
		f.report(e, fmt.Errorf("not creating a key: %s, so its secret, which Twilio shows only once, would be lost", why))
		return exitFailure
	}
	s, code := f.connect(ctx, e)
	if s == nil {
		return code
	}
	defer s.stop()

	k, err := s.keys.CreateKey(ctx, clean, t)
	if err != nil {
		code := s.fail(ctx, e, err)
		if errors.Is(err, twilio.ErrOutcomeUnknown) && !*f.json {
			fmt.Fprintln(e.stderr, "twilio-keys create: run 'twilio-keys list' to see whether the key exists before creating it again")
		}
		return code
	}
	// The secret first, and nothing else until it is known to be written:
	// a write to a pipe whose reader has gone must fail here, not kill the
	// process before it can say which key now exists without its secret.
	defer ignoreSIGPIPE()()
	if *f.json {
		err = writeJSON(e.stdout, newKeyJSON{keyJSON: toKeyJSON(k.Key), Secret: k.Secret})
	} else {
		var lines string
		if lines, err = k.EnvLines(); err == nil {
			_, err = fmt.Fprint(e.stdout, lines)
		}
	}
	if err != nil {
		f.report(e, fmt.Errorf("created key %s named %s, but its secret could not be delivered (%v); Twilio will not show it again, "+
			"so the key is of no use: delete it with 'twilio-keys delete %[1]s --yes' (with the same credentials and flags), "+
			"and create another with stdout going to a terminal, file or reader", k.SID, quoted(k.FriendlyName), err))
		return exitFailure
	}
	kind := "Standard"
	if k.Type == twilio.KeyTypeMain {
		kind = "Main"
	}
	fmt.Fprintf(e.stderr, "Created %s key %s named %s.\nSave the secret now: Twilio will not show it again.\n", kind, sanitize.Text(k.SID), quoted(k.FriendlyName))
	return exitOK
}

// newKeyJSON is Twilio's answer to a create: the key and its secret.
type newKeyJSON struct {
	keyJSON
	Secret string `json:"secret"`
}
