package twilio

import (
	"context"
	"net/http"
	"reflect"
	"testing"
)

// TestRequestsOnTheWire checks, for every method and both kinds of
// credentials, exactly what reaches the server and what comes back decoded.
func TestRequestsOnTheWire(t *testing.T) {
	const (
		form = "application/x-www-form-urlencoded"
		acc  = "/2010-04-01/Accounts/" + testAC
		sub  = "/2010-04-01/Accounts/" + testSubAC
	)
	wantKey := Key{SID: testSK, FriendlyName: "ci deploy", DateCreated: time1, DateUpdated: time2}

	tests := []struct {
		name      string
		sandbox   bool
		respond   http.HandlerFunc
		call      func(ctx context.Context, c *Client) (any, error)
		want      any
		method    string
		path      string
		query     string
		body      string
		checkAuth func(user, pass string) (wantUser, wantPass string) // nil: the client's credentials
	}{
		{
			name:    "list keys",
			respond: reply(200, keysPage("", keyBody(testSK, "ci deploy"))),
			call: func(ctx context.Context, c *Client) (any, error) {
				var got [][]Key
				err := c.ListKeys(ctx, 20, func(p []Key) error { got = append(got, p); return nil })
				return got, err
			},
			want:   [][]Key{{wantKey}},
			method: "GET", path: acc + "/Keys.json", query: "PageSize=20",
		},
		{
			name:    "list keys clamps the page size to Twilio's maximum",
			respond: reply(200, keysPage("")),
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.ListKeys(ctx, 5000, func([]Key) error { return nil })
			},
			method: "GET", path: acc + "/Keys.json", query: "PageSize=1000",
		},
		{
			name:    "list keys defaults the page size",
			respond: reply(200, keysPage("")),
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.ListKeys(ctx, 0, func([]Key) error { return nil })
			},
			method: "GET", path: acc + "/Keys.json", query: "PageSize=50",
		},
		{
			name:    "fetch key",
			respond: reply(200, keyBody(testSK, "ci deploy")),
			call:    func(ctx context.Context, c *Client) (any, error) { return c.FetchKey(ctx, testSK) },
			want:    wantKey,
			method:  "GET", path: acc + "/Keys/" + testSK + ".json",
		},
		{
			name:    "create standard key",
			respond: reply(201, newKeyBody(testSK, "ci deploy", "nEwSeCrEt0123456789abcdefABCDEF0")),
			call: func(ctx context.Context, c *Client) (any, error) {
				k, err := c.CreateKey(ctx, "ci deploy", KeyTypeStandard)
				return [2]any{k.Key, k.Secret}, err
			},
			want:   [2]any{Key{SID: testSK, FriendlyName: "ci deploy", DateCreated: time1, DateUpdated: time1, Type: KeyTypeStandard}, "nEwSeCrEt0123456789abcdefABCDEF0"},
			method: "POST", path: acc + "/Keys.json", body: "FriendlyName=ci+deploy",
		},
		{
			name:    "create key trims the name",
			respond: reply(201, newKeyBody(testSK, "ci deploy", testSecret)),
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.CreateKey(ctx, "  ci deploy\t", KeyTypeUnknown)
				return nil, err
			},
			method: "POST", path: acc + "/Keys.json", body: "FriendlyName=ci+deploy",
		},
		{
			name:    "create main key in the sandbox goes to IAM v1",
			sandbox: true,
			respond: reply(201, newKeyBody(testSK, "root", "mAiNsEcReT0123456789abcdefABCDEF")),
			call: func(ctx context.Context, c *Client) (any, error) {
				k, err := c.CreateKey(ctx, "root", KeyTypeMain)
				return [2]any{k.Type, k.Secret}, err
			},
			want:   [2]any{KeyTypeMain, "mAiNsEcReT0123456789abcdefABCDEF"},
			method: "POST", path: "/v1/Keys", body: "AccountSid=" + testAC + "&FriendlyName=root&KeyType=main",
		},
		{
			name:    "rename key",
			respond: reply(200, keyBody(testSK, "ci deploy")),
			call:    func(ctx context.Context, c *Client) (any, error) { return c.RenameKey(ctx, testSK, "ci deploy") },
			want:    wantKey,
			method:  "POST", path: acc + "/Keys/" + testSK + ".json", body: "FriendlyName=ci+deploy",
		},
		{
			name:    "delete key",
			respond: func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) },
			call:    func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteKey(ctx, testSK) },
			method:  "DELETE", path: acc + "/Keys/" + testSK + ".json",
		},
		{
			name:    "fetch account",
			respond: reply(200, accountBody(testAC, testAC, "Main")),
			call:    func(ctx context.Context, c *Client) (any, error) { return c.FetchAccount(ctx) },
			want: Account{SID: testAC, OwnerAccountSID: testAC, FriendlyName: "Main", Status: "active", Type: "Full",
				DateCreated: time1, DateUpdated: time2},
			method: "GET", path: acc + ".json",
		},
		{
			name:    "list subaccounts leaves out the account itself",
			respond: reply(200, `{"accounts":[`+accountBody(testAC, testAC, "Main")+`,`+accountBody(testSubAC, testAC, "Sub")+`],"next_page_uri":null}`),
			call:    func(ctx context.Context, c *Client) (any, error) { return c.ListSubaccounts(ctx) },
			want: []Account{{SID: testSubAC, OwnerAccountSID: testAC, FriendlyName: "Sub", Status: "active", Type: "Full",
				DateCreated: time1, DateUpdated: time2}},
			method: "GET", path: "/2010-04-01/Accounts.json", query: "PageSize=1000",
		},
		{
			name:    "check key authenticates as the key being checked",
			respond: reply(200, `{"balance":"1.00","currency":"USD","account_sid":"`+testAC+`"}`),
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.CheckKey(ctx, testSK, "checkedSecret0123456789abcdefABC")
			},
			method: "GET", path: acc + "/Balance.json",
			checkAuth: func(string, string) (string, string) { return testSK, "checkedSecret0123456789abcdefABC" },
		},
		{
			name:    "a client for a subaccount keeps the credentials and changes the path",
			respond: reply(200, keyBody(testSK, "ci deploy")),
			call: func(ctx context.Context, c *Client) (any, error) {
				sc, err := c.ForAccount(testSubAC)
				if err != nil {
					return nil, err
				}
				if sc.AccountSID() != testSubAC || c.AccountSID() != testAC {
					t.Errorf("AccountSID: sub %s, parent %s", sc.AccountSID(), c.AccountSID())
				}
				return sc.FetchKey(ctx, testSK)
			},
			want:   wantKey,
			method: "GET", path: sub + "/Keys/" + testSK + ".json",
		},
	}
	for _, creds := range []struct {
		kind  string
		creds Credentials
	}{{"auth token", tokenCreds}, {"api key", apiKeyCreds}} {
		for _, tt := range tests {
			t.Run(creds.kind+"/"+tt.name, func(t *testing.T) {
				f := newFakeTwilio(t, tt.respond)
				c, _ := newTestClient(t, f, creds.creds, func(o *Options) { o.Sandbox = tt.sandbox })
				got, err := tt.call(t.Context(), c)
				if err != nil {
					t.Fatalf("call: %v", err)
				}
				if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
					t.Errorf("result:\n got %+v\nwant %+v", got, tt.want)
				}
				reqs := f.requests()
				if len(reqs) != 1 {
					t.Fatalf("server got %d requests, want 1: %+v", len(reqs), reqs)
				}
				r := reqs[0]
				wantUser, wantPass := creds.creds.basicAuth()
				if tt.checkAuth != nil {
					wantUser, wantPass = tt.checkAuth(wantUser, wantPass)
				}
				wantType := ""
				if tt.method == "POST" {
					wantType = form
				}
				want := recorded{
					Method: tt.method, Path: tt.path, Query: tt.query, Body: tt.body, ContentType: wantType,
					User: wantUser, Pass: wantPass, HasAuth: true, UserAgent: "twilio-keys/1.2.3",
				}
				if r != want {
					t.Errorf("request:\n got %+v\nwant %+v", r, want)
				}
			})
		}
	}
}

