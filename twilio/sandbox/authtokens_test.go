package sandbox_test

import (
	"net/http"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
	accounts "github.com/twilio/twilio-go/rest/accounts/v1"
	api "github.com/twilio/twilio-go/rest/api/v2010"
	iam "github.com/twilio/twilio-go/rest/iam/v1"
)

const (
	secondaryPath = "/v1/AuthTokens/Secondary"
	promotePath   = "/v1/AuthTokens/Promote"
)

// TestTwilioGoAuthTokens rotates the demo account's Auth Token with
// twilio-go's AccountsV1, as a user would, and checks at each step which
// tokens Twilio's own SDK can authenticate with.
func TestTwilioGoAuthTokens(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	acct, oldToken := srv.AccountSID(), srv.AuthToken()
	log := &requestLog{}
	rc := twilioClientLogged(t, srv, creds{acct, oldToken}, acct, log)

	// Promote with no secondary: 404/20404.
	_, err := rc.AccountsV1.UpdateAuthTokenPromotion(nil)
	restError(t, "promote without a secondary", err, 404, 20404)
	err = rc.AccountsV1.DeleteSecondaryAuthToken(nil)
	restError(t, "delete without a secondary", err, 404, 20404)

	sec, err := rc.AccountsV1.CreateSecondaryAuthToken((&accounts.CreateSecondaryAuthTokenParams{}).SetSuppressEmailNotification(true))
	if err != nil {
		t.Fatalf("CreateSecondaryAuthToken: %v", err)
	}
	secondary := str(sec.SecondaryAuthToken)
	if !authTokenPattern.MatchString(secondary) || secondary == oldToken || str(sec.AccountSid) != acct {
		t.Fatalf("CreateSecondaryAuthToken = account %q token of %d characters", str(sec.AccountSid), len(secondary))
	}
	if sec.DateCreated == nil || sec.DateUpdated == nil || sec.DateCreated.IsZero() {
		t.Error("CreateSecondaryAuthToken: dates missing (twilio-go parses them as ISO 8601)")
	}
	// twilio-go reached the sandbox over plain HTTP under Twilio's host
	// name: the url keeps the host and the scheme, as IAM's page links do.
	if str(sec.Url) != "http://accounts.twilio.com/v1/AuthTokens/Secondary" {
		t.Errorf("url = %q", str(sec.Url))
	}
	if log.count("accounts.twilio.com"+secondaryPath) != 2 || log.count("accounts.twilio.com"+promotePath) != 1 {
		t.Errorf("twilio-go's requests went to %v, want accounts.twilio.com", log.seen)
	}

	// Both tokens work, everywhere the primary does: v2010 and IAM.
	for name, token := range map[string]string{"old primary": oldToken, "secondary": secondary} {
		c := twilioClient(t, srv, creds{acct, token}, acct)
		if _, err := c.Api.FetchAccount(acct); err != nil {
			t.Errorf("%s: FetchAccount: %v", name, err)
		}
		if _, err := c.Api.ListKey(&api.ListKeyParams{PageSize: ptr(2), Limit: ptr(2)}); err != nil {
			t.Errorf("%s: ListKey: %v", name, err)
		}
		if _, err := c.IamV1.ListGetKeys(&iam.ListGetKeysParams{AccountSid: &acct, PageSize: ptr(2), Limit: ptr(2)}); err != nil {
			t.Errorf("%s: IAM ListGetKeys: %v", name, err)
		}
	}

	// The secondary itself may promote.
	bySecondary := twilioClient(t, srv, creds{acct, secondary}, acct)
	p, err := bySecondary.AccountsV1.UpdateAuthTokenPromotion(nil)
	if err != nil {
		t.Fatalf("UpdateAuthTokenPromotion: %v", err)
	}
	if str(p.AuthToken) != secondary || str(p.AccountSid) != acct || p.DateCreated == nil || !p.DateCreated.Equal(*sec.DateCreated) || p.DateUpdated == nil {
		t.Errorf("UpdateAuthTokenPromotion = account %q, promoted token is the secondary: %t, created %v (secondary's %v)",
			str(p.AccountSid), str(p.AuthToken) == secondary, p.DateCreated, sec.DateCreated)
	}
	if str(p.Url) != "http://accounts.twilio.com/v1/AuthTokens/Promote" {
		t.Errorf("url = %q", str(p.Url))
	}

	// The old primary is refused at once, on the same client (and so on a
	// kept-alive connection), everywhere.
	_, err = rc.Api.FetchAccount(acct)
	restError(t, "old primary after promotion: FetchAccount", err, 401, 20003)
	_, err = rc.IamV1.ListGetKeys(&iam.ListGetKeysParams{AccountSid: &acct, Limit: ptr(1)})
	restError(t, "old primary after promotion: ListGetKeys", err, 401, 20003)
	_, err = rc.AccountsV1.CreateSecondaryAuthToken(nil)
	restError(t, "old primary after promotion: CreateSecondaryAuthToken", err, 401, 20003)

	// The new primary is the account's token now: fetch shows it, the
	// server reports it, and there is no secondary left to promote.
	a, err := bySecondary.Api.FetchAccount(acct)
	if err != nil || str(a.AuthToken) != secondary {
		t.Errorf("FetchAccount with the new primary: shows the new token %t, %v", a != nil && str(a.AuthToken) == secondary, err)
	}
	if srv.AuthToken() != secondary {
		t.Error("Server.AuthToken does not report the promoted token")
	}
	_, err = bySecondary.AccountsV1.UpdateAuthTokenPromotion(nil)
	restError(t, "second promotion", err, 404, 20404)

	// A secondary that is deleted stops working.
	sec2, err := bySecondary.AccountsV1.CreateSecondaryAuthToken(nil)
	if err != nil {
		t.Fatalf("second CreateSecondaryAuthToken: %v", err)
	}
	if err := bySecondary.AccountsV1.DeleteSecondaryAuthToken(nil); err != nil {
		t.Fatalf("DeleteSecondaryAuthToken: %v", err)
	}
	_, err = twilioClient(t, srv, creds{acct, str(sec2.SecondaryAuthToken)}, acct).Api.FetchAccount(acct)
	restError(t, "deleted secondary", err, 401, 20003)
}

