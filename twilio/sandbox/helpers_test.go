package sandbox_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio/twilio-go"
	"github.com/twilio/twilio-go/client"
)

// creds are Basic-auth credentials: an Account SID and Auth Token, or a key
// SID and secret.
type creds struct{ user, pass string }

func demoCreds(srv *sandbox.Server) creds { return creds{srv.AccountSID(), srv.AuthToken()} }

// response is an answer read in full.
type response struct {
	status int
	header http.Header
	body   []byte
}

// object decodes the body as a JSON object.
func (r response) object(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %q", err, r.body)
	}
	return m
}

// errorCode returns the code of a Twilio error body, failing the test if the
// body is not one or its status disagrees with the response's.
func (r response) errorCode(t testing.TB) int {
	t.Helper()
	var e struct {
		Code     *int    `json:"code"`
		Message  *string `json:"message"`
		MoreInfo *string `json:"more_info"`
		Status   *int    `json:"status"`
	}
	if err := json.Unmarshal(r.body, &e); err != nil || e.Code == nil || e.Message == nil || e.MoreInfo == nil || e.Status == nil {
		t.Fatalf("not a Twilio error body (%v): %q", err, r.body)
	}
	if *e.Status != r.status {
		t.Errorf("error body status %d, response status %d", *e.Status, r.status)
	}
	return *e.Code
}

// do sends one request to the sandbox over HTTP. Parameters go in the query
// for GET and DELETE and in a form body for POST, as twilio-go sends them.
// A zero creds sends no Authorization header. It is safe to call from any
// goroutine: a failure to send is reported with t.Errorf and gives status 0.
func do(t testing.TB, srv *sandbox.Server, method, path string, c creds, vals url.Values) response {
	t.Helper()
	var body io.Reader
	target := srv.URL() + path
	if method == http.MethodPost {
		body = strings.NewReader(vals.Encode())
	} else if len(vals) > 0 {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		target += sep + vals.Encode()
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		t.Errorf("%s %s: %v", method, path, err)
		return response{}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if c != (creds{}) {
		req.SetBasicAuth(c.user, c.pass)
	}
	return send(t, req)
}

// send sends a prepared request and reads the answer; like do, it may be
// called from any goroutine.
func send(t testing.TB, req *http.Request) response {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("%s %s: %v", req.Method, req.URL.Path, err)
		return response{}
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Errorf("%s %s: reading the body: %v", req.Method, req.URL.Path, err)
	}
	return response{res.StatusCode, res.Header, data}
}

func keysPath(account string) string { return "/2010-04-01/Accounts/" + account + "/Keys.json" }

func keyPath(account, sid string) string {
	return "/2010-04-01/Accounts/" + account + "/Keys/" + sid + ".json"
}

func balancePath(account string) string {
	return "/2010-04-01/Accounts/" + account + "/Balance.json"
}

const testPolicy = `{"allow":["/twilio/messaging/messages/read"]}`

// newKey creates a key of the given type ("standard", "main" or
// "restricted") in account, using c, and returns its credentials.
func newKey(t testing.TB, srv *sandbox.Server, c creds, account, keyType string) creds {
	t.Helper()
	var r response
	if keyType == "standard" {
		r = do(t, srv, http.MethodPost, keysPath(account), c, url.Values{"FriendlyName": {"test " + keyType}})
	} else {
		vals := url.Values{"AccountSid": {account}, "FriendlyName": {"test " + keyType}, "KeyType": {keyType}}
		if keyType == "restricted" {
			vals.Set("Policy", testPolicy)
		}
		r = do(t, srv, http.MethodPost, "/v1/Keys", c, vals)
	}
	if r.status != http.StatusCreated {
		t.Fatalf("create %s key: %d %s", keyType, r.status, r.body)
	}
	m := r.object(t)
	return creds{m["sid"].(string), m["secret"].(string)}
}

// subaccountOf returns the demo subaccount's SID and Auth Token, found
// through the API as a user would.
func subaccountOf(t testing.TB, srv *sandbox.Server) creds {
	t.Helper()
	r := do(t, srv, http.MethodGet, "/2010-04-01/Accounts.json", demoCreds(srv), url.Values{"FriendlyName": {"Sandbox Subaccount"}})
	accounts, _ := r.object(t)["accounts"].([]any)
	if r.status != http.StatusOK || len(accounts) != 1 {
		t.Fatalf("finding the demo subaccount: %d %s", r.status, r.body)
	}
	a := accounts[0].(map[string]any)
	return creds{a["sid"].(string), a["auth_token"].(string)}
}

// twilioClient is twilio-go pointed at the sandbox: its transport keeps the
// Host twilio-go chose (api.twilio.com or iam.twilio.com) and sends the
// request to the sandbox instead.
func twilioClient(t testing.TB, srv *sandbox.Server, c creds, accountSID string) *twilio.RestClient {
	t.Helper()
	return twilioClientLogged(t, srv, c, accountSID, nil)
}

// twilioClientLogged is twilioClient, recording each request's host and path
// in log when it is not nil.
func twilioClientLogged(t testing.TB, srv *sandbox.Server, c creds, accountSID string, log *requestLog) *twilio.RestClient {
	t.Helper()
	base, err := url.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{
		Transport:     redirectTransport{base, log},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       10 * time.Second,
	}
	cl := &client.Client{Credentials: client.NewCredentials(c.user, c.pass), HTTPClient: hc}
	cl.SetAccountSid(accountSID)
	rc := twilio.NewRestClientWithParams(twilio.ClientParams{Client: cl})
	// twilio-go reads these from the environment; the tests must not depend on it.
	rc.Region, rc.Edge = "", ""
	return rc
}

type redirectTransport struct {
	base *url.URL
	log  *requestLog
}

func (rt redirectTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if rt.log != nil {
		rt.log.add(req.URL.Host + req.URL.Path)
	}
	r := req.Clone(req.Context())
	r.Host = req.URL.Host
	r.URL.Scheme, r.URL.Host = rt.base.Scheme, rt.base.Host
	return http.DefaultTransport.RoundTrip(r)
}

// requestLog records requests as "host/path" for tests that count pages.
type requestLog struct {
	mu   sync.Mutex
	seen []string
}

func (l *requestLog) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen = append(l.seen, s)
}

// count is how many recorded requests were for exactly hostPath.
func (l *requestLog) count(hostPath string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, s := range l.seen {
		if s == hostPath {
			n++
		}
	}
	return n
}
