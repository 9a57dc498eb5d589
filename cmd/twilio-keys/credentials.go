package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
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

// wired is a client ready to use: where its credentials came from, and the
// embedded sandbox behind it when none were set.
type wired struct {
	client   *twilio.Client
	creds    resolved
	embedded *embedded // nil unless the embedded sandbox is used
	stop     func()    // stops the embedded sandbox, if this process runs it
}

// wire is the one path from flags and environment to a client, shared by the
// console and the scripting commands: credentials are resolved as twilio-cli
// does (resolveCredentials), a --base-url on loopback is taken for a sandbox,
// and with no credentials at all the embedded sandbox is joined or started.
// On failure it returns the exit code the error calls for: 2 for settings
// the user must change, 1 when the embedded sandbox cannot start.
func wire(ctx context.Context, getenv func(string) string, profile, baseURL string) (*wired, int, error) {
	r, sandboxWanted, err := resolveCredentials(getenv, profile)
	if err != nil {
		return nil, exitUsage, err
	}
	opts := twilio.Options{
		Region:  r.region,
		Edge:    r.edge,
		BaseURL: baseURL,
		Sandbox: isSandboxURL(baseURL),
		Version: version,
	}
	w := &wired{stop: func() {}}
	if sandboxWanted {
		if baseURL != "" {
			return nil, exitUsage, errors.New("--base-url needs credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (as 'twilio-keys sandbox' prints them)")
		}
		sb, err := startEmbedded(ctx)
		if err != nil {
			return nil, exitFailure, fmt.Errorf("starting the embedded sandbox: %w", err)
		}
		w.embedded, w.stop = sb, sb.close
		r = resolved{creds: twilio.Credentials{AccountSID: sb.accountSID, AuthToken: sb.authToken}, source: "sandbox"}
		opts = twilio.Options{BaseURL: sb.url, Sandbox: true, Version: version}
	}
	client, err := twilio.New(r.creds, opts)
	if err != nil {
		w.stop()
		return nil, exitUsage, err
	}
	w.client, w.creds = client, r
	// A sandbox shutting down waits for open connections, even ones never
	// used (an Inventory may open several at once), so they close first.
	stopSandbox := w.stop
	w.stop = func() { client.CloseIdleConnections(); stopSandbox() }
	return w, exitOK, nil
}

// isSandboxURL reports whether a --base-url points at a sandbox. Only the
// sandbox accepts the Main-key extension, and real Twilio is never reached
// over plain HTTP on loopback, so that is what marks one. Loopback is
// twilio.IsLoopback's, the same check that allows plain http:// there.
func isSandboxURL(raw string) bool {
	u, err := url.Parse(raw)
	return raw != "" && err == nil && u.Scheme == "http" && twilio.IsLoopback(u.Hostname())
}
