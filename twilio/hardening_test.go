package twilio

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Issue 11, finding 14: a 429 was never processed, so a create is retried
// after one, within the same bounds and waits as any other request.
func TestCreateIsRetriedOn429(t *testing.T) {
	limited := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "2")
		reply(429, twilioError(429, 20429, "Too Many Requests"))(w, r)
	}
	t.Run("succeeds after two 429s", func(t *testing.T) {
		f := newFakeTwilio(t, sequence(limited, limited, reply(201, newKeyBody(testSK, "k", testSecret))))
		c, s := newTestClient(t, f, tokenCreds)
		k, err := c.CreateKey(t.Context(), "k", KeyTypeStandard)
		if err != nil || k.SID != testSK {
			t.Fatalf("CreateKey = %v, %v; want the key after two 429s", k, err)
		}
		if n := f.count(); n != 3 {
			t.Errorf("server got %d requests, want 3", n)
		}
		if w := s.recorded(); len(w) != 2 || w[0] != 2*time.Second || w[1] != 2*time.Second {
			t.Errorf("waits %v, want the 2s Retry-After twice", w)
		}
	})
	t.Run("gives up within the bounds", func(t *testing.T) {
		f := newFakeTwilio(t, limited)
		c, _ := newTestClient(t, f, tokenCreds)
		_, err := c.CreateKey(t.Context(), "k", KeyTypeStandard)
		if !IsRateLimited(err) || errors.Is(err, ErrOutcomeUnknown) {
			t.Fatalf("CreateKey = %v, want a 429 with a known outcome", err)
		}
		if n := f.count(); n != defaultMaxRetries+1 {
			t.Errorf("server got %d requests, want %d", n, defaultMaxRetries+1)
		}
	})
}

// Issue 11, finding 15: the error carries what Twilio support asks for.
func TestErrorCarriesRequestIDAndRetryAfter(t *testing.T) {
	f := newFakeTwilio(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Twilio-Request-Id", "RQ0123456789abcdef0123456789abcdef")
		w.Header().Set("Retry-After", "7")
		reply(429, twilioError(429, 20429, "Too Many Requests"))(w, r)
	})
	c, _ := newTestClient(t, f, tokenCreds, func(o *Options) { o.Retry.MaxRetries = -1 })
	_, err := c.FetchAccount(t.Context())
	e, ok := errors.AsType[*Error](err)
	if !ok || e.RequestID != "RQ0123456789abcdef0123456789abcdef" || e.RetryAfter != 7*time.Second {
		t.Fatalf("FetchAccount = %#v, want request id and Retry-After 7s", err)
	}
	if RequestIDOf(fmt.Errorf("wrapped: %w", err)) != e.RequestID {
		t.Error("RequestIDOf does not find the id through wrapping")
	}
	if !strings.Contains(err.Error(), "RQ0123456789abcdef0123456789abcdef") {
		t.Errorf("message %q lacks the request id", err)
	}

	// An id that is not letters and digits is not repeated: the server
	// would choose what the message says.
	f = newFakeTwilio(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Twilio-Request-Id", "RQ; rm -rf ~")
		reply(500, twilioError(500, 20500, "Internal"))(w, r)
	})
	c, _ = newTestClient(t, f, tokenCreds, func(o *Options) { o.Retry.MaxRetries = -1 })
	_, err = c.FetchAccount(t.Context())
	if id := RequestIDOf(err); id != "" || strings.Contains(err.Error(), "rm -rf") {
		t.Errorf("hostile request id kept: %q in %q", id, err)
	}
}

