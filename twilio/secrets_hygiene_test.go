package twilio_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// The client refuses to send credentials over plain http:// to anything but
// loopback: TestBaseURL in hosts_test.go.

// TestClientNeverRepeatsCredentials makes every call of the client fail in
// every way it can against the sandbox (refused credentials, a Standard
// key, each injected fault, a server that is not there) and checks that no
// error, however it is printed, and no printed client holds a token or a
// secret.
func TestClientNeverRepeatsCredentials(t *testing.T) {
	// The faults in force change from one caller to the next.
	var api http.Handler
	var faulty atomic.Pointer[http.Handler]
	wrap := func(h http.Handler) http.Handler {
		api = h
		faulty.Store(&h)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*faulty.Load()).ServeHTTP(w, r) })
	}
	srv := sandboxtest.Start(t, sandbox.Options{Wrap: wrap})
	ctx := context.Background()
	admin := sandboxClient(t, srv, quickRetries)
	mainKey, err := admin.CreateKey(ctx, "hygiene main", twilio.KeyTypeMain)
	if err != nil {
		t.Fatal(err)
	}
	stdKey, err := admin.CreateKey(ctx, "hygiene standard", twilio.KeyTypeStandard)
	if err != nil {
		t.Fatal(err)
	}
	const wrongToken, wrongSecret = "0badc0de0badc0de0badc0de0badc0de", "WrongSecretWrongSecretWrongSecre"
	passwords := []string{srv.AuthToken(), mainKey.Secret, stdKey.Secret, wrongToken, wrongSecret}

	acct := srv.AccountSID()
	tokenCreds := twilio.Credentials{AccountSID: acct, AuthToken: srv.AuthToken()}
	callers := []struct {
		name   string
		creds  twilio.Credentials
		base   string
		faults []sandbox.FaultKind // injected on every request; none means no faults
	}{
		{name: "wrong auth token", creds: twilio.Credentials{AccountSID: acct, AuthToken: wrongToken}},
		{name: "wrong key secret", creds: twilio.Credentials{AccountSID: acct, APIKey: mainKey.SID, APISecret: wrongSecret}},
		{name: "standard key", creds: twilio.Credentials{AccountSID: acct, APIKey: stdKey.SID, APISecret: stdKey.Secret}},
		{name: "main key, nobody listening", creds: twilio.Credentials{AccountSID: acct, APIKey: mainKey.SID, APISecret: mainKey.Secret}, base: "http://" + closedLoopbackAddr(t)},
		{name: "auth token, nobody listening", creds: tokenCreds, base: "http://" + closedLoopbackAddr(t)},
	}
	for _, kind := range sandbox.AllFaultKinds {
		callers = append(callers, struct {
			name   string
			creds  twilio.Credentials
			base   string
			faults []sandbox.FaultKind
		}{name: "auth token, fault " + string(kind), creds: tokenCreds, faults: []sandbox.FaultKind{kind}})
	}

	for _, caller := range callers {
		t.Run(caller.name, func(t *testing.T) {
			base := caller.base
			if base == "" {
				base = srv.URL()
			}
			c, err := twilio.New(caller.creds, twilio.Options{BaseURL: base, Sandbox: true, Retry: quickRetries})
			if err != nil {
				t.Fatal(err)
			}
			if len(caller.faults) > 0 {
				h := sandbox.Faults{ErrorRate: 1, Kinds: caller.faults, Seed: 3}.Wrap(api)
				faulty.Store(&h)
				defer faulty.Store(&api)
			}
			calls := map[string]func() error{
				"FetchAccount":    func() error { _, err := c.FetchAccount(ctx); return err },
				"ListSubaccounts": func() error { _, err := c.ListSubaccounts(ctx); return err },
				"ListKeys":        func() error { return c.ListKeys(ctx, 50, func([]twilio.Key) error { return nil }) },
				"FetchKey":        func() error { _, err := c.FetchKey(ctx, stdKey.SID); return err },
				"CreateKey":       func() error { _, err := c.CreateKey(ctx, "hygiene", twilio.KeyTypeStandard); return err },
				"CreateKey main":  func() error { _, err := c.CreateKey(ctx, "hygiene", twilio.KeyTypeMain); return err },
				"RenameKey":       func() error { _, err := c.RenameKey(ctx, stdKey.SID, "hygiene renamed"); return err },
				"DeleteKey":       func() error { return c.DeleteKey(ctx, "SK"+strings.Repeat("7", 32)) },
				"CheckKey":        func() error { return c.CheckKey(ctx, stdKey.SID, wrongSecret) },
			}
			for name, call := range calls {
				err := call()
				switch {
				case err == nil && name == "DeleteKey" && len(caller.faults) > 0:
					// A retry that finds the key gone after a lost answer
					// counts as deleted, whether or not it ever existed.
					continue
				case err == nil:
					t.Errorf("%s succeeded; every call here should fail", name)
					continue
				}
				for _, verb := range []string{"%v", "%+v", "%#v", "%q"} {
					text := fmt.Sprintf(verb, err)
					for _, p := range passwords {
						if strings.Contains(text, p) {
							t.Errorf("%s: the error printed with %s holds a password: %s", name, verb, text)
						}
					}
				}
			}
			// A client inside someone else's struct, as a model holds it:
			// fmt does not consult Client.Format there, and %s even looks
			// through the pointer.
			type holder struct{ c *twilio.Client }
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
				for _, v := range []any{c, *c, holder{c}, &holder{c}} {
					text := fmt.Sprintf(verb, v)
					for _, p := range passwords {
						if strings.Contains(text, p) {
							t.Errorf("the client printed with %s holds a password: %s", verb, text)
						}
					}
				}
			}
		})
	}
}

// closedLoopbackAddr is a loopback address nothing listens on.
func closedLoopbackAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
