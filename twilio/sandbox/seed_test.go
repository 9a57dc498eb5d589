package sandbox_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

type listedKey struct {
	Sid          string
	FriendlyName string `json:"friendly_name"`
	DateCreated  string `json:"date_created"`
}

func listKeys(t *testing.T, srv *sandbox.Server, c creds, account string) []listedKey {
	t.Helper()
	var page struct{ Keys []listedKey }
	decode(t, do(t, srv, http.MethodGet, keysPath(account), c, url.Values{"PageSize": {"1000"}}), &page)
	return page.Keys
}

// TestDemoSeed: the first start creates the demo account the README and
// the console describe.
func TestDemoSeed(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	srv := sandboxtest.Start(t, sandbox.Options{Now: func() time.Time { return now }})
	admin := demoCreds(srv)

	var account struct {
		FriendlyName string `json:"friendly_name"`
		Status, Type string
		AuthToken    string `json:"auth_token"`
		Owner        string `json:"owner_account_sid"`
	}
	decode(t, do(t, srv, http.MethodGet, "/2010-04-01/Accounts/"+srv.AccountSID()+".json", admin, nil), &account)
	if account.FriendlyName != "Sandbox Account" || account.Status != "active" || account.Type != "Full" ||
		account.AuthToken != srv.AuthToken() || !authTokenPattern.MatchString(account.AuthToken) || account.Owner != srv.AccountSID() {
		t.Errorf("demo account = %+v", account)
	}

	keys := listKeys(t, srv, admin, srv.AccountSID())
	var names []string
	months := map[string]bool{}
	for _, k := range keys {
		names = append(names, k.FriendlyName)
		created, err := time.Parse(time.RFC1123Z, k.DateCreated)
		if err != nil || !created.Before(now) {
			t.Errorf("key %s created %q", k.FriendlyName, k.DateCreated)
		}
		months[created.Format("2006-01")] = true
	}
	want := []string{"dev-laptop-alice", "analytics-export", "ci-deploy-bot", "staging-sms-notifier", "prod-sms-gateway", "prod-billing-worker", "Main key"}
	if len(names) != len(want) {
		t.Fatalf("demo keys %q, want %q", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Errorf("demo keys %q, want %q (newest first)", names, want)
			break
		}
	}
	if len(months) < 6 {
		t.Errorf("demo keys were created in %d different months, want them spread out", len(months))
	}

	sub := subaccountOf(t, srv)
	if sub.pass == srv.AuthToken() || !authTokenPattern.MatchString(sub.pass) {
		t.Errorf("subaccount token %q", sub.pass)
	}
	if n := len(listKeys(t, srv, sub, sub.user)); n != 2 {
		t.Errorf("subaccount has %d keys, want 2", n)
	}
}

func TestSeedKeys(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	srv := sandboxtest.Start(t, sandbox.Options{SeedKeys: 250, Now: func() time.Time { return now }})
	keys := listKeys(t, srv, demoCreds(srv), srv.AccountSID())
	if len(keys) != 7+250 {
		t.Fatalf("%d keys, want 257", len(keys))
	}
	generated := regexp.MustCompile(`^[a-z-]+-\d{5}$`)
	n := 0
	for _, k := range keys {
		if generated.MatchString(k.FriendlyName) {
			n++
			created, _ := time.Parse(time.RFC1123Z, k.DateCreated)
			if created.After(now) || created.Before(now.AddDate(-1, 0, -1)) {
				t.Errorf("%s created %s, want within the past year", k.FriendlyName, k.DateCreated)
			}
		}
	}
	if n != 250 {
		t.Errorf("%d generated names like prod-billing-worker-00042, want 250", n)
	}
}
