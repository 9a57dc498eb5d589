package sandbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
	"github.com/twilio/twilio-go"
	"github.com/twilio/twilio-go/client"
	api "github.com/twilio/twilio-go/rest/api/v2010"
	iam "github.com/twilio/twilio-go/rest/iam/v1"
)

// These tests hold the sandbox to what official SDKs and tools do that the
// other tests' clients do not (issue 13).

// hostNameClient reaches the sandbox under the name host, over plain HTTP,
// as a container or a machine on the team would by its name: every
// connection goes to the sandbox's loopback address, whatever the URL says,
// and no resolver is involved.
func hostNameClient(t *testing.T, srv *sandbox.Server) *http.Client {
	t.Helper()
	addr := strings.TrimPrefix(srv.URL(), "http://")
	var d net.Dialer
	return &http.Client{
		Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       10 * time.Second,
	}
}

// TestIAMPagingThroughHostName: an SDK that reached the sandbox over plain
// HTTP as http://sandbox.internal:PORT follows meta.next_page_url as given,
// so the link must keep that scheme (issue 13, item 1).
func TestIAMPagingThroughHostName(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	hc := hostNameClient(t, srv)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL(), "http://"))
	next := "http://sandbox.internal:" + port + "/v1/Keys?PageSize=3&AccountSid=" + srv.AccountSID()
	seen := map[string]bool{}
	for pages := 0; next != ""; pages++ {
		if pages > 10 {
			t.Fatal("more than 10 pages for 7 keys")
		}
		req, err := http.NewRequest(http.MethodGet, next, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.SetBasicAuth(srv.AccountSID(), srv.AuthToken())
		res, err := hc.Do(req)
		if err != nil {
			t.Fatalf("page %d: %v", pages, err)
		}
		var page struct {
			Keys []struct{ Sid string }
			Meta struct {
				URL     string  `json:"url"`
				NextURL *string `json:"next_page_url"`
			}
		}
		err = json.NewDecoder(res.Body).Decode(&page)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("page %d: %d %v", pages, res.StatusCode, err)
		}
		if !strings.HasPrefix(page.Meta.URL, "http://sandbox.internal:"+port+"/v1/Keys?") {
			t.Errorf("page %d: meta.url %q, want it on http://sandbox.internal:%s", pages, page.Meta.URL, port)
		}
		for _, k := range page.Keys {
			seen[k.Sid] = true
		}
		next = ""
		if page.Meta.NextURL != nil {
			next = *page.Meta.NextURL
		}
	}
	if len(seen) != 7 {
		t.Errorf("paged through %d keys, want the 7 demo keys", len(seen))
	}
}