// Issue 11, findings 1 and 11: a create's answer whose SID or secret is not
// of a shape Twilio issues is refused, says the key may exist, names the SID
// when that one is well formed, and repeats neither bad value.
func TestCreateRefusesImpossibleAnswers(t *testing.T) {
	giant := strings.Repeat("A", 1<<20)
	tests := []struct {
		name, sid, secret string
		wantSID           bool
	}{
		{"command substitution in the SID", "SK$(touch x)", testSecret, false},
		{"SID of the wrong length", "SK" + strings.Repeat("a", 33), testSecret, false},
		{"shell metacharacters in the secret", testSK, "abc;touch y", true},
		{"quote in a 32-character secret", testSK, "S3cretS3cretS3cretS3cretS3cret4'", true},
		{"a one-megabyte secret", testSK, giant, true},
		{"31-character secret", testSK, testSecret[:31], true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeTwilio(t, reply(201, newKeyBody(tt.sid, "k", tt.secret)))
			c, _ := newTestClient(t, f, tokenCreds)
			k, err := c.CreateKey(t.Context(), "k", KeyTypeStandard)
			if err == nil || k.Secret != "" || k.SID != "" {
				t.Fatalf("CreateKey = %v, %v; want a refusal", k, err)
			}
			if !errors.Is(err, ErrOutcomeUnknown) || !errors.Is(err, ErrImpossibleAnswer) {
				t.Errorf("%v does not say the answer was refused and the key may exist", err)
			}
			msg := err.Error()
			if strings.Contains(msg, tt.secret) || strings.Contains(msg, "touch") || len(msg) > 600 {
				t.Errorf("message repeats a bad value or is huge (%d bytes): %.300q", len(msg), msg)
			}
			if got := strings.Contains(msg, testSK); got != tt.wantSID {
				t.Errorf("message names the SID: %v, want %v: %q", got, tt.wantSID, msg)
			}
			if n := f.count(); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

// Issue 12, item 3: one rule for names, in the client, for every caller.
func TestNamesAreTrimmedAndRequired(t *testing.T) {
	f := newFakeTwilio(t, reply(200, keyBody(testSK, "x")))
	c, _ := newTestClient(t, f, tokenCreds)
	for _, name := range []string{"", "   ", "\t\n"} {
		if _, err := c.CreateKey(t.Context(), name, KeyTypeStandard); !isValidation(err, "friendly name") {
			t.Errorf("CreateKey(%q) = %v, want a friendly-name refusal", name, err)
		}
		if _, err := c.RenameKey(t.Context(), testSK, name); !isValidation(err, "friendly name") {
			t.Errorf("RenameKey(%q) = %v, want a friendly-name refusal", name, err)
		}
	}
	if n := f.count(); n != 0 {
		t.Fatalf("blank names sent %d requests", n)
	}
	if _, err := c.RenameKey(t.Context(), testSK, "  new name  "); err != nil {
		t.Fatal(err)
	}
	if got := f.requests()[0].Body; got != "FriendlyName=new+name" {
		t.Errorf("rename sent %q, want the trimmed name", got)
	}
}

func isValidation(err error, field string) bool {
	v, ok := errors.AsType[*ValidationError](err)
	return ok && v.Field == field
}

// Issue 11, finding 5: a value in a SID's place that is not a SID is
// described, never repeated.
func TestSIDErrorsDoNotRepeatTheValue(t *testing.T) {
	f := newFakeTwilio(t, reply(500, "must not be called"))
	c, _ := newTestClient(t, f, tokenCreds)
	secret := "S3cretS3cretS3cretS3cretS3cret42"
	errs := []error{
		CheckKeySID(secret),
		c.DeleteKey(t.Context(), secret),
		c.CheckKey(t.Context(), secret, testSecret),
		c.CheckKey(t.Context(), testSK, secret+"x"),
	}
	if _, err := c.RenameKey(t.Context(), secret, "x"); true {
		errs = append(errs, err)
	}
	if _, err := c.FetchKey(t.Context(), secret); true {
		errs = append(errs, err)
	}
	for _, err := range errs {
		if err == nil || strings.Contains(err.Error(), secret[2:10]) {
			t.Errorf("error %v repeats the value (or is nil)", err)
		}
	}
}

// pingPong answers page A with a link to B and B with a link to A, or with
// fresh addresses (?n=1, ?n=2, …) that bring back the same two keys.
func pingPong(fresh bool) http.HandlerFunc {
	var n atomic.Int64
	return func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		next := "/2010-04-01/Accounts/" + testAC + "/Keys.json?PageSize=1&Page=" + fmt.Sprint(i%2)
		if fresh {
			next = "/2010-04-01/Accounts/" + testAC + "/Keys.json?PageSize=1&n=" + fmt.Sprint(i)
		}
		reply(200, keysPage(next, keyBody(sk(int(i%2)), "k")))(w, r)
	}
}

// Issue 11, finding 10: a listing that goes round in circles stops with an
// error, whether the server alternates two page addresses or invents new
// ones for pages it has already sent.
func TestListKeysStopsPagingLoops(t *testing.T) {
	for _, tt := range []struct {
		name  string
		fresh bool
		want  string
	}{
		{"two next_page_uri values in turn", false, "already listed"},
		{"new addresses, the same keys", true, "bringing back items already listed"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeTwilio(t, pingPong(tt.fresh))
			c, _ := newTestClient(t, f, tokenCreds)
			delivered := 0
			err := c.ListKeys(t.Context(), 1, func(p []Key) error { delivered += len(p); return nil })
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "list keys: ") {
				t.Fatalf("ListKeys = %v, want an error saying %q", err, tt.want)
			}
			if n := f.count(); n > 5 || delivered > 4 {
				t.Errorf("%d requests and %d keys delivered before stopping; want at most 5 and 4", n, delivered)
			}
			t.Logf("stopped after %d requests, %d keys delivered: %v", f.count(), delivered, err)
		})
	}
}

