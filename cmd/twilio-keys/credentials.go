package main

import (
	"fmt"
	"strings"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// resolved is what the console and the scripting commands run with:
// credentials, where they came from, and the region and edge to use them in.
type resolved struct {
	creds        twilio.Credentials
	source       string // for the header, e.g. "environment (Auth Token)"
	region, edge string // "" for Twilio's defaults
	profile      string // the twilio-cli profile they came from, if any
}

// credentialsFromEnv reads credentials the way Twilio's CLI does: an API key
// and secret when both are set, else the Account SID and Auth Token. It
// returns ok=false when no Twilio variable is set at all, so the caller can
// fall back to the sandbox; a half-set environment is an error rather than a
// silent fall-back, because the user clearly meant a real account.
func credentialsFromEnv(getenv func(string) string) (r resolved, ok bool, err error) {
	sid := strings.TrimSpace(getenv("TWILIO_ACCOUNT_SID"))
	token := strings.TrimSpace(getenv("TWILIO_AUTH_TOKEN"))
	key := strings.TrimSpace(getenv("TWILIO_API_KEY"))
	secret := strings.TrimSpace(getenv("TWILIO_API_SECRET"))

	switch {
	case sid == "" && token == "" && key == "" && secret == "":
		return resolved{}, false, nil
	case key != "" || secret != "":
		if key == "" || secret == "" || sid == "" {
			return resolved{}, true, fmt.Errorf("with an API key, set all three of TWILIO_API_KEY, TWILIO_API_SECRET and TWILIO_ACCOUNT_SID (missing: %s)",
				missing(map[string]string{"TWILIO_API_KEY": key, "TWILIO_API_SECRET": secret, "TWILIO_ACCOUNT_SID": sid}))
		}
		r = resolved{creds: twilio.Credentials{AccountSID: sid, APIKey: key, APISecret: secret}, source: "environment (API key)"}
	default:
		if sid == "" || token == "" {
			return resolved{}, true, fmt.Errorf("set both TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_API_KEY, TWILIO_API_SECRET and TWILIO_ACCOUNT_SID (missing: %s)",
				missing(map[string]string{"TWILIO_ACCOUNT_SID": sid, "TWILIO_AUTH_TOKEN": token}))
		}
		r = resolved{creds: twilio.Credentials{AccountSID: sid, AuthToken: token}, source: "environment (Auth Token)"}
	}
	if err := r.creds.Validate(); err != nil {
		return resolved{}, true, fmt.Errorf("environment: %w", err)
	}
	return r, true, nil
}

// missing names the empty variables, in a stable order.
func missing(vars map[string]string) string {
	var names []string
	for _, name := range []string{"TWILIO_API_KEY", "TWILIO_API_SECRET", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"} {
		if v, ok := vars[name]; ok && v == "" {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}