// TestForwardedProtoTrustedFromLoopbackOnly: behind a TLS-terminating proxy
// on the same machine, the links say https; the same header from anywhere
// else is ignored.
func TestForwardedProtoTrustedFromLoopbackOnly(t *testing.T) {
	h, err := sandbox.NewHandler(sandbox.Options{Memory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	for _, tc := range []struct {
		peer, proto, want string
	}{
		{"127.0.0.1:50000", "https", "https://keys.example.test/v1/Keys?"},
		{"[::1]:50000", "https", "https://keys.example.test/v1/Keys?"},
		{"127.0.0.1:50000", "", "http://keys.example.test/v1/Keys?"},
		{"127.0.0.1:50000", "gopher", "http://keys.example.test/v1/Keys?"},
		{"192.0.2.7:50000", "https", "http://keys.example.test/v1/Keys?"},
	} {
		req := httptest.NewRequest(http.MethodGet, "http://keys.example.test/v1/Keys?AccountSid="+h.AccountSID(), nil)
		req.RemoteAddr = tc.peer
		if tc.proto != "" {
			req.Header.Set("X-Forwarded-Proto", tc.proto)
		}
		req.SetBasicAuth(h.AccountSID(), h.AuthToken())
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var page struct{ Meta struct{ URL string } }
		if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil || !strings.HasPrefix(page.Meta.URL, tc.want) {
			t.Errorf("peer %s, X-Forwarded-Proto %q: meta.url %q (%v), want %s…", tc.peer, tc.proto, page.Meta.URL, err, tc.want)
		}
	}
}

// multipartBody encodes fields as curl -F and Postman's "form-data" do.
func multipartBody(t *testing.T, fields [][2]string) (contentType string, body *bytes.Buffer) {
	t.Helper()
	body = &bytes.Buffer{}
	mw := multipart.NewWriter(body)
	for _, f := range fields {
		if err := mw.WriteField(f[0], f[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), body
}

// TestMultipartBodies: Twilio accepts multipart/form-data as well as
// form-encoded bodies, on every POST (issue 13, item 2).
func TestMultipartBodies(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	admin := demoCreds(srv)
	acct := srv.AccountSID()
	post := func(path string, fields ...[2]string) map[string]any {
		t.Helper()
		ct, body := multipartBody(t, fields)
		req, err := http.NewRequest(http.MethodPost, srv.URL()+path, body)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", ct)
		req.SetBasicAuth(admin.user, admin.pass)
		r := send(t, req)
		if r.status != http.StatusCreated && r.status != http.StatusOK {
			t.Fatalf("POST %s as multipart: %d %s", path, r.status, r.body)
		}
		return r.object(t)
	}
	if m := post(keysPath(acct), [2]string{"FriendlyName", "curl -F key"}); m["friendly_name"] != "curl -F key" {
		t.Errorf("v2010 create: %v", m)
	}
	m := post("/v1/Keys", [2]string{"AccountSid", acct}, [2]string{"FriendlyName", "form-data é"}, [2]string{"KeyType", "restricted"}, [2]string{"Policy", testPolicy})
	if m["friendly_name"] != "form-data é" || m["policy"] == nil {
		t.Errorf("IAM create: %v", m)
	}
	sid, _ := m["sid"].(string)
	if m := post("/v1/Keys/"+sid, [2]string{"FriendlyName", "renamed by form-data"}); m["friendly_name"] != "renamed by form-data" {
		t.Errorf("IAM update: %v", m)
	}
	if m := post("/2010-04-01/Accounts.json", [2]string{"FriendlyName", "multipart sub"}); m["friendly_name"] != "multipart sub" {
		t.Errorf("subaccount create: %v", m)
	}
}

// TestTwilioGoPageSizeTooLarge: twilio-go sends PageSize as given, and a
// page size over 1000 is Twilio's 20007, not a generic 20001 (issue 13,
// item 3).
func TestTwilioGoPageSizeTooLarge(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	rc := twilioClient(t, srv, demoCreds(srv), srv.AccountSID())
	_, err := rc.Api.ListKey(&api.ListKeyParams{PageSize: ptr(1500)})
	restError(t, "ListKey(PageSize 1500)", err, 400, 20007)
	_, err = rc.Api.ListKey(&api.ListKeyParams{PageSize: ptr(1000)})
	if err != nil {
		t.Errorf("ListKey(PageSize 1000): %v", err)
	}
}

// TestTwilioGoNumericStatus: Twilio's own example updateWithNumericStatus
// sends Status=1 and gets an active account back (issue 13, item 4). No
// other number is documented, so the others stay refused.
func TestTwilioGoNumericStatus(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	rc := twilioClient(t, srv, demoCreds(srv), srv.AccountSID())
	sub, err := rc.Api.CreateAccount(&api.CreateAccountParams{FriendlyName: ptr("numeric")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rc.Api.UpdateAccount(str(sub.Sid), &api.UpdateAccountParams{Status: ptr("suspended")}); err != nil {
		t.Fatal(err)
	}
	a, err := rc.Api.UpdateAccount(str(sub.Sid), &api.UpdateAccountParams{Status: ptr("1")})
	if err != nil || str(a.Status) != "active" {
		t.Errorf("UpdateAccount(Status 1) = %+v, %v; want active", a, err)
	}
	// The main account too: Status=1 is "active", which it already is.
	if a, err := rc.Api.UpdateAccount(srv.AccountSID(), &api.UpdateAccountParams{Status: ptr("1")}); err != nil || str(a.Status) != "active" {
		t.Errorf("UpdateAccount(main, Status 1) = %+v, %v", a, err)
	}
	for _, s := range []string{"0", "2", "3", "01"} {
		_, err := rc.Api.UpdateAccount(str(sub.Sid), &api.UpdateAccountParams{Status: ptr(s)})
		restError(t, "UpdateAccount(Status "+s+")", err, 400, 21475)
	}
}

// corsHeaders are what api.twilio.com sends on every answer, copied from its
// answers: a browser app can call the API with Basic auth.
var corsHeaders = map[string]string{
	"Access-Control-Allow-Origin":      "*",
	"Access-Control-Allow-Methods":     "GET, POST, DELETE, OPTIONS",
	"Access-Control-Allow-Headers":     "Accept, Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, Idempotency-Key",
	"Access-Control-Expose-Headers":    "ETag",
	"Access-Control-Allow-Credentials": "true",
}

func checkCORS(t *testing.T, what string, h http.Header) {
	t.Helper()
	for k, want := range corsHeaders {
		if got := h.Get(k); got != want {
			t.Errorf("%s: %s %q, want %q", what, k, got, want)
		}
	}
}

// TestCORS: a browser's preflight is answered without credentials, and every
// answer, refusals included, carries Twilio's CORS headers (issue 13,
// item 5).
func TestCORS(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	acct := srv.AccountSID()
	for _, path := range []string{keyPath(acct, "SK"+strings.Repeat("0", 32)), "/v1/Keys", "/2010-04-01/Accounts.json"} {
		req, err := http.NewRequest(http.MethodOptions, srv.URL()+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Origin", "http://localhost:5173")
		req.Header.Set("Access-Control-Request-Method", "DELETE")
		req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
		r := send(t, req)
		if r.status != http.StatusOK || len(r.body) != 0 {
			t.Errorf("preflight %s: %d %q, want 200 and no body", path, r.status, r.body)
		}
		checkCORS(t, "preflight "+path, r.header)
	}
	checkCORS(t, "a list", do(t, srv, http.MethodGet, keysPath(acct), demoCreds(srv), nil).header)
	checkCORS(t, "a refusal", do(t, srv, http.MethodGet, keysPath(acct), creds{}, nil).header)
	checkCORS(t, "a 404", do(t, srv, http.MethodGet, "/nope", demoCreds(srv), nil).header)
}

// TestAuthenticateBeforeMethod: as on Twilio's API hosts, a caller without
// valid credentials gets 401 whatever the method or body, and only an
// authenticated caller learns that a method is not served or a body is bad
// (issue 13, item 6).
func TestAuthenticateBeforeMethod(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	acct := srv.AccountSID()
	wrong := creds{acct, strings.Repeat("0", 32)}
	for _, tc := range []struct {
		method, path, contentType, body string
		authed                          int
	}{
		{"PUT", keysPath(acct), "application/x-www-form-urlencoded", "", 405},
		{"DELETE", "/2010-04-01/Accounts.json", "", "", 405},
		{"PATCH", "/v1/Keys/SK" + strings.Repeat("0", 32), "", "", 405},
		{"POST", balancePath(acct), "", "", 405},
		{"POST", keysPath(acct), "application/json", `{"FriendlyName":"x"}`, 400},
		{"GET", keysPath(acct) + "?PageSize=5000", "", "", 400},
	} {
		for _, c := range []creds{{}, wrong} {
			req, err := http.NewRequest(tc.method, srv.URL()+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			if c != (creds{}) {
				req.SetBasicAuth(c.user, c.pass)
			}
			r := send(t, req)
			if r.status != http.StatusUnauthorized || r.errorCode(t) != 20003 || r.header.Get("Allow") != "" {
				t.Errorf("%s %s with credentials %q: %d %s (Allow %q), want 401/20003", tc.method, tc.path, c.user, r.status, r.body, r.header.Get("Allow"))
			}
		}
		req, _ := http.NewRequest(tc.method, srv.URL()+tc.path, strings.NewReader(tc.body))
		if tc.contentType != "" {
			req.Header.Set("Content-Type", tc.contentType)
		}
		req.SetBasicAuth(acct, srv.AuthToken())
		if r := send(t, req); r.status != tc.authed {
			t.Errorf("%s %s authenticated: %d %s, want %d", tc.method, tc.path, r.status, r.body, tc.authed)
		}
	}
}

// TestHead: HEAD is answered as GET without a body, with the same status and
// headers (issue 13, item 7).
func TestHead(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	get := do(t, srv, http.MethodGet, keysPath(srv.AccountSID()), demoCreds(srv), nil)
	head := do(t, srv, http.MethodHead, keysPath(srv.AccountSID()), demoCreds(srv), nil)
	if head.status != http.StatusOK || len(head.body) != 0 || head.header.Get("Content-Length") != get.header.Get("Content-Length") ||
		head.header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("HEAD = %d %q %v; GET had Content-Length %s", head.status, head.body, head.header, get.header.Get("Content-Length"))
	}
	if r := do(t, srv, http.MethodHead, keysPath(srv.AccountSID()), creds{}, nil); r.status != http.StatusUnauthorized {
		t.Errorf("HEAD without credentials = %d", r.status)
	}
}

// TestHeadersOnEveryAnswer: the headers Twilio sends on every answer that
// clients read (item 7): the request id to quote to support, the home
// region, the API's domain, and the count of requests in flight; not the
// request's duration, which would hand a prober a timer.
func TestHeadersOnEveryAnswer(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	admin := demoCreds(srv)
	for _, tc := range []struct {
		path   string
		c      creds
		status int
		domain string
	}{
		{keysPath(srv.AccountSID()), admin, 200, "api.twilio.com"},
		{"/v1/Keys?AccountSid=" + srv.AccountSID(), admin, 200, "iam.twilio.com"},
		{"/v1/Keys", creds{}, 401, "iam.twilio.com"},
		{"/v1/AuthTokens/Secondary", creds{}, 401, "accounts.twilio.com"},
		{"/2010-04-01/Nope.json", creds{}, 404, "api.twilio.com"}, // an unknown path is 404 before authentication
	} {
		r := do(t, srv, http.MethodGet, tc.path, tc.c, nil)
		if r.status != tc.status || !requestIDPattern.MatchString(r.header.Get("Twilio-Request-Id")) || r.header.Get("X-Home-Region") != "us1" ||
			r.header.Get("X-Api-Domain") != tc.domain || r.header.Get("Twilio-Concurrent-Requests") != "1" ||
			r.header.Get("Twilio-Request-Duration") != "" {
			t.Errorf("GET %s: %d %v", tc.path, r.status, r.header)
		}
	}
}

// TestDefaultSubaccountName: Twilio names a subaccount created without a
// name "SubAccount Created at 2026-12-03 04:05 am": the hour has two digits
// (item 7).
func TestDefaultSubaccountName(t *testing.T) {
	now := time.Date(2026, 12, 3, 4, 5, 0, 0, time.UTC)
	srv := sandboxtest.Start(t, sandbox.Options{Now: func() time.Time { return now }})
	r := do(t, srv, http.MethodPost, "/2010-04-01/Accounts.json", demoCreds(srv), nil)
	if name := r.object(t)["friendly_name"]; r.status != http.StatusCreated || name != "SubAccount Created at 2026-12-03 04:05 am" {
		t.Errorf("default name %q (%d)", name, r.status)
	}
}

// TestBalanceDecisions pins what the sandbox decided where Twilio does not
// document the answer (item 7): a subaccount reads the one balance it
// shares with its parent, and so does a Restricted key, so that checking a
// key works for every key type.
func TestBalanceDecisions(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	admin := demoCreds(srv)
	sub := subaccountOf(t, srv)
	parent := do(t, srv, http.MethodGet, balancePath(admin.user), admin, nil).object(t)
	for _, tc := range []struct {
		name    string
		c       creds
		account string
	}{
		{"subaccount's own token", sub, sub.user},
		{"parent on the subaccount", admin, sub.user},
		{"restricted key", newKey(t, srv, admin, admin.user, "restricted"), admin.user},
	} {
		r := do(t, srv, http.MethodGet, balancePath(tc.account), tc.c, nil)
		m := r.object(t)
		if r.status != http.StatusOK || m["account_sid"] != tc.account || m["balance"] != parent["balance"] || m["currency"] != parent["currency"] {
			t.Errorf("%s: %d %s, want the parent's balance %v under %s", tc.name, r.status, r.body, parent["balance"], tc.account)
		}
	}
}

// TestSeedDatesInThePast: every date the first start writes, of accounts
// and keys, created and updated, and of generated keys, is before the
// moment of seeding (issue 12, item 18).
func TestSeedDatesInThePast(t *testing.T) {
	now := time.Date(2026, 12, 3, 4, 5, 6, 0, time.UTC)
	srv := sandboxtest.Start(t, sandbox.Options{SeedKeys: 40, Now: func() time.Time { return now }})
	admin := demoCreds(srv)
	sub := subaccountOf(t, srv)
	check := func(what string, m map[string]any) {
		t.Helper()
		for _, field := range []string{"date_created", "date_updated"} {
			s, _ := m[field].(string)
			d, err := time.Parse(time.RFC1123Z, s)
			if err != nil || !d.Before(now) {
				t.Errorf("%s %v: %s %q is not before the seeding at %s", what, m["friendly_name"], field, s, now.Format(time.RFC1123Z))
			}
		}
	}
	for _, a := range []creds{admin, sub} {
		check("account", do(t, srv, http.MethodGet, "/2010-04-01/Accounts/"+a.user+".json", admin, nil).object(t))
		var page struct{ Keys []map[string]any }
		decode(t, do(t, srv, http.MethodGet, keysPath(a.user), admin, url.Values{"PageSize": {"1000"}}), &page)
		if len(page.Keys) < 2 {
			t.Fatalf("%s has %d keys", a.user, len(page.Keys))
		}
		for _, k := range page.Keys {
			check("key", k)
		}
	}
}

// toSandbox is the README's recipe for twilio-go ("Use the sandbox from your
// own app"), word for word: every request twilio-go makes, to api.twilio.com
// or iam.twilio.com, goes to the sandbox instead.
type toSandbox struct{ base *url.URL }

func (t toSandbox) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host = t.base.Scheme, t.base.Host
	return http.DefaultTransport.RoundTrip(r)
}

// TestReadmeTwilioGo runs the README's twilio-go recipe against the sandbox,
// v2010 and IAM, paging included (issue 13, item 8).
func TestReadmeTwilioGo(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	accountSID, authToken := srv.AccountSID(), srv.AuthToken()

	base, _ := url.Parse(srv.URL())
	c := &client.Client{
		Credentials: client.NewCredentials(accountSID, authToken),
		HTTPClient:  &http.Client{Transport: toSandbox{base}},
	}
	c.SetAccountSid(accountSID)
	rc := twilio.NewRestClientWithParams(twilio.ClientParams{Client: c})

	created, err := rc.Api.CreateNewKey(&api.CreateNewKeyParams{FriendlyName: ptr("from the README")})
	if err != nil {
		t.Fatalf("CreateNewKey: %v", err)
	}
	keys, err := rc.Api.ListKey(&api.ListKeyParams{PageSize: ptr(3)})
	if err != nil || len(keys) != 8 {
		t.Errorf("ListKey over pages of 3: %d keys, %v; want 8", len(keys), err)
	}
	iamKeys, err := rc.IamV1.ListGetKeys(&iam.ListGetKeysParams{AccountSid: &accountSID, PageSize: ptr(3)})
	if err != nil || len(iamKeys) != 8 {
		t.Errorf("IAM ListGetKeys over pages of 3: %d keys, %v; want 8", len(iamKeys), err)
	}
	if err := rc.IamV1.DeleteKey(str(created.Sid)); err != nil {
		t.Errorf("IAM DeleteKey: %v", err)
	}
}
