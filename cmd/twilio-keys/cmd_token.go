package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio"
)

const tokenUsage = `Usage: twilio-keys token create-secondary [--json] [flags]
       twilio-keys token delete-secondary --yes [flags]
       twilio-keys token promote --yes [--json] [flags]

Rotates the account's Auth Token the way Twilio does it without downtime:
  1. create-secondary prints a new secondary Auth Token, once; it works
     wherever the primary does from now on
  2. put it everywhere the Auth Token is used (apps, secret stores, CI), and
     check each works with it
  3. promote makes it the primary and prints it once more; from then on Twilio
     refuses the old primary everywhere. Services and Functions (Classic) that
     embed the literal token take up to a minute to follow.
delete-secondary removes a secondary token you no longer want; it stops working
at once.

The tokens go to stdout in the environment variable form, ready for a .env
file or eval:
  TWILIO_AUTH_TOKEN='…'
Notes go to stderr. With --json, Twilio's object instead:
  {"account_sid": "AC…", "secondary_auth_token": "…", "date_created": "…", "date_updated": "…"}
  {"account_sid": "AC…", "auth_token": "…", "date_created": "…", "date_updated": "…"}

The calls act on the account the credentials belong to, and need its Auth
Token (primary or secondary) or a Main key: Standard and Restricted keys are
refused (exit 4). Nothing here writes to your files: after a promotion, update
TWILIO_AUTH_TOKEN yourself wherever it is kept.

Flags:
  --yes            confirm delete-secondary or promote (required for them)
` + commonFlagsUsage

// The help text is registered here so that "twilio-keys help token" works
// without the shared command table knowing about the subcommands.
func init() { scriptUsages["token"] = tokenUsage }

// runToken runs "twilio-keys token SUBCOMMAND".
func runToken(ctx context.Context, args []string, e env) int {
	f := newScriptFlags("token", tokenUsage)
	yes := f.set.Bool("yes", false, "")
	asJSON := f.json
	pos, code, ok := f.parse(e, args, 1, "token needs one of create-secondary, delete-secondary or promote")
	if !ok {
		return code
	}
	sub := pos[0]
	f.name = "token " + sub
	switch sub {
	case "create-secondary":
		if *yes {
			return f.usageError(e, "create-secondary takes no --yes: it changes nothing that works today")
		}
	case "delete-secondary":
		if !*yes {
			return f.usageError(e, "not deleting the secondary Auth Token without --yes: everything using it stops working at once")
		}
	case "promote":
		if !*yes {
			return f.usageError(e, "not promoting without --yes: from then on Twilio refuses the current Auth Token everywhere")
		}
	default:
		f.name = "token"
		return f.usageError(e, "unknown token command %q; use create-secondary, delete-secondary or promote", sub)
	}
	// A token that cannot be delivered is one nobody saw: better not to
	// make it. (A promotion's token is the secondary the user already has.)
	if why := undeliverable(e.stdout); why != "" && sub == "create-secondary" {
		f.report(e, fmt.Errorf("not creating a secondary Auth Token: %s, so the token, which Twilio shows only once, would be lost", why))
		return exitFailure
	}
	s, code := f.connect(ctx, e)
	if s == nil {
		return code
	}
	defer s.stop()
	if s.client == nil {
		f.report(e, errors.New("rotating the Auth Token is not available over SSH: the session would change the server's own credentials"))
		return exitFailure
	}
	defer ignoreSIGPIPE()()
	switch sub {
	case "create-secondary":
		return createSecondary(ctx, s, e, *asJSON)
	case "delete-secondary":
		return deleteSecondary(ctx, s, e)
	}
	return promote(ctx, s, e, *asJSON)
}

func createSecondary(ctx context.Context, s *session, e env, asJSON bool) int {
	sec, err := s.client.CreateSecondaryAuthToken(ctx)
	if err != nil {
		return s.fail(ctx, e, err)
	}
	if err := printToken(e.stdout, asJSON, tokenJSON{AccountSID: sec.AccountSID, SecondaryAuthToken: sec.Token,
		DateCreated: iso8601(sec.DateCreated), DateUpdated: iso8601(sec.DateUpdated)}, sec.EnvLine); err != nil {
		s.flags.report(e, fmt.Errorf("created a secondary Auth Token for %s but could not print it (%w); "+
			"it works until deleted: run 'twilio-keys token delete-secondary --yes', or create another (that replaces it)", sec.AccountSID, err))
		return exitFailure
	}
	fmt.Fprintf(e.stderr, "Created a secondary Auth Token for %s. Save it now: Twilio will not show it again.\n"+
		"It works wherever the primary does. Put it everywhere the Auth Token is used, then run\n"+
		"'twilio-keys token promote --yes'; or 'twilio-keys token delete-secondary --yes' to drop it.\n", sec.AccountSID)
	return exitOK
}

