package sandbox_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// TestSeedSubaccounts: SeedSubaccounts adds that many subaccounts of the demo
// account, each with SeedSubaccountKeys keys of its own, listed in the
// order of their numbers.
func TestSeedSubaccounts(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{SeedSubaccounts: 3, SeedSubaccountKeys: 5})
	admin := demoCreds(srv)
	var page struct {
		Accounts []struct {
			SID          string `json:"sid"`
			FriendlyName string `json:"friendly_name"`
			Owner        string `json:"owner_account_sid"`
			Status       string
		}
	}
	decode(t, do(t, srv, http.MethodGet, "/2010-04-01/Accounts.json", admin, url.Values{"PageSize": {"1000"}}), &page)
	// Oldest first: the demo account, the three seeded ones, the demo subaccount.
	if len(page.Accounts) != 5 {
		t.Fatalf("%d accounts, want 5: %+v", len(page.Accounts), page.Accounts)
	}
	for i, a := range page.Accounts[1:4] {
		if a.Owner != srv.AccountSID() || a.Status != "active" || !strings.HasSuffix(a.FriendlyName, []string{"-001", "-002", "-003"}[i]) {
			t.Errorf("seeded subaccount %d: %+v", i, a)
		}
		keys := listKeys(t, srv, admin, a.SID)
		if len(keys) != 5 {
			t.Errorf("subaccount %s has %d keys, want 5", a.SID, len(keys))
		}
	}
}
