package twilio_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// TestAuthTokenRotation rotates the sandbox's Auth Token through the client
// over real HTTP: the secondary is accepted before the promotion, the old
// primary refused after it, and a client switched to the new token goes on.
func TestAuthTokenRotation(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	ctx := context.Background()
	c := sandboxClient(t, srv, quickRetries)
	oldToken := srv.AuthToken()

	if last4, ok := c.AuthTokenLast4(); !ok || last4 != oldToken[28:] || c.UsesAPIKey() {
		t.Errorf("AuthTokenLast4 = %q, %t; UsesAPIKey %t", last4, ok, c.UsesAPIKey())
	}
	if _, err := c.PromoteAuthToken(ctx); !twilio.IsNotFound(err) {
		t.Errorf("promote without a secondary: %v, want not found", err)
	}
	if err := c.DeleteSecondaryAuthToken(ctx); !twilio.IsNotFound(err) {
		t.Errorf("delete without a secondary: %v, want not found", err)
	}

	sec, err := c.CreateSecondaryAuthToken(ctx)
	if err != nil {
		t.Fatalf("CreateSecondaryAuthToken: %v", err)
	}
	if len(sec.Token) != 32 || sec.Token == oldToken || sec.AccountSID != srv.AccountSID() || sec.DateCreated.IsZero() {
		t.Fatalf("CreateSecondaryAuthToken = %v", sec)
	}
	if err := c.CheckAuthToken(ctx, sec.Token); err != nil {
		t.Errorf("the secondary is not accepted before promotion: %v", err)
	}
	if err := c.CheckAuthToken(ctx, strings.Repeat("0", 32)); !twilio.IsAuthError(err) {
		t.Errorf("CheckAuthToken of a wrong token: %v, want an auth error", err)
	}
	if _, err := c.FetchAccount(ctx); err != nil {
		t.Errorf("the primary stops working before promotion: %v", err)
	}

	p, err := c.PromoteAuthToken(ctx)
	if err != nil {
		t.Fatalf("PromoteAuthToken: %v", err)
	}
	if p.Token != sec.Token || p.AccountSID != srv.AccountSID() || !p.DateCreated.Equal(sec.DateCreated) {
		t.Errorf("PromoteAuthToken = %v; promoted token is the secondary: %t", p, p.Token == sec.Token)
	}
	if _, err := c.FetchAccount(ctx); !twilio.IsAuthError(err) {
		t.Errorf("the old primary after promotion: %v, want an auth error", err)
	}
	if err := c.CheckAuthToken(ctx, oldToken); !twilio.IsAuthError(err) {
		t.Errorf("CheckAuthToken(old primary) after promotion: %v, want an auth error", err)
	}

	next, err := c.WithAuthToken(p.Token)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := next.FetchAccount(ctx); err != nil {
		t.Errorf("the client on the new token: %v", err)
	}
	if last4, _ := next.AuthTokenLast4(); last4 != p.Token[28:] {
		t.Errorf("AuthTokenLast4 after the switch = %q", last4)
	}
	if keys := everyKey(t, next); len(keys) == 0 {
		t.Error("the client on the new token lists no keys")
	}
	if _, err := next.PromoteAuthToken(ctx); !twilio.IsNotFound(err) {
		t.Errorf("second promotion: %v, want not found", err)
	}

	// A secondary that is deleted stops working.
	sec2, err := next.CreateSecondaryAuthToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := next.DeleteSecondaryAuthToken(ctx); err != nil {
		t.Fatalf("DeleteSecondaryAuthToken: %v", err)
	}
	if err := next.CheckAuthToken(ctx, sec2.Token); !twilio.IsAuthError(err) {
		t.Errorf("a deleted secondary: %v, want an auth error", err)
	}

	// No token reaches fmt, whatever the verb.
	for _, v := range []any{sec, p, &sec, &p, next, *next, c} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			s := fmt.Sprintf(verb, v)
			for _, token := range []string{oldToken, sec.Token, sec2.Token} {
				if strings.Contains(s, token) {
					t.Errorf("%s of %T shows a token: %s", verb, v, s)
				}
			}
		}
	}
}

