package sandbox_test

import (
	"bytes"
	"encoding/base64"
	"log"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
	"github.com/twilio-keys/twilio-keys/twilio/testwait"
)

// Credentials are compared in constant time (secrets.go: a salted SHA-256
// of the secret against the stored hash, and Auth Tokens, with
// subtle.ConstantTimeCompare; an unknown SID costs the same comparison
// against a dummy). Timing is not asserted here; what a caller can see is:
// every refusal must be the same answer, byte for byte, header for header.

// TestRefusalsAreIndistinguishable sends every kind of bad credential,
// malformed Authorization headers included, to every kind of endpoint, and
// requires one and the same 401: the same body and the same headers, except
// the ones that differ on every answer (Date, Twilio-Request-Id) and
// X-Api-Domain, which names the API the path belongs to.
func TestRefusalsAreIndistinguishable(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	admin := demoCreds(srv)
	standard := newKey(t, srv, admin, admin.user, "standard")
	basic := func(userPass string) string {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(userPass))
	}
	authorizations := map[string]string{
		"unknown account":      basic("AC" + strings.Repeat("1", 32) + ":" + admin.pass),
		"wrong auth token":     basic(admin.user + ":" + strings.Repeat("0", 32)),
		"short auth token":     basic(admin.user + ":x"),
		"empty password":       basic(admin.user + ":"),
		"unknown key":          basic("SK" + strings.Repeat("1", 32) + ":" + standard.pass),
		"wrong key secret":     basic(standard.user + ":" + strings.Repeat("A", 32)),
		"standard key":         basic(standard.user + ":" + standard.pass), // may not manage keys
		"neither AC nor SK":    basic("XX" + strings.Repeat("1", 32) + ":" + admin.pass),
		"empty user":           basic(":" + admin.pass),
		"no colon":             basic(admin.user),
		"not base64":           "Basic !!!not-base64!!!",
		"bearer":               "Bearer " + admin.pass,
		"scheme only":          "Basic",
		"no Authorization":     "",
		"two colons":           basic(admin.user + ":" + admin.pass + ":extra"),
		"lowercase user":       basic(strings.ToLower(admin.user[:2]) + admin.user[2:] + ":" + admin.pass),
		"token with a newline": basic(admin.user + ":" + admin.pass + "\n"),
	}
	// Every method each path serves. (A method it does not serve is refused
	// with the same 401 first: TestAuthenticateBeforeMethod.)
	endpoints := []struct{ path, methods string }{
		{keysPath(admin.user), "GET POST"},
		{keyPath(admin.user, standard.user), "GET POST DELETE"},
		{"/2010-04-01/Accounts/" + admin.user + ".json", "GET POST"},
		{"/2010-04-01/Accounts.json", "GET POST"},
		{"/v1/Keys?AccountSid=" + admin.user, "GET POST"},
		{"/v1/Keys/" + standard.user, "GET POST DELETE"},
	}

	var wantBody []byte
	var wantHeader http.Header
	for name, authz := range authorizations {
		for _, ep := range endpoints {
			path := ep.path
			for method := range strings.FieldsSeq(ep.methods) {
				req, err := http.NewRequest(method, srv.URL()+path, strings.NewReader("FriendlyName=x"))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if authz != "" {
					req.Header.Set("Authorization", authz)
				}
				r := send(t, req)
				what := name + ": " + method + " " + path
				if r.status != http.StatusUnauthorized {
					t.Errorf("%s: status %d, want 401: %s", what, r.status, r.body)
					continue
				}
				h := r.header.Clone()
				h.Del("Date")
				h.Del("Twilio-Request-Id")
				h.Del("X-Api-Domain")
				if wantBody == nil {
					wantBody, wantHeader = r.body, h
					continue
				}
				if !bytes.Equal(r.body, wantBody) {
					t.Errorf("%s: body %s, want %s", what, r.body, wantBody)
				}
				if !equalHeaders(h, wantHeader) {
					t.Errorf("%s: headers %v, want %v", what, h, wantHeader)
				}
			}
		}
	}
}