func deleteSecondary(ctx context.Context, s *session, e env) int {
	err := s.client.DeleteSecondaryAuthToken(ctx)
	if twilio.IsNotFound(err) {
		s.flags.report(e, fmt.Errorf("the account has no secondary Auth Token (%w)", err))
		return exitFailure
	}
	if err != nil {
		return s.fail(ctx, e, err)
	}
	fmt.Fprintf(e.stderr, "Deleted the secondary Auth Token of %s; it is refused from now on.\n", s.client.CredentialsAccountSID())
	return exitOK
}

func promote(ctx context.Context, s *session, e env, asJSON bool) int {
	oldLast4, _ := s.client.AuthTokenLast4()
	p, err := s.client.PromoteAuthToken(ctx)
	if twilio.IsNotFound(err) {
		s.flags.report(e, fmt.Errorf("the account has no secondary Auth Token to promote; create one with 'twilio-keys token create-secondary' (%w)", err))
		return exitFailure
	}
	if err != nil {
		return s.fail(ctx, e, err)
	}
	if err := printToken(e.stdout, asJSON, tokenJSON{AccountSID: p.AccountSID, AuthToken: p.Token,
		DateCreated: iso8601(p.DateCreated), DateUpdated: iso8601(p.DateUpdated)}, p.EnvLine); err != nil {
		s.flags.report(e, fmt.Errorf("promoted the secondary Auth Token of %s but could not print it (%w); "+
			"the new primary is the secondary token you saved when you created it", p.AccountSID, err))
		return exitFailure
	}
	old := "The old Auth Token"
	if oldLast4 != "" {
		old += " (ending " + oldLast4 + ")"
	}
	fmt.Fprintf(e.stderr, "Promoted: this is the account's Auth Token now. %s is refused from now on.\n%s\n"+
		"Services and Functions (Classic) that embed the literal token take up to a minute to follow.\n",
		old, updateAdvice(s.creds))
	return exitOK
}

// updateAdvice says what to update after a promotion, given where the
// credentials came from. This program never writes those places itself.
func updateAdvice(r resolved) string {
	switch {
	case r.source == "sandbox":
		return "The sandbox prints its new Auth Token at its next start."
	case r.creds.APIKey != "" && r.profile != "":
		return fmt.Sprintf("Profile %q holds an API key, which keeps working; update TWILIO_AUTH_TOKEN wherever the Auth Token itself is kept.", r.profile)
	case r.creds.APIKey != "":
		return "Your API key keeps working; update TWILIO_AUTH_TOKEN wherever the Auth Token itself is kept (shell profile, .env files, CI and secret stores)."
	default:
		return "Update TWILIO_AUTH_TOKEN where it is set for this shell, and wherever else it is kept (shell profile, .env files, CI and secret stores)."
	}
}

// tokenJSON is Twilio's secondary_auth_token or auth_token_promotion
// object, without the url, which names Twilio's host rather than anything
// a script needs.
type tokenJSON struct {
	AccountSID         string `json:"account_sid"`
	SecondaryAuthToken string `json:"secondary_auth_token,omitempty"`
	AuthToken          string `json:"auth_token,omitempty"`
	DateCreated        string `json:"date_created"`
	DateUpdated        string `json:"date_updated"`
}

// printToken writes the token, as JSON or as one env line built by
// envLine (which refuses a value of any other shape), and reports whether
// it was written in full.
func printToken(w io.Writer, asJSON bool, v tokenJSON, envLine func() (string, error)) error {
	if asJSON {
		return writeJSON(w, v)
	}
	line, err := envLine()
	if err == nil {
		_, err = fmt.Fprint(w, line)
	}
	return err
}

// iso8601 is how accounts.twilio.com writes dates.
func iso8601(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