// TestAuthTokensWithAPIKeys: a Standard key gets Twilio's auth error on all
// three calls, and a client on an API key has no token to show or replace.
func TestAuthTokensWithAPIKeys(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	ctx := context.Background()
	admin := sandboxClient(t, srv, quickRetries)
	std, err := admin.CreateKey(ctx, "std", twilio.KeyTypeStandard)
	if err != nil {
		t.Fatal(err)
	}
	kc, err := twilio.New(twilio.Credentials{AccountSID: srv.AccountSID(), APIKey: std.SID, APISecret: std.Secret},
		twilio.Options{BaseURL: srv.URL(), Sandbox: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kc.CreateSecondaryAuthToken(ctx); !twilio.IsAuthError(err) {
		t.Errorf("create with a Standard key: %v", err)
	}
	if err := kc.DeleteSecondaryAuthToken(ctx); !twilio.IsAuthError(err) {
		t.Errorf("delete with a Standard key: %v", err)
	}
	if _, err := kc.PromoteAuthToken(ctx); !twilio.IsAuthError(err) {
		t.Errorf("promote with a Standard key: %v", err)
	}
	if _, ok := kc.AuthTokenLast4(); ok || !kc.UsesAPIKey() {
		t.Error("a key client claims an Auth Token")
	}
	if _, err := kc.WithAuthToken(srv.AuthToken()); err == nil {
		t.Error("WithAuthToken on a key client succeeded")
	}
	if strings.Contains(fmt.Sprint(kc), std.Secret) {
		t.Error("a printed key client shows its secret")
	}
}

// TestTokenCallsNeverRetriedBlindly: a promotion and a create whose answers
// are lost after they took effect are sent once, and the errors say the
// outcome is unknown with the token calls' own advice. A delete is retried
// and, finding nothing after a lost answer, succeeds.
func TestTokenCallsNeverRetriedBlindly(t *testing.T) {
	var on atomic.Bool
	var posts, deletes atomic.Int64
	// One fault each time faults are switched on: the first request loses
	// its answer after taking effect, any retry goes through.
	faults := sandbox.Faults{ErrorRate: 1, Kinds: []sandbox.FaultKind{sandbox.FaultDropAfter}, Enabled: &on,
		OnFault: func(sandbox.FaultKind, *http.Request) { on.Store(false) }}
	srv := sandboxtest.Start(t, sandbox.Options{Wrap: func(h http.Handler) http.Handler {
		inner := faults.Wrap(h)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/v1/AuthTokens/") {
				if r.Method == http.MethodPost {
					posts.Add(1)
				} else {
					deletes.Add(1)
				}
			}
			inner.ServeHTTP(w, r)
		})
	}})
	ctx := context.Background()
	c := sandboxClient(t, srv, quickRetries)

	on.Store(true)
	_, err := c.CreateSecondaryAuthToken(ctx)
	if !errors.Is(err, twilio.ErrOutcomeUnknown) || !strings.Contains(err.Error(), "secondary Auth Token may have been created") || posts.Load() != 1 {
		t.Fatalf("create with a lost answer: %d requests, %v", posts.Load(), err)
	}
	// It was created: the sandbox committed it. Promote it, losing the answer.
	on.Store(true)
	_, err = c.PromoteAuthToken(ctx)
	if !errors.Is(err, twilio.ErrOutcomeUnknown) || !strings.Contains(err.Error(), "may now be the primary") || posts.Load() != 2 {
		t.Fatalf("promote with a lost answer: %d requests in all, %v", posts.Load(), err)
	}
	if _, err := c.FetchAccount(ctx); !twilio.IsAuthError(err) {
		t.Errorf("the promotion whose answer was lost did not happen: %v", err)
	}

	// A delete whose answer is lost is retried and then finds nothing.
	next, err := c.WithAuthToken(srv.AuthToken())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := next.CreateSecondaryAuthToken(ctx); err != nil {
		t.Fatal(err)
	}
	on.Store(true)
	err = next.DeleteSecondaryAuthToken(ctx)
	if err != nil || deletes.Load() != 2 {
		t.Errorf("delete with a lost answer: %d requests, %v; want a retry and success", deletes.Load(), err)
	}
}

// TestTokenAnswersValidated: a server that answers with something that is
// not an Auth Token (shell text, a giant value, another account) gets an
// error that says the outcome is unknown, and the value is not handed on.
func TestTokenAnswersValidated(t *testing.T) {
	const acct = "AC0123456789abcdef0123456789abcdef"
	for name, body := range map[string]string{
		"shell text":      `{"account_sid":"` + acct + `","secondary_auth_token":"abc;touch /tmp/x","auth_token":"abc;touch /tmp/x"}`,
		"giant":           `{"account_sid":"` + acct + `","secondary_auth_token":"` + strings.Repeat("a", 1<<16) + `","auth_token":"` + strings.Repeat("a", 1<<16) + `"}`,
		"other account":   `{"account_sid":"AC00000000000000000000000000000000","secondary_auth_token":"` + strings.Repeat("b", 32) + `","auth_token":"` + strings.Repeat("b", 32) + `"}`,
		"missing":         `{"account_sid":"` + acct + `"}`,
		"not hexadecimal": `{"account_sid":"` + acct + `","secondary_auth_token":"` + strings.Repeat("z", 32) + `","auth_token":"` + strings.Repeat("z", 32) + `"}`,
	} {
		hostile := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			fmt.Fprint(w, body)
		}))
		c, err := twilio.New(twilio.Credentials{AccountSID: acct, AuthToken: strings.Repeat("c", 32)}, twilio.Options{BaseURL: hostile.URL})
		if err != nil {
			t.Fatal(err)
		}
		s, err := c.CreateSecondaryAuthToken(context.Background())
		if !errors.Is(err, twilio.ErrOutcomeUnknown) || s.Token != "" || len(err.Error()) > 400 {
			t.Errorf("%s: create = token of %d characters, %v", name, len(s.Token), err)
		}
		p, err := c.PromoteAuthToken(context.Background())
		if !errors.Is(err, twilio.ErrOutcomeUnknown) || p.Token != "" || len(err.Error()) > 400 {
			t.Errorf("%s: promote = token of %d characters, %v", name, len(p.Token), err)
		}
		hostile.Close()
	}
}
