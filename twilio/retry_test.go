package twilio

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestBackoffIsCappedAndJittered(t *testing.T) {
	p := RetryPolicy{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}.withDefaults()
	for retry, full := range []time.Duration{100, 200, 400, 800, 1000, 1000, 1000} {
		full *= time.Millisecond
		for range 200 {
			if d := p.delay(retry, 0); d < full/2 || d > full {
				t.Fatalf("retry %d waited %v, want within [%v, %v]", retry, d, full/2, full)
			}
		}
	}
	if d := p.delay(1000, 0); d < p.MaxDelay/2 || d > p.MaxDelay {
		t.Errorf("a very late retry waited %v; the shift must not overflow", d)
	}
	if d := p.delay(0, 700*time.Millisecond); d != 700*time.Millisecond {
		t.Errorf("Retry-After 700ms waited %v, want exactly that", d)
	}
	if d := p.delay(0, time.Hour); d != time.Second {
		t.Errorf("Retry-After 1h waited %v, want the cap %v", d, time.Second)
	}
}

func TestRetryAfterHeader(t *testing.T) {
	for _, tt := range []struct {
		header string
		want   time.Duration
	}{
		{"7", 7 * time.Second},
		{" 2 ", 2 * time.Second},
		{"0", 0},
		{"-3", 0},
		{"soon", 0},
		{"Wed, 21 Oct 2015 07:28:00 GMT", 0},
		{"99999999999999", 24 * time.Hour},
		{"", 0},
	} {
		h := http.Header{}
		if tt.header != "" {
			h.Set("Retry-After", tt.header)
		}
		if got := retryAfter(h); got != tt.want {
			t.Errorf("Retry-After %q = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestRetryPolicyDefaults(t *testing.T) {
	p := RetryPolicy{}.withDefaults()
	if p.MaxRetries != 4 || p.BaseDelay <= 0 || p.MaxDelay <= 0 || p.MaxTotal <= 0 || p.Sleep == nil {
		t.Errorf("defaults %+v", p)
	}
	if p := (RetryPolicy{MaxRetries: -1}).withDefaults(); p.MaxRetries != 0 {
		t.Errorf("MaxRetries -1 gave %d retries, want none", p.MaxRetries)
	}
}

func TestIdempotentRequestsAreRetried(t *testing.T) {
	unavailable := reply(503, twilioError(503, 20503, "Service Unavailable"))
	tests := []struct {
		name      string
		respond   http.HandlerFunc
		call      func(context.Context, *Client) error
		wantErr   func(error) bool // nil: success
		wantCalls int
	}{
		{
			name:      "GET recovers after two 503s",
			respond:   sequence(unavailable, unavailable, reply(200, keyBody(testSK, "k"))),
			call:      func(ctx context.Context, c *Client) error { _, err := c.FetchKey(ctx, testSK); return err },
			wantCalls: 3,
		},
		{
			name:      "GET gives up after four retries",
			respond:   reply(500, twilioError(500, 20500, "Internal Server Error")),
			call:      func(ctx context.Context, c *Client) error { _, err := c.FetchKey(ctx, testSK); return err },
			wantErr:   func(err error) bool { e, ok := errors.AsType[*Error](err); return ok && e.Status == 500 },
			wantCalls: 5,
		},
		{
			name:      "GET retries a dropped connection",
			respond:   sequence(dropConnection(t), reply(200, accountBody(testAC, testAC, "Main"))),
			call:      func(ctx context.Context, c *Client) error { _, err := c.FetchAccount(ctx); return err },
			wantCalls: 2,
		},
		{
			name:    "a page of a list is retried on its own",
			respond: sequence(unavailable, reply(200, keysPage(""))),
			call: func(ctx context.Context, c *Client) error {
				return c.ListKeys(ctx, 50, func([]Key) error { return nil })
			},
			wantCalls: 2,
		},
		{
			name:      "GET is not retried on a 404",
			respond:   reply(404, twilioError(404, 20404, "not found")),
			call:      func(ctx context.Context, c *Client) error { _, err := c.FetchKey(ctx, testSK); return err },
			wantErr:   IsNotFound,
			wantCalls: 1,
		},
		{
			name:      "GET is not retried on a 401",
			respond:   reply(401, twilioError(401, 20003, "Authenticate")),
			call:      func(ctx context.Context, c *Client) error { _, err := c.FetchAccount(ctx); return err },
			wantErr:   IsAuthError,
			wantCalls: 1,
		},
		{
			name:      "DELETE recovers after a 502",
			respond:   sequence(reply(502, "bad gateway"), func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }),
			call:      func(ctx context.Context, c *Client) error { return c.DeleteKey(ctx, testSK) },
			wantCalls: 2,
		},
		{
			name:      "DELETE gives up after four retries",
			respond:   unavailable,
			call:      func(ctx context.Context, c *Client) error { return c.DeleteKey(ctx, testSK) },
			wantErr:   func(err error) bool { e, ok := errors.AsType[*Error](err); return ok && e.Status == 503 },
			wantCalls: 5,
		},
		{
			name:      "DELETE whose answer was lost, then 404, has succeeded",
			respond:   sequence(dropConnection(t), reply(404, twilioError(404, 20404, "not found"))),
			call:      func(ctx context.Context, c *Client) error { return c.DeleteKey(ctx, testSK) },
			wantCalls: 2,
		},
		{
			name:      "DELETE after a 500, then 404, has succeeded",
			respond:   sequence(reply(500, "oops"), reply(404, twilioError(404, 20404, "not found"))),
			call:      func(ctx context.Context, c *Client) error { return c.DeleteKey(ctx, testSK) },
			wantCalls: 2,
		},
		{
			name:      "DELETE of a key that was never there is not found",
			respond:   reply(404, twilioError(404, 20404, "not found")),
			call:      func(ctx context.Context, c *Client) error { return c.DeleteKey(ctx, testSK) },
			wantErr:   IsNotFound,
			wantCalls: 1,
		},
		{
			name:      "DELETE after a 429, then 404, is not found: a 429 was never processed",
			respond:   sequence(reply(429, twilioError(429, 20429, "Too Many Requests")), reply(404, twilioError(404, 20404, "not found"))),
			call:      func(ctx context.Context, c *Client) error { return c.DeleteKey(ctx, testSK) },
			wantErr:   IsNotFound,
			wantCalls: 2,
		},
		{
			name:      "rename is retried: setting a name twice is harmless",
			respond:   sequence(unavailable, reply(200, keyBody(testSK, "new"))),
			call:      func(ctx context.Context, c *Client) error { _, err := c.RenameKey(ctx, testSK, "new"); return err },
			wantCalls: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeTwilio(t, tt.respond)
			c, s := newTestClient(t, f, tokenCreds)
			err := tt.call(t.Context(), c)
			if tt.wantErr == nil && err != nil {
				t.Errorf("call = %v, want success", err)
			}
			if tt.wantErr != nil && !tt.wantErr(err) {
				t.Errorf("call = %v, not the error expected", err)
			}
			if n := f.count(); n != tt.wantCalls {
				t.Errorf("server got %d requests, want %d", n, tt.wantCalls)
			}
			if n := len(s.recorded()); n != tt.wantCalls-1 {
				t.Errorf("waited %d times, want %d (once before each retry)", n, tt.wantCalls-1)
			}
		})
	}
}

func TestRetryWaitsAreBackoffOrRetryAfter(t *testing.T) {
	t.Run("backoff doubles", func(t *testing.T) {
		f := newFakeTwilio(t, reply(503, "busy"))
		c, s := newTestClient(t, f, tokenCreds, func(o *Options) {
			o.Retry.BaseDelay, o.Retry.MaxDelay = 100*time.Millisecond, 300*time.Millisecond
		})
		c.FetchAccount(t.Context())
		waits := s.recorded()
		full := []time.Duration{100, 200, 300, 300}
		if len(waits) != len(full) {
			t.Fatalf("waits %v, want %d", waits, len(full))
		}
		for i, d := range waits {
			if max := full[i] * time.Millisecond; d < max/2 || d > max {
				t.Errorf("wait %d = %v, want within [%v, %v]", i, d, max/2, max)
			}
		}
	})
	t.Run("429 with Retry-After is honoured", func(t *testing.T) {
		limited := func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "7")
			reply(429, twilioError(429, 20429, "Too Many Requests"))(w, r)
		}
		f := newFakeTwilio(t, sequence(limited, reply(200, accountBody(testAC, testAC, "Main"))))
		c, s := newTestClient(t, f, tokenCreds)
		if _, err := c.FetchAccount(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got, want := s.recorded(), []time.Duration{7 * time.Second}; !reflect.DeepEqual(got, want) {
			t.Errorf("waits %v, want %v", got, want)
		}
	})
	t.Run("Retry-After is capped", func(t *testing.T) {
		limited := func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			reply(429, twilioError(429, 20429, "Too Many Requests"))(w, r)
		}
		f := newFakeTwilio(t, sequence(limited, reply(200, accountBody(testAC, testAC, "Main"))))
		c, s := newTestClient(t, f, tokenCreds, func(o *Options) { o.Retry.MaxDelay, o.Retry.MaxTotal = 4*time.Second, time.Hour })
		if _, err := c.FetchAccount(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got, want := s.recorded(), []time.Duration{4 * time.Second}; !reflect.DeepEqual(got, want) {
			t.Errorf("waits %v, want %v", got, want)
		}
	})
	t.Run("a wait past the total budget is not begun", func(t *testing.T) {
		limited := func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "120")
			reply(429, twilioError(429, 20429, "Too Many Requests"))(w, r)
		}
		f := newFakeTwilio(t, limited)
		c, s := newTestClient(t, f, tokenCreds, func(o *Options) { o.Retry.MaxDelay, o.Retry.MaxTotal = 5*time.Minute, time.Minute })
		_, err := c.FetchAccount(t.Context())
		if !IsRateLimited(err) {
			t.Errorf("FetchAccount = %v, want the 429", err)
		}
		if n, w := f.count(), len(s.recorded()); n != 1 || w != 0 {
			t.Errorf("%d requests and %d waits, want 1 and 0", n, w)
		}
	})
}