// TestAuthTokensWhoMay: an Auth Token (primary or secondary) and a Main key
// may rotate their account's token; Standard and Restricted keys get
// 401/20003 on all three calls, and so do wrong credentials. Rotation acts on
// the credentials' own account only.
func TestAuthTokensWhoMay(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	main := demoCreds(srv)
	sub := subaccountOf(t, srv)
	for _, kind := range []string{"standard", "restricted"} {
		key := newKey(t, srv, main, main.user, kind)
		for _, call := range []struct{ method, path string }{{"POST", secondaryPath}, {"DELETE", secondaryPath}, {"POST", promotePath}} {
			r := do(t, srv, call.method, call.path, key, nil)
			if r.status != http.StatusUnauthorized || r.errorCode(t) != 20003 || r.header.Get("WWW-Authenticate") == "" {
				t.Errorf("%s key: %s %s = %d %s, want 401/20003", kind, call.method, call.path, r.status, r.body)
			}
		}
	}
	for _, c := range []creds{{main.user, strings.Repeat("f", 32)}, {}} {
		if r := do(t, srv, "POST", secondaryPath, c, nil); r.status != http.StatusUnauthorized {
			t.Errorf("wrong or no credentials: %d", r.status)
		}
	}

	// A Main key may; the secondary belongs to the key's account.
	mainKey := newKey(t, srv, main, main.user, "main")
	r := do(t, srv, "POST", secondaryPath, mainKey, nil)
	if r.status != http.StatusCreated || r.object(t)["account_sid"] != main.user {
		t.Fatalf("Main key: %d %s", r.status, r.body)
	}
	mainSecondary := r.object(t)["secondary_auth_token"].(string)

	// The subaccount's own token rotates the subaccount's tokens only.
	r = do(t, srv, "POST", secondaryPath, sub, nil)
	if r.status != http.StatusCreated || r.object(t)["account_sid"] != sub.user {
		t.Fatalf("subaccount: %d %s", r.status, r.body)
	}
	subSecondary := r.object(t)["secondary_auth_token"].(string)
	if do(t, srv, "GET", "/2010-04-01/Accounts/"+sub.user+".json", creds{sub.user, subSecondary}, nil).status != http.StatusOK {
		t.Error("the subaccount's secondary does not authenticate the subaccount")
	}
	if do(t, srv, "GET", "/2010-04-01/Accounts/"+main.user+".json", creds{main.user, subSecondary}, nil).status != http.StatusUnauthorized {
		t.Error("the subaccount's secondary authenticates the parent")
	}
	if do(t, srv, "GET", "/2010-04-01/Accounts/"+main.user+".json", creds{main.user, mainSecondary}, nil).status != http.StatusOK {
		t.Error("the main account's secondary, made by a Main key, does not authenticate")
	}
	// A parent's credentials reach the subaccount's tokens through neither
	// path nor parameter: there is no AccountSid here.
	if r := do(t, srv, "POST", promotePath+"?AccountSid="+sub.user, main, nil); r.status != http.StatusOK || r.object(t)["account_sid"] != main.user {
		t.Errorf("promote with the parent's token and a subaccount's AccountSid: %d %s", r.status, r.body)
	}

	// A second create replaces the first secondary.
	first := do(t, srv, "POST", secondaryPath, sub, nil).object(t)["secondary_auth_token"].(string)
	second := do(t, srv, "POST", secondaryPath, sub, nil).object(t)["secondary_auth_token"].(string)
	if first == second || do(t, srv, "GET", balancePath(sub.user), creds{sub.user, first}, nil).status != http.StatusUnauthorized ||
		do(t, srv, "GET", balancePath(sub.user), creds{sub.user, second}, nil).status != http.StatusOK {
		t.Error("a second create did not replace the first secondary")
	}

	// Methods and parameters.
	if r := do(t, srv, "GET", secondaryPath, sub, nil); r.status != http.StatusMethodNotAllowed {
		t.Errorf("GET %s = %d, want 405", secondaryPath, r.status)
	}
	if r := do(t, srv, "POST", secondaryPath, sub, url.Values{"SuppressEmailNotification": {"maybe"}}); r.status != http.StatusBadRequest {
		t.Errorf("SuppressEmailNotification=maybe: %d, want 400", r.status)
	}
}

