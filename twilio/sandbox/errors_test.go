package sandbox_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// TestBadInput: every malformed request gets Twilio's error body with the
// right status and code, never a 5xx.
func TestBadInput(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	admin := demoCreds(srv)
	acct := srv.AccountSID()
	keys := keysPath(acct)
	form := "application/x-www-form-urlencoded"
	existing := keyPath(acct, newKey(t, srv, admin, acct, "standard").user)

	for _, tc := range []struct {
		name              string
		method, path      string
		contentType, body string
		status, code      int
		messageContains   string
		allow             string // the Allow header a 405 must carry
	}{
		{"65-character name", "POST", keys, form, "FriendlyName=" + strings.Repeat("n", 65), 400, 70001, "constraint violations", ""},
		{"65-character name, multibyte", "POST", keys, form, "FriendlyName=" + strings.Repeat("%C3%A9", 65), 400, 70001, "", ""},
		{"65-character rename", "POST", existing, form, "FriendlyName=" + strings.Repeat("n", 65), 400, 70001, "", ""},
		{"65-character subaccount name", "POST", "/2010-04-01/Accounts.json", form, "FriendlyName=" + strings.Repeat("n", 65), 400, 70001, "", ""},
		{"malformed key SID", "GET", "/2010-04-01/Accounts/" + acct + "/Keys/SKnope.json", "", "", 400, 70002, "Invalid Sid provided in the request", ""},
		{"account SID where a key SID goes", "GET", keyPath(acct, acct), "", "", 400, 70002, "", ""},
		{"malformed account SID", "GET", "/2010-04-01/Accounts/ACnope/Keys.json", "", "", 400, 70002, "", ""},
		{"key SID where an account SID goes", "GET", "/2010-04-01/Accounts/SK" + strings.Repeat("0", 32) + ".json", "", "", 400, 70002, "", ""},
		{"malformed IAM key SID", "DELETE", "/v1/Keys/SK123", "", "", 400, 70002, "", ""},
		{"malformed IAM AccountSid", "GET", "/v1/Keys?AccountSid=AC123", "", "", 400, 70002, "", ""},
		{"IAM list without AccountSid", "GET", "/v1/Keys", "", "", 400, 20001, "AccountSid", ""},
		{"IAM create without AccountSid", "POST", "/v1/Keys", form, "FriendlyName=x", 400, 20001, "AccountSid", ""},
		{"unknown path", "GET", "/2010-04-01/Calls.json", "", "", 404, 20404, "The requested resource /2010-04-01/Calls.json was not found", ""},
		{"unknown account subresource", "GET", "/2010-04-01/Accounts/" + acct + "/Messages.json", "", "", 404, 20404, "", ""},
		{"missing .json", "GET", "/2010-04-01/Accounts/" + acct + "/Keys", "", "", 404, 20404, "", ""},
		{"root", "GET", "/", "", "", 404, 20404, "The requested resource / was not found", ""},
		{"unknown v1 path", "GET", "/v1/Keys/SK" + strings.Repeat("0", 32) + "/Extra", "", "", 404, 20404, "", ""},
		{"PUT on keys", "PUT", keys, form, "", 405, 20004, "", "GET, POST"},
		{"DELETE on accounts", "DELETE", "/2010-04-01/Accounts.json", "", "", 405, 20004, "", "GET, POST"},
		{"POST on balance", "POST", balancePath(acct), form, "", 405, 20004, "", "GET"},
		{"PATCH on an IAM key", "PATCH", "/v1/Keys/SK" + strings.Repeat("0", 32), form, "", 405, 20004, "", "GET, POST, DELETE"},
		{"body over 64 KiB", "POST", keys, form, "FriendlyName=x&Pad=" + strings.Repeat("p", 64<<10), 413, 20413, "Request Entity Too Large", ""},
		{"policy not JSON", "POST", "/v1/Keys", form, "AccountSid=" + acct + "&KeyType=restricted&Policy=%7Bnope", 400, 70002, "", ""},
		{"policy with unknown field", "POST", "/v1/Keys", form, "AccountSid=" + acct + "&KeyType=restricted&Policy=%7B%22deny%22%3A%5B%5D%7D", 400, 70002, "", ""},
		{"policy with a bad permission", "POST", "/v1/Keys", form, "AccountSid=" + acct + "&KeyType=restricted&Policy=%7B%22allow%22%3A%5B%22%2Ftwilio%2Fnope%22%5D%7D", 400, 70002, "assertion '/twilio/nope' is invalid", ""},
		{"policy on a standard key", "POST", "/v1/Keys", form, "AccountSid=" + acct + "&Policy=%7B%22allow%22%3A%5B%22%2Ftwilio%2Fvoice%2Fcalls%2Fread%22%5D%7D", 400, 20001, "", ""},
		{"unknown key type", "POST", "/v1/Keys", form, "AccountSid=" + acct + "&KeyType=superuser", 400, 20001, "", ""},
		{"PageSize 0", "GET", keys + "?PageSize=0", "", "", 400, 20001, "PageSize", ""},
		{"PageSize 1001", "GET", keys + "?PageSize=1001", "", "", 400, 20007, "Page size too large", ""},
		{"PageSize beyond any integer", "GET", "/v1/Keys?AccountSid=" + acct + "&PageSize=99999999999999999999999", "", "", 400, 20007, "Page size too large", ""},
		{"PageSize not a number", "GET", "/2010-04-01/Accounts.json?PageSize=ten", "", "", 400, 20001, "PageSize", ""},
		{"negative Page", "GET", keys + "?Page=-1", "", "", 400, 20001, "Page", ""},
		{"forged PageToken", "GET", keys + "?PageToken=PAnope", "", "", 400, 21481, "Invalid PageToken", ""},
		{"forged IAM PageToken", "GET", "/v1/Keys?AccountSid=" + acct + "&PageToken=garbage", "", "", 400, 21481, "Invalid PageToken", ""},
		{"invalid UTF-8 in the body", "POST", keys, form, "FriendlyName=%FF%FE", 400, 20001, "UTF-8", ""},
		{"invalid UTF-8 in the query", "GET", "/2010-04-01/Accounts.json?FriendlyName=%C3", "", "", 400, 20001, "UTF-8", ""},
		{"malformed query", "GET", keys + "?PageSize=%zz", "", "", 400, 20001, "", ""},
		{"malformed body", "POST", keys, form, "FriendlyName=%zz", 400, 20001, "", ""},
		{"JSON body", "POST", keys, "application/json", `{"FriendlyName":"x"}`, 400, 19056, "Input request content type is invalid", ""},
		{"JSON body without a Content-Type", "POST", keys, "", `{"FriendlyName":"x"}`, 400, 19056, "", ""},
		{"form body without a Content-Type", "POST", keys, "", "FriendlyName=x", 400, 19056, "", ""},
		{"Content-Type ;;;", "POST", keys, ";;;", "FriendlyName=x", 400, 19056, "", ""},
		{"text/plain body", "POST", "/v1/Keys", "text/plain", "AccountSid=" + acct, 400, 19056, "", ""},
		{"multipart without a boundary", "POST", keys, "multipart/form-data", "FriendlyName=x", 400, 19056, "", ""},
		{"multipart that is not", "POST", keys, "multipart/form-data; boundary=XX", "FriendlyName=x", 400, 20001, "malformed", ""},
		{"unknown account status filter", "GET", "/2010-04-01/Accounts.json?Status=deleted", "", "", 400, 20001, "Status", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, srv.URL()+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			req.SetBasicAuth(admin.user, admin.pass)
			r := send(t, req)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			if code := r.errorCode(t); code != tc.code {
				t.Errorf("code %d, want %d: %s", code, tc.code, r.body)
			}
			if msg, _ := r.object(t)["message"].(string); !strings.Contains(msg, tc.messageContains) {
				t.Errorf("message %q does not contain %q", msg, tc.messageContains)
			}
			if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if got := r.header.Get("Allow"); got != tc.allow {
				t.Errorf("Allow %q, want %q", got, tc.allow)
			}
		})
	}
}

// TestNameLimits: 64 characters are fine, counted as characters, not bytes;
// a key created without a name has a null one, as at Twilio.
func TestNameLimits(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	admin := demoCreds(srv)
	for _, name := range []string{strings.Repeat("n", 64), strings.Repeat("é", 64), "", "tab\there \x1b[31m red \u202e"} {
		r := do(t, srv, "POST", keysPath(srv.AccountSID()), admin, map[string][]string{"FriendlyName": {name}})
		if r.status != http.StatusCreated || r.object(t)["friendly_name"] != name {
			t.Errorf("name %q: %d %s", name, r.status, r.body)
		}
	}
	r := do(t, srv, "POST", keysPath(srv.AccountSID()), admin, nil)
	if m := r.object(t); r.status != http.StatusCreated || m["friendly_name"] != nil {
		t.Errorf("no name: %d %s, want a null friendly_name", r.status, r.body)
	}
}