func TestCancelledContextStopsRetrying(t *testing.T) {
	f := newFakeTwilio(t, reply(503, "busy"))
	ctx, cancel := context.WithCancel(t.Context())
	c, _ := newTestClient(t, f, tokenCreds, func(o *Options) {
		o.Retry.Sleep = func(context.Context, time.Duration) error {
			cancel() // the user gave up while the client waited
			return context.Canceled
		}
	})
	_, err := c.FetchAccount(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("FetchAccount = %v, want context.Canceled", err)
	}
	if e, ok := errors.AsType[*Error](err); !ok || e.Status != 503 {
		t.Errorf("FetchAccount = %v, want it to keep the 503 that caused the wait", err)
	}
	if n := f.count(); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
}

// TestCreateIsNotRetriedWhenItMayHaveWorked: a 5xx, a lost connection or a
// broken answer may come after the key was stored, so a second create could
// make a duplicate. (A 429 is retried: TestCreateIsRetriedOn429.)
func TestCreateIsNotRetriedWhenItMayHaveWorked(t *testing.T) {
	tests := []struct {
		name        string
		main        bool
		respond     http.HandlerFunc
		wantUnknown bool
		wantStatus  int
	}{
		{"500", false, reply(500, twilioError(500, 20500, "Internal Server Error")), true, 500},
		{"503 from IAM v1", true, reply(503, "busy"), true, 503},
		{"dropped connection", false, dropConnection(t), true, 0},
		{"dropped connection on IAM v1", true, dropConnection(t), true, 0},
		{"201 cut off mid-body", false, reply(201, `{"sid":"`+testSK+`","secret":"TopSecretValue12`), true, 0},
		{"201 without a secret", false, reply(201, keyBody(testSK, "k")), true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeTwilio(t, tt.respond)
			c, s := newTestClient(t, f, tokenCreds, func(o *Options) { o.Sandbox = true })
			kind := KeyTypeStandard
			if tt.main {
				kind = KeyTypeMain
			}
			k, err := c.CreateKey(t.Context(), "k", kind)
			if err == nil {
				t.Fatalf("CreateKey succeeded with %+v", k)
			}
			if got := errors.Is(err, ErrOutcomeUnknown); got != tt.wantUnknown {
				t.Errorf("CreateKey = %v; outcome unknown %v, want %v", err, got, tt.wantUnknown)
			}
			if e, ok := errors.AsType[*Error](err); tt.wantStatus != 0 && (!ok || e.Status != tt.wantStatus) {
				t.Errorf("CreateKey = %v, want an *Error with status %d", err, tt.wantStatus)
			}
			if !strings.HasPrefix(err.Error(), "create key: ") {
				t.Errorf("message %q does not name the operation", err)
			}
			if strings.Contains(err.Error(), "TopSecret") {
				t.Errorf("message %q repeats part of the secret", err)
			}
			if n := f.count(); n != 1 {
				t.Errorf("server got %d requests, want exactly 1", n)
			}
			if w := s.recorded(); len(w) != 0 {
				t.Errorf("waited %v before a retry that must not happen", w)
			}
		})
	}
}

// A create that could not even connect never reached Twilio: its outcome is
// known, and saying otherwise would send the user to check for nothing.
func TestCreateThatNeverConnectedIsNotOutcomeUnknown(t *testing.T) {
	c, err := New(tokenCreds, Options{BaseURL: "http://" + closedAddress(t)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateKey(t.Context(), "k", KeyTypeStandard)
	if err == nil || errors.Is(err, ErrOutcomeUnknown) || !strings.HasPrefix(err.Error(), "create key: ") {
		t.Errorf("CreateKey = %v, want a plain create key: connection error", err)
	}
}

func TestEndedContextSendsNothing(t *testing.T) {
	f := newFakeTwilio(t, reply(500, "must not be called"))
	c, _ := newTestClient(t, f, tokenCreds)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := c.CreateKey(ctx, "k", KeyTypeStandard); !errors.Is(err, context.Canceled) || errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("CreateKey = %v, want context.Canceled and a known outcome", err)
	}
	if err := c.ListKeys(ctx, 50, func([]Key) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("ListKeys = %v, want context.Canceled", err)
	}
	if n := f.count(); n != 0 {
		t.Errorf("server got %d requests, want none", n)
	}
}
