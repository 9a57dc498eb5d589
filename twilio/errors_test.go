package twilio

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestErrorsAreDecoded(t *testing.T) {
	htmlPage := "<html>\r\n<head><title>500 Internal Server Error</title></head>\n<body>\x1b]0;owned\x07" +
		strings.Repeat("<p>Something went wrong.</p>\n", 20) + "</body></html>"
	tests := []struct {
		name    string
		respond http.HandlerFunc
		check   func(t *testing.T, e *Error, err error)
	}{
		{
			name:    "401 with Twilio's body explains the usual causes",
			respond: reply(401, twilioError(401, 20003, "Authenticate")),
			check: func(t *testing.T, e *Error, err error) {
				want := Error{Op: "fetch account", Status: 401, Code: 20003, Message: "Authenticate", MoreInfo: "https://www.twilio.com/docs/errors/20003"}
				if *e != want {
					t.Errorf("got %+v, want %+v", *e, want)
				}
				if !IsAuthError(err) || IsNotFound(err) || IsRateLimited(err) {
					t.Error("helpers disagree with a 401")
				}
				msg := err.Error()
				for _, part := range []string{"fetch account: HTTP 401, Twilio error 20003: Authenticate", "credentials are wrong", "Standard"} {
					if !strings.Contains(msg, part) {
						t.Errorf("message %q lacks %q", msg, part)
					}
				}
			},
		},
		{
			name:    "404",
			respond: reply(404, twilioError(404, 20404, "The requested resource /2010-04-01/Accounts/"+testAC+".json was not found")),
			check: func(t *testing.T, e *Error, err error) {
				if e.Status != 404 || e.Code != 20404 || !strings.Contains(e.Message, "was not found") {
					t.Errorf("got %+v", *e)
				}
				if !IsNotFound(err) || IsAuthError(err) {
					t.Error("IsNotFound is false for a 404")
				}
			},
		},
		{
			name:    "429 after the retries are spent",
			respond: reply(429, twilioError(429, 20429, "Too Many Requests")),
			check: func(t *testing.T, e *Error, err error) {
				if !IsRateLimited(err) || e.Code != 20429 || !strings.Contains(err.Error(), "rate limiting") {
					t.Errorf("got %v", err)
				}
			},
		},
		{
			name: "500 with an HTML page",
			respond: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(500)
				io.WriteString(w, htmlPage)
			},
			check: func(t *testing.T, e *Error, err error) {
				if e.Status != 500 || e.Code != 0 {
					t.Errorf("got %+v", *e)
				}
				if !strings.HasPrefix(e.Message, "unexpected response: <html> <head><title>500 Internal Server Error") {
					t.Errorf("message %q does not start with the page", e.Message)
				}
				if strings.ContainsAny(e.Message, "\x1b\x07\r\n") {
					t.Errorf("message %q carries control characters", e.Message)
				}
				if !strings.Contains(e.Message, `\u001b]0;owned\u0007`) {
					t.Errorf("message %q does not show the escape sequence visibly", e.Message)
				}
				if n := utf8.RuneCountInString(e.Message); n > 150 {
					t.Errorf("message is %d characters; want a short excerpt", n)
				}
			},
		},
		{
			name:    "a body cut off mid-JSON",
			respond: reply(404, `{"code": 20404, "message": "The requested res`),
			check: func(t *testing.T, e *Error, err error) {
				if e.Status != 404 || e.Message != `unexpected response: {"code": 20404, "message": "The requested res` {
					t.Errorf("got %+v", *e)
				}
			},
		},
		{
			name: "a connection closed mid-body",
			respond: func(w http.ResponseWriter, r *http.Request) {
				conn, buf, err := http.NewResponseController(w).Hijack()
				if err != nil {
					t.Error(err)
					return
				}
				buf.WriteString("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 300\r\n\r\n{\"code\": 20404, \"mess")
				buf.Flush()
				conn.Close()
			},
			check: func(t *testing.T, e *Error, err error) {
				if e.Status != 404 || e.Message != `unexpected response: {"code": 20404, "mess` {
					t.Errorf("got %+v", *e)
				}
			},
		},
		{
			name:    "an empty error body",
			respond: func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) },
			check: func(t *testing.T, e *Error, err error) {
				if e.Status != 503 || e.Message != "Service Unavailable" {
					t.Errorf("got %+v", *e)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeTwilio(t, tt.respond)
			c, _ := newTestClient(t, f, tokenCreds)
			_, err := c.FetchAccount(t.Context())
			e, ok := errors.AsType[*Error](err)
			if !ok {
				t.Fatalf("FetchAccount = %v (%T), want an *Error", err, err)
			}
			if e.Op != "fetch account" {
				t.Errorf("Op %q, want %q", e.Op, "fetch account")
			}
			tt.check(t, e, err)
		})
	}
}

func TestCheckKeyRefusalHasItsOwnHint(t *testing.T) {
	f := newFakeTwilio(t, reply(401, twilioError(401, 20003, "Authenticate")))
	c, _ := newTestClient(t, f, tokenCreds)
	err := c.CheckKey(t.Context(), testSK, "wrongSecret0123456789abcdefABCDE")
	if !IsAuthError(err) {
		t.Fatalf("CheckKey = %v, want an auth error", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "secret may be mistyped") || strings.Contains(msg, "Standard") {
		t.Errorf("message %q should blame the key, not the key type", msg)
	}
	if strings.Contains(err.Error(), "wrongSecret0123456789abcdefABCDE") {
		t.Error("the message repeats the secret")
	}
}

func TestNetworkErrorsNameTheOperation(t *testing.T) {
	c, err := New(tokenCreds, Options{BaseURL: "http://" + closedAddress(t), Retry: RetryPolicy{MaxRetries: -1}})
	if err != nil {
		t.Fatal(err)
	}
	err = c.ListKeys(t.Context(), 50, func([]Key) error { return nil })
	if err == nil || !strings.HasPrefix(err.Error(), "list keys: ") || !strings.Contains(err.Error(), "refused") {
		t.Errorf("ListKeys = %v, want list keys: …connection refused", err)
	}
	if strings.Contains(err.Error(), testToken) {
		t.Error("the message repeats the Auth Token")
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"plain", 120, "plain"},
		{"  many \r\n\t spaces  ", 120, "many spaces"},
		{"esc \x1b[2J here", 120, `esc \u001b[2J here`},
		{"bell\x07 del\x7f c1\u009b", 120, `bell\u0007 del\u007f c1\u009b`},
		{"bidi \u202eevil\u2066", 120, `bidi \u202eevil\u2066`},
		{"zero\u200bwidth", 120, `zero\u200bwidth`},
		{"bad \xff\xfe utf8", 120, `bad \xff\xfe utf8`},
		{"héllo wörld", 5, "héllo…"},
		{strings.Repeat("a", 200), 120, strings.Repeat("a", 120) + "…"},
		{"ab\x1bcd", 4, "ab…"}, // an escape is not split
	}
	for _, tt := range tests {
		if got := excerpt(tt.in, tt.max); got != tt.want {
			t.Errorf("excerpt(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}
