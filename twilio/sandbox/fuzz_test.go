package sandbox_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
)

// FuzzHandler sends arbitrary requests to the handler: it must never panic,
// never answer 5xx, and always explain an error in Twilio's JSON body. In
// paths, {AC} and {SK} stand for the demo account and one of its keys.
// The seed corpus runs with the ordinary tests.
func FuzzHandler(f *testing.F) {
	h, err := sandbox.NewHandler(sandbox.Options{Memory: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { h.Close() })
	acct, token := h.AccountSID(), h.AuthToken()
	key := createFuzzKey(f, h, acct, token)

	for _, s := range []struct {
		method, path, query, body string
		auth                      uint8
	}{
		{"GET", "/2010-04-01/Accounts.json", "PageSize=1", "", 1},
		{"GET", "/2010-04-01/Accounts.json", "FriendlyName=Sandbox+Account&Status=active", "", 1},
		{"POST", "/2010-04-01/Accounts.json", "", "FriendlyName=fuzz", 1},
		{"GET", "/2010-04-01/Accounts/{AC}.json", "", "", 1},
		{"POST", "/2010-04-01/Accounts/{AC}.json", "", "FriendlyName=x&Status=suspended", 1},
		{"GET", "/2010-04-01/Accounts/{AC}/Balance.json", "", "", 3},
		{"GET", "/2010-04-01/Accounts/{AC}/Keys.json", "PageSize=2&Page=1&PageToken=PA0000000000000000SK00000000000000000000000000000000", "", 1},
		{"POST", "/2010-04-01/Accounts/{AC}/Keys.json", "", "FriendlyName=%E2%80%AE", 1},
		{"GET", "/2010-04-01/Accounts/{AC}/Keys/{SK}.json", "", "", 1},
		{"POST", "/2010-04-01/Accounts/{AC}/SigningKeys/{SK}.json", "", "FriendlyName=renamed", 1},
		{"DELETE", "/2010-04-01/Accounts/{AC}/Keys/SK00000000000000000000000000000000.json", "", "", 1},
		{"GET", "/v1/Keys", "AccountSid={AC}&PageSize=1000", "", 1},
		{"POST", "/v1/Keys", "", "AccountSid={AC}&KeyType=restricted&Policy=%7B%22allow%22%3A%5B%22%2Ftwilio%2Fvoice%2Fcalls%2F*%22%5D%7D", 1},
		{"POST", "/v1/Keys/{SK}", "", "Policy=null", 1},
		{"GET", "/v1/Keys/{SK}", "", "", 2},
		{"PUT", "/v1/Keys", "", "", 0},
		{"GET", "/2010-04-01/Accounts/{AC}/Keys.json", "PageSize=%zz", "", 1},
		{"POST", "/2010-04-01/Accounts/{AC}/Keys.json", "", "FriendlyName=%ff", 1},
	} {
		f.Add(s.method, s.path, s.query, s.body, s.auth)
	}

	f.Fuzz(func(t *testing.T, method, path, query, body string, auth uint8) {
		fill := strings.NewReplacer("{AC}", acct, "{SK}", key.user)
		req := &http.Request{
			Method:     method,
			URL:        &url.URL{Path: fill.Replace(path), RawQuery: fill.Replace(query)},
			Proto:      "HTTP/1.1",
			ProtoMajor: 1,
			ProtoMinor: 1,
			Host:       "api.twilio.com",
			Header:     http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
			Body:       io.NopCloser(strings.NewReader(fill.Replace(body))),
		}
		switch auth % 4 {
		case 1:
			req.SetBasicAuth(acct, token)
		case 2:
			req.SetBasicAuth(acct, strings.Repeat("0", 32))
		case 3:
			req.SetBasicAuth(key.user, key.pass)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)

		if rec.Code >= 500 {
			t.Fatalf("%s %s?%s: status %d: %s", method, path, query, rec.Code, rec.Body)
		}
		if rec.Code == http.StatusNoContent {
			if rec.Body.Len() != 0 {
				t.Fatalf("204 with a body: %q", rec.Body)
			}
			return
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Fatalf("status %d with Content-Type %q", rec.Code, ct)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("status %d with a body that is not JSON: %q", rec.Code, rec.Body)
		}
		if rec.Code >= 400 {
			var e struct {
				Code    int    `json:"code"`
				Message string `json:"message"`
				Status  int    `json:"status"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Code == 0 || e.Message == "" || e.Status != rec.Code {
				t.Fatalf("status %d with error body %q", rec.Code, rec.Body)
			}
		}
	})
}

// createFuzzKey makes a Standard key through the handler itself.
func createFuzzKey(f *testing.F, h http.Handler, acct, token string) creds {
	req := httptest.NewRequest("POST", "/2010-04-01/Accounts/"+acct+"/Keys.json", strings.NewReader("FriendlyName=fuzz"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(acct, token)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var k struct{ Sid, Secret string }
	if err := json.Unmarshal(rec.Body.Bytes(), &k); err != nil || rec.Code != http.StatusCreated {
		f.Fatalf("creating a key: %d %s", rec.Code, rec.Body)
	}
	return creds{k.Sid, k.Secret}
}