// TestPromotionRefusesOldTokenAtOnce: while clients keep sending requests
// with the old primary, a promotion commits; every request sent after the
// promotion's answer arrived is refused, and no request is refused before it
// was sent. A listing that started with the old token cannot continue with
// it either.
func TestPromotionRefusesOldTokenAtOnce(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{SeedKeys: 20})
	old := demoCreds(srv)
	secondary := do(t, srv, "POST", secondaryPath, old, nil).object(t)["secondary_auth_token"].(string)

	page1 := do(t, srv, "GET", keysPath(old.user), old, url.Values{"PageSize": {"5"}})
	next, _ := page1.object(t)["next_page_uri"].(string)
	if page1.status != http.StatusOK || next == "" {
		t.Fatalf("first page: %d", page1.status)
	}

	var promoted atomic.Bool
	var wrongly atomic.Int64 // old token accepted though sent after the promotion
	var before, after atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				sentAfter := promoted.Load()
				r := do(t, srv, "GET", balancePath(old.user), old, nil)
				switch {
				case sentAfter && r.status != http.StatusUnauthorized:
					wrongly.Add(1)
				case sentAfter:
					after.Add(1)
				default:
					before.Add(1)
				}
			}
		})
	}
	// Let the clients get going: wait until some requests went through.
	for before.Load() < 20 {
		runtime.Gosched()
	}
	r := do(t, srv, "POST", promotePath, creds{old.user, secondary}, nil)
	promoted.Store(true)
	if r.status != http.StatusOK {
		t.Fatalf("promote: %d %s", r.status, r.body)
	}
	for after.Load()+wrongly.Load() < 100 {
		runtime.Gosched()
	}
	close(stop)
	wg.Wait()
	if n := wrongly.Load(); n > 0 {
		t.Errorf("%d requests with the old primary were accepted after the promotion had answered", n)
	}

	if r := do(t, srv, "GET", next, old, nil); r.status != http.StatusUnauthorized {
		t.Errorf("next page with the old primary after promotion: %d", r.status)
	}
	if r := do(t, srv, "GET", next, creds{old.user, secondary}, nil); r.status != http.StatusOK {
		t.Errorf("next page with the new primary: %d", r.status)
	}
}

