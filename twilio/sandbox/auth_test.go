package sandbox_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// TestAuthMatrix tries every kind of credential on every endpoint group,
// against the credential's own account, its subaccount, its parent and a
// stranger (a sibling subaccount).
func TestAuthMatrix(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	main := demoCreds(srv)
	sub := subaccountOf(t, srv)
	sibling := newSubaccount(t, srv, "sibling")

	// credentials of each kind, for the main account and for the subaccount.
	kinds := []string{"auth token", "main key", "standard key", "restricted key", "wrong password", "unknown account", "unknown key"}
	credsOf := func(acct creds) map[string]creds {
		return map[string]creds{
			"auth token":      acct,
			"main key":        newKey(t, srv, acct, acct.user, "main"),
			"standard key":    newKey(t, srv, acct, acct.user, "standard"),
			"restricted key":  newKey(t, srv, acct, acct.user, "restricted"),
			"wrong password":  {acct.user, strings.Repeat("f", 32)},
			"unknown account": {"AC" + strings.Repeat("1", 32), acct.pass},
			"unknown key":     {"SK" + strings.Repeat("1", 32), "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6"},
		}
	}
	mainCreds, subCreds := credsOf(main), credsOf(sub)

	groups := []struct {
		name string
		path func(target string) string
	}{
		{"Accounts", func(a string) string { return "/2010-04-01/Accounts/" + a + ".json" }},
		{"Keys", keysPath},
		{"SigningKeys", func(a string) string { return "/2010-04-01/Accounts/" + a + "/SigningKeys.json" }},
		{"IAM Keys", func(a string) string { return "/v1/Keys?AccountSid=" + a }},
		{"Balance", balancePath},
	}
	relations := []struct {
		name   string
		creds  map[string]creds
		target string
	}{
		{"own", mainCreds, main.user},
		{"own subaccount", subCreds, sub.user},
		{"subaccount", mainCreds, sub.user},
		{"parent", subCreds, main.user},
		{"stranger", subCreds, sibling.user},
	}

	var refusal []byte // every 401 must carry this same body
	for _, g := range groups {
		for _, rel := range relations {
			for _, kind := range kinds {
				name := g.name + "/" + rel.name + "/" + kind
				manages := kind == "auth token" || kind == "main key"
				valid := manages || kind == "standard key" || kind == "restricted key"
				var want int
				switch {
				case !valid:
					want = http.StatusUnauthorized
				case rel.name == "parent" || rel.name == "stranger":
					want = http.StatusUnauthorized
				case g.name == "Balance" && strings.HasPrefix(rel.name, "own"):
					want = http.StatusOK // any key of the account
				case manages:
					want = http.StatusOK
				default:
					want = http.StatusUnauthorized
				}
				r := do(t, srv, http.MethodGet, g.path(rel.target), rel.creds[kind], nil)
				if r.status != want {
					t.Errorf("%s: status %d, want %d: %s", name, r.status, want, r.body)
					continue
				}
				if want != http.StatusUnauthorized {
					continue
				}
				if code := r.errorCode(t); code != 20003 {
					t.Errorf("%s: code %d, want 20003", name, code)
				}
				if got := r.header.Get("WWW-Authenticate"); got != `Basic realm="Twilio API"` {
					t.Errorf("%s: WWW-Authenticate %q", name, got)
				}
				if refusal == nil {
					refusal = r.body
				} else if !bytes.Equal(r.body, refusal) {
					t.Errorf("%s: 401 body %s differs from %s", name, r.body, refusal)
				}
			}
		}
	}
	if r := do(t, srv, http.MethodGet, keysPath(main.user), creds{}, nil); r.status != http.StatusUnauthorized || !bytes.Equal(r.body, refusal) {
		t.Errorf("no credentials: %d %s", r.status, r.body)
	}
}

// newSubaccount creates a subaccount of the demo account and returns its
// SID and Auth Token.
func newSubaccount(t testing.TB, srv *sandbox.Server, name string) creds {
	t.Helper()
	r := do(t, srv, http.MethodPost, "/2010-04-01/Accounts.json", demoCreds(srv), url.Values{"FriendlyName": {name}})
	if r.status != http.StatusCreated {
		t.Fatalf("create subaccount: %d %s", r.status, r.body)
	}
	m := r.object(t)
	return creds{m["sid"].(string), m["auth_token"].(string)}
}

// TestSuspendedAndClosedAccounts: a suspended account's right credentials
// get 403/20403 until its parent reactivates it; a closed account cannot
// authenticate at all, and its keys are gone.
func TestSuspendedAndClosedAccounts(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	parent := demoCreds(srv)
	sub := newSubaccount(t, srv, "short-lived")
	key := newKey(t, srv, sub, sub.user, "standard")
	accountPath := "/2010-04-01/Accounts/" + sub.user + ".json"
	setStatus := func(status string) {
		t.Helper()
		r := do(t, srv, http.MethodPost, accountPath, parent, url.Values{"Status": {status}})
		if r.status != http.StatusOK || r.object(t)["status"] != status {
			t.Fatalf("set status %s: %d %s", status, r.status, r.body)
		}
	}
	expect := func(what string, r response, status, code int) {
		t.Helper()
		if r.status != status {
			t.Errorf("%s: status %d, want %d: %s", what, r.status, status, r.body)
		} else if got := r.errorCode(t); got != code {
			t.Errorf("%s: code %d, want %d", what, got, code)
		}
	}

	setStatus("suspended")
	expect("suspended account's token", do(t, srv, http.MethodGet, balancePath(sub.user), sub, nil), 403, 20403)
	expect("suspended account's key", do(t, srv, http.MethodGet, balancePath(sub.user), key, nil), 403, 20403)
	expect("suspended account, wrong token", do(t, srv, http.MethodGet, balancePath(sub.user), creds{sub.user, strings.Repeat("0", 32)}, nil), 401, 20003)
	if r := do(t, srv, http.MethodGet, keysPath(sub.user), parent, nil); r.status != http.StatusOK {
		t.Errorf("parent listing a suspended subaccount's keys: %d %s", r.status, r.body)
	}
	setStatus("active")
	if r := do(t, srv, http.MethodGet, balancePath(sub.user), key, nil); r.status != http.StatusOK {
		t.Errorf("reactivated account's key: %d %s", r.status, r.body)
	}

	setStatus("closed")
	expect("closed account's token", do(t, srv, http.MethodGet, balancePath(sub.user), sub, nil), 401, 20003)
	expect("closed account's key", do(t, srv, http.MethodGet, balancePath(sub.user), key, nil), 401, 20003)
	if r := do(t, srv, http.MethodGet, accountPath, parent, nil); r.status != http.StatusOK || r.object(t)["status"] != "closed" {
		t.Errorf("parent fetching a closed subaccount: %d %s", r.status, r.body)
	}
	expect("closed account's keys", do(t, srv, http.MethodGet, keysPath(sub.user), parent, nil), 404, 20404)
	expect("reopening a closed account", do(t, srv, http.MethodPost, accountPath, parent, url.Values{"Status": {"active"}}), 400, 21479)
	expect("suspending the main account", do(t, srv, http.MethodPost, "/2010-04-01/Accounts/"+parent.user+".json", parent, url.Values{"Status": {"suspended"}}), 400, 21477)
}
