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
program and Twilio's tools read, ready for a .env file or eval:
  TWILIO_API_KEY=SK…
  TWILIO_API_SECRET=…
Notes (such as "save the secret now") go to stderr.

With --json it prints Twilio's create object instead:
  {"sid": "SK…", "friendly_name": "…", "date_created": "…", "date_updated": "…", "secret": "…"}
e.g.  twilio-keys create --name ci --json | jq -r .secret

Main keys (--type main) can be created only in the Twilio Console; the sandbox
allows it, standing in for the Console.

Flags:
  --name NAME      the key's friendly name, up to 64 characters (required)
  --type TYPE      standard (default) or main
  --json           print JSON instead of the two lines
` + commonFlagsUsage

func runCreate(ctx context.Context, args []string, e env) int {
	f := newScriptFlags("create", createUsage)
	name := f.set.String("name", "", "")
	keyType := f.set.String("type", string(twilio.KeyTypeStandard), "")
	asJSON := f.set.Bool("json", false, "")
	if _, code, ok := f.parse(e, args, 0, "create takes no arguments; give the name with --name NAME"); !ok {
		return code
	}
	if *name == "" {
		return f.usageError(e, "--name is required: the key's friendly name, up to %d characters", twilio.MaxFriendlyNameLength)
	}
	t := twilio.KeyType(strings.ToLower(*keyType))
	if t != twilio.KeyTypeStandard && t != twilio.KeyTypeMain {
		return f.usageError(e, "--type must be standard or main, not %q", *keyType)
	}
	if err := twilio.ValidateFriendlyName(*name); err != nil {
		return f.usageError(e, "--name: %v", err)
	}
	s, code := f.connect(ctx, e)
	if s == nil {
		return code
	}
	defer s.stop()

	k, err := s.keys.CreateKey(ctx, *name, t)
	if err != nil {
		code := s.fail(ctx, e, err)
		if errors.Is(err, twilio.ErrOutcomeUnknown) {
			fmt.Fprintln(e.stderr, "twilio-keys create: run 'twilio-keys list' to see whether the key exists before creating it again")
		}
		return code
	}
	if *asJSON {
		err = writeJSON(e.stdout, newKeyJSON{keyJSON: toKeyJSON(k.Key), Secret: k.Secret})
	} else {
		// Twilio's SIDs and secrets are letters and digits; sanitizing only
		// matters for a server that sends otherwise.
		_, err = fmt.Fprintf(e.stdout, "TWILIO_API_KEY=%s\nTWILIO_API_SECRET=%s\n", sanitize.Text(k.SID), sanitize.Text(k.Secret))
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "twilio-keys create: created %s but could not print its secret: %v; delete the key and create another\n", sanitize.Text(k.SID), err)
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