// TestAuthTokensPersist: a secondary and a promotion survive a restart of a
// file-backed sandbox, and the restarted server reports the promoted token
// (it prints it at start).
func TestAuthTokensPersist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	srv := sandboxtest.Start(t, sandbox.Options{StatePath: path})
	old := demoCreds(srv)
	secondary := do(t, srv, "POST", secondaryPath, old, nil).object(t)["secondary_auth_token"].(string)
	srv.Close()

	srv = sandboxtest.Start(t, sandbox.Options{StatePath: path})
	if srv.AuthToken() != old.pass {
		t.Fatal("the primary changed across a restart")
	}
	if r := do(t, srv, "GET", balancePath(old.user), creds{old.user, secondary}, nil); r.status != http.StatusOK {
		t.Fatalf("secondary after restart: %d", r.status)
	}
	if r := do(t, srv, "POST", promotePath, old, nil); r.status != http.StatusOK {
		t.Fatalf("promote after restart: %d %s", r.status, r.body)
	}
	srv.Close()

	srv = sandboxtest.Start(t, sandbox.Options{StatePath: path})
	if srv.AuthToken() != secondary {
		t.Error("after promotion and restart, the server does not report the promoted token")
	}
	if r := do(t, srv, "GET", balancePath(old.user), old, nil); r.status != http.StatusUnauthorized {
		t.Errorf("old primary after restart: %d", r.status)
	}
}

// TestPromotionRefusesRequestsInFlight: a request with the old primary that
// has reached the server but is not yet authenticated when the promotion
// commits is refused, as is one on a connection kept alive from before.
func TestPromotionRefusesRequestsInFlight(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	srv := sandboxtest.Start(t, sandbox.Options{Wrap: func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Test-Hold") != "" {
				close(arrived)
				<-release
			}
			h.ServeHTTP(w, r)
		})
	}})
	old := demoCreds(srv)
	secondary := do(t, srv, "POST", secondaryPath, old, nil).object(t)["secondary_auth_token"].(string)

	// A kept-alive connection that has already served the old token.
	keepAlive := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	defer keepAlive.CloseIdleConnections()
	get := func() int {
		req, _ := http.NewRequest("GET", srv.URL()+balancePath(old.user), nil)
		req.SetBasicAuth(old.user, old.pass)
		res, err := keepAlive.Do(req)
		if err != nil {
			t.Error(err)
			return 0
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := get(); code != http.StatusOK {
		t.Fatalf("old primary before promotion: %d", code)
	}

	held := make(chan int)
	go func() {
		req, _ := http.NewRequest("GET", srv.URL()+balancePath(old.user), nil)
		req.SetBasicAuth(old.user, old.pass)
		req.Header.Set("X-Test-Hold", "1")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			held <- 0
			return
		}
		res.Body.Close()
		held <- res.StatusCode
	}()
	<-arrived // in flight: sent, received, not yet authenticated
	if r := do(t, srv, "POST", promotePath, creds{old.user, secondary}, nil); r.status != http.StatusOK {
		t.Fatalf("promote: %d %s", r.status, r.body)
	}
	close(release)
	if code := <-held; code != http.StatusUnauthorized {
		t.Errorf("a request in flight with the old primary, served after the promotion: %d, want 401", code)
	}
	if code := get(); code != http.StatusUnauthorized {
		t.Errorf("the old primary on a kept-alive connection after the promotion: %d, want 401", code)
	}
}
