package twilio

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

const (
	testAC     = "AC0123456789abcdef0123456789abcdef"
	testSubAC  = "ACfedcba9876543210fedcba9876543210"
	testAPIKey = "SK00000000000000000000000000000001"
	testSK     = "SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	testToken  = "9f86d081884c7d659a2feaa0c55ad015"
	testSecret = "S3cretS3cretS3cretS3cretS3cret42"
)

var (
	tokenCreds  = Credentials{AccountSID: testAC, AuthToken: testToken}
	apiKeyCreds = Credentials{AccountSID: testAC, APIKey: testAPIKey, APISecret: testSecret}
)

// recorded is what the fake Twilio received, as the server saw it.
type recorded struct {
	Method, Path, Query string
	Body, ContentType   string
	User, Pass          string
	HasAuth             bool
	UserAgent           string
}

// fakeTwilio is an httptest server that records every request before
// handing it to the test's handler.
type fakeTwilio struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

func newFakeTwilio(t *testing.T, h http.HandlerFunc) *fakeTwilio {
	t.Helper()
	f := &fakeTwilio{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		user, pass, ok := r.BasicAuth()
		f.mu.Lock()
		f.reqs = append(f.reqs, recorded{
			Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
			Body: string(body), ContentType: r.Header.Get("Content-Type"),
			User: user, Pass: pass, HasAuth: ok, UserAgent: r.UserAgent(),
		})
		f.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeTwilio) requests() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.reqs...)
}

func (f *fakeTwilio) count() int { return len(f.requests()) }

// sleeps records the waits the retry loop asked for, and returns at once.
type sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) recorded() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// newTestClient points a client at f with an injected sleep. edit may adjust
// the options before New.
func newTestClient(t *testing.T, f *fakeTwilio, creds Credentials, edit ...func(*Options)) (*Client, *sleeps) {
	t.Helper()
	s := &sleeps{}
	opts := Options{BaseURL: f.URL, HTTPClient: f.Client(), Version: "1.2.3", Retry: RetryPolicy{Sleep: s.sleep}}
	for _, e := range edit {
		e(&opts)
	}
	c, err := New(creds, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, s
}

// reply answers with status and a JSON body.
func reply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// dropConnection closes the connection without answering, as a network
// failure after the request was sent looks to the client.
func dropConnection(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		conn.Close()
	}
}

// sequence answers the n-th request with handlers[n], repeating the last.
func sequence(handlers ...http.HandlerFunc) http.HandlerFunc {
	var mu sync.Mutex
	n := 0
	return func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		h := handlers[min(n, len(handlers)-1)]
		n++
		mu.Unlock()
		h(w, r)
	}
}

// closedAddress is a loopback address nothing listens on.
func closedAddress(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

const (
	date1 = "Mon, 13 Jun 2016 22:50:08 +0000"
	date2 = "Tue, 14 Jun 2016 09:05:00 +0000"
)

var (
	time1 = time.Date(2016, 6, 13, 22, 50, 8, 0, time.UTC)
	time2 = time.Date(2016, 6, 14, 9, 5, 0, 0, time.UTC)
)

func keyBody(sid, name string) string {
	return fmt.Sprintf(`{"sid":%q,"friendly_name":%q,"date_created":%q,"date_updated":%q}`, sid, name, date1, date2)
}

func newKeyBody(sid, name, secret string) string {
	return fmt.Sprintf(`{"sid":%q,"friendly_name":%q,"date_created":%q,"date_updated":%q,"secret":%q}`, sid, name, date1, date1, secret)
}

func accountBody(sid, owner, name string) string {
	return fmt.Sprintf(`{"sid":%q,"owner_account_sid":%q,"friendly_name":%q,"status":"active","type":"Full",`+
		`"auth_token":"ffffffffffffffffffffffffffffffff","date_created":%q,"date_updated":%q}`, sid, owner, name, date1, date2)
}

// keysPage is a v2010 Keys list page; next "" is null.
func keysPage(next string, keys ...string) string {
	n := "null"
	if next != "" {
		n = fmt.Sprintf("%q", next)
	}
	body := `{"keys":[`
	for i, k := range keys {
		if i > 0 {
			body += ","
		}
		body += k
	}
	return body + `],"next_page_uri":` + n + `,"page":0,"page_size":50,"start":0,"end":0,"uri":"/x","first_page_uri":"/x","previous_page_uri":null}`
}

func twilioError(status, code int, message string) string {
	return fmt.Sprintf(`{"code":%d,"message":%q,"more_info":"https://www.twilio.com/docs/errors/%d","status":%d}`, code, message, code, status)
}