func TestUserAgent(t *testing.T) {
	for _, tt := range []struct{ version, want string }{{"", "twilio-keys/dev"}, {"0.4.1", "twilio-keys/0.4.1"}} {
		f := newFakeTwilio(t, reply(200, accountBody(testAC, testAC, "Main")))
		c, _ := newTestClient(t, f, tokenCreds, func(o *Options) { o.Version = tt.version })
		if _, err := c.FetchAccount(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got := f.requests()[0].UserAgent; got != tt.want {
			t.Errorf("version %q: User-Agent %q, want %q", tt.version, got, tt.want)
		}
	}
}

func TestDefaultHTTPClient(t *testing.T) {
	f := newFakeTwilio(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	})
	c, err := New(tokenCreds, Options{BaseURL: f.URL})
	if err != nil {
		t.Fatal(err)
	}
	if c.http.Timeout != DefaultTimeout {
		t.Errorf("default timeout %v, want %v", c.http.Timeout, DefaultTimeout)
	}
	// A redirect is not followed: the credentials go nowhere else.
	_, err = c.FetchAccount(t.Context())
	if e, ok := err.(*Error); !ok || e.Status != http.StatusFound {
		t.Errorf("FetchAccount after a redirect = %v, want *Error with status 302", err)
	}
	if n := f.count(); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
}