// A key pushed onto the next page by a create during the listing is one
// repeat, which concurrent changes explain: the listing goes on.
func TestListKeysToleratesARepeatFromAConcurrentChange(t *testing.T) {
	acc := "/2010-04-01/Accounts/" + testAC + "/Keys.json"
	f := newFakeTwilio(t, sequence(
		reply(200, keysPage(acc+"?Page=1", keyBody(sk(1), "a"), keyBody(sk(2), "b"))),
		reply(200, keysPage(acc+"?Page=2", keyBody(sk(2), "b"), keyBody(sk(3), "c"))),
		reply(200, keysPage("", keyBody(sk(4), "d"))),
	))
	c, _ := newTestClient(t, f, tokenCreds)
	var got []Key
	if err := c.ListKeys(t.Context(), 2, func(p []Key) error { got = append(got, p...); return nil }); err != nil {
		t.Fatalf("ListKeys = %v", err)
	}
	if len(got) != 5 {
		t.Errorf("got %d keys, want all 5 as sent", len(got))
	}
}

// A listed key whose SID is not of Twilio's shape stops the listing: it
// would be printed where scripts read SIDs.
func TestListKeysRefusesImpossibleSIDs(t *testing.T) {
	f := newFakeTwilio(t, reply(200, keysPage("", keyBody("SK$(reboot)", "k"))))
	c, _ := newTestClient(t, f, tokenCreds)
	err := c.ListKeys(t.Context(), 0, func([]Key) error { t.Error("a page with a bad SID was delivered"); return nil })
	if err == nil || strings.Contains(err.Error(), "reboot") {
		t.Errorf("ListKeys = %v, want a refusal that does not repeat the SID", err)
	}
}

// Issue 10, item 6: the loopback check is case-insensitive.
func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LOCALHOST": true, "LocalHost": true, "127.0.0.1": true, "127.8.9.10": true, "::1": true,
		"example.com": false, "10.0.0.1": false, "localhost.evil.com": false, "": false,
	} {
		if got := IsLoopback(host); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}

// Issue 11, finding 1: the env lines are built from validated values only,
// each in single quotes.
func TestEnvLines(t *testing.T) {
	got, err := NewKey{Key: Key{SID: testSK}, Secret: testSecret}.EnvLines()
	if want := "TWILIO_API_KEY='" + testSK + "'\nTWILIO_API_SECRET='" + testSecret + "'\n"; err != nil || got != want {
		t.Errorf("EnvLines = %q, %v; want %q", got, err, want)
	}
	for _, k := range []NewKey{
		{Key: Key{SID: "SK$(touch x)"}, Secret: testSecret},
		{Key: Key{SID: testSK}, Secret: "abc;touch y"},
		{Key: Key{SID: testSK}, Secret: "S3cretS3cretS3cretS3cretS3cret4'"},
	} {
		if got, err := k.EnvLines(); err == nil || got != "" || strings.Contains(err.Error(), "touch") {
			t.Errorf("EnvLines(%v) = %q, %v; want a refusal that repeats nothing", k, got, err)
		}
	}
}