func equalHeaders(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// TestNoCredentialInAnswersOrLogs sends good and bad credentials of every
// kind to every endpoint and checks each answer, and everything the server
// logged meanwhile, for every credential in play. A key's secret appears
// only in the answer to its create; an Auth Token only in an account fetch
// or listing by a caller who may manage that account, as at Twilio; a
// refusal or an error holds none.
func TestNoCredentialInAnswersOrLogs(t *testing.T) {
	logs := captureLog(t)
	srv := sandboxtest.Start(t, sandbox.Options{})
	admin := demoCreds(srv)
	sub := subaccountOf(t, srv)
	callers := map[string]creds{
		"auth token":        admin,
		"subaccount token":  sub,
		"main key":          newKey(t, srv, admin, admin.user, "main"),
		"standard key":      newKey(t, srv, admin, admin.user, "standard"),
		"restricted key":    newKey(t, srv, admin, admin.user, "restricted"),
		"wrong token":       {admin.user, "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0"},
		"wrong secret":      {"SK" + strings.Repeat("2", 32), "WrongSecretWrongSecretWrongSecre"},
		"token as password": {"SK" + strings.Repeat("3", 32), admin.pass},
	}
	secrets := map[string]string{} // every password in play, by caller
	for name, c := range callers {
		secrets[name] = c.pass
	}
	tokens := map[string]bool{admin.pass: true, sub.pass: true}

	checked := 0
	for name, c := range callers {
		for _, account := range []string{admin.user, sub.user} {
			type call struct {
				method, path string
				vals         url.Values
			}
			calls := []call{
				{http.MethodGet, keysPath(account), nil},
				{http.MethodGet, "/2010-04-01/Accounts/" + account + "/SigningKeys.json", nil},
				{http.MethodGet, "/v1/Keys", url.Values{"AccountSid": {account}}},
				{http.MethodGet, balancePath(account), nil},
				{http.MethodGet, "/2010-04-01/Accounts/" + account + ".json", nil},
				{http.MethodGet, "/2010-04-01/Accounts.json", nil},
				{http.MethodPost, keyPath(account, callers["standard key"].user), url.Values{"FriendlyName": {"renamed by " + name}}},
				{http.MethodPost, keysPath(account), url.Values{"FriendlyName": {strings.Repeat("x", 65)}}}, // refused: too long
				{http.MethodGet, keyPath(account, "SK"+strings.Repeat("9", 32)), nil},                       // not found
				{http.MethodDelete, keysPath(account), nil},                                                 // not allowed
				{http.MethodGet, "/2010-04-01/Accounts/" + account + "/Nothing.json", nil},                  // no such path
			}
			for _, cl := range calls {
				r := do(t, srv, cl.method, cl.path, c, cl.vals)
				checked++
				text := string(r.body) + headerText(r.header)
				accountAnswer := r.status == http.StatusOK && strings.Contains(cl.path, "Accounts") &&
					!strings.Contains(cl.path, "/Keys") && !strings.Contains(cl.path, "Balance")
				for owner, secret := range secrets {
					if !strings.Contains(text, secret) {
						continue
					}
					if tokens[secret] && accountAnswer {
						continue // Twilio shows a manageable account's Auth Token
					}
					t.Errorf("%s %s as %s (%d): the answer holds the %s's password: %s", cl.method, cl.path, name, r.status, owner, r.body)
				}
			}
		}
	}
	if out := logs.String(); strings.TrimSpace(out) != "" {
		for owner, secret := range secrets {
			if strings.Contains(out, secret) {
				t.Errorf("the log holds the %s's password:\n%s", owner, out)
			}
		}
		t.Logf("the server logged:\n%s", out)
	}
	t.Logf("%d answers to %d callers checked for %d credentials", checked, len(callers), len(secrets))
}

func headerText(h http.Header) string {
	var b strings.Builder
	h.Write(&b)
	return b.String()
}

// captureLog sends the standard logger, which net/http's server writes its
// errors to, into a buffer until the test ends.
func captureLog(t *testing.T) *testwait.Buffer {
	buf := &testwait.Buffer{}
	prev := log.Writer()
	log.SetOutput(buf)
	t.Cleanup(func() { log.SetOutput(prev) })
	return buf
}
