package twilio_test

// The client against the sandbox over real HTTP, for every method. The two
// were written independently against Twilio's wire format, so each checks
// the other: a shared misreading of the format would have to be made twice.

import (
	"context"
	"errors"

	"strings"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

func startSandbox(t *testing.T, seedKeys int) (*sandbox.Server, *twilio.Client) {
	t.Helper()
	srv := sandboxtest.Start(t, sandbox.Options{SeedKeys: seedKeys})
	c, err := twilio.New(twilio.Credentials{AccountSID: srv.AccountSID(), AuthToken: srv.AuthToken()},
		twilio.Options{BaseURL: srv.URL(), Sandbox: true, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func listAll(t *testing.T, c *twilio.Client, pageSize int) (keys []twilio.Key, pages int) {
	t.Helper()
	err := c.ListKeys(context.Background(), pageSize, func(page []twilio.Key) error {
		keys = append(keys, page...)
		pages++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys, pages
}

func TestClientAgainstSandbox(t *testing.T) {
	ctx := context.Background()
	srv, c := startSandbox(t, 120)

	acct, err := c.FetchAccount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if acct.SID != srv.AccountSID() || acct.FriendlyName != "Sandbox Account" || acct.Status != "active" || acct.IsSubaccount() {
		t.Fatalf("FetchAccount = %+v", acct)
	}

	// Paging: 120 generated keys plus the demo ones, in pages of 50, each once, newest first.
	keys, pages := listAll(t, c, 50)
	if len(keys) < 120 || pages != (len(keys)+49)/50 {
		t.Fatalf("listed %d keys in %d pages", len(keys), pages)
	}
	seen := map[string]bool{}
	for i, k := range keys {
		if !twilio.ValidKeySID(k.SID) || seen[k.SID] || k.DateCreated.IsZero() {
			t.Fatalf("key %d: %+v (seen before: %v)", i, k, seen[k.SID])
		}
		seen[k.SID] = true
		if i > 0 && k.DateCreated.After(keys[i-1].DateCreated) {
			t.Fatalf("key %d is newer than key %d: the list is not newest first", i, i-1)
		}
	}

	// Create, fetch, rename, check, delete.
	nk, err := c.CreateKey(ctx, "client-vs-sandbox", twilio.KeyTypeStandard)
	if err != nil {
		t.Fatal(err)
	}
	if !twilio.ValidKeySID(nk.SID) || len(nk.Secret) != 32 || nk.FriendlyName != "client-vs-sandbox" || time.Since(nk.DateCreated) > time.Hour {
		t.Fatalf("CreateKey = %+v (secret length %d)", nk.Key, len(nk.Secret))
	}
	if err := c.CheckKey(ctx, nk.SID, nk.Secret); err != nil {
		t.Fatalf("CheckKey with the new secret: %v", err)
	}
	wrong := strings.Repeat("x", 32)
	if err := c.CheckKey(ctx, nk.SID, wrong); !twilio.IsAuthError(err) {
		t.Fatalf("CheckKey with a wrong secret = %v, want an auth error", err)
	}
	got, err := c.FetchKey(ctx, nk.SID)
	if err != nil || got.SID != nk.SID || got.FriendlyName != nk.FriendlyName {
		t.Fatalf("FetchKey = %+v, %v", got, err)
	}
	renamed, err := c.RenameKey(ctx, nk.SID, "client-vs-sandbox-renamed")
	if err != nil || renamed.FriendlyName != "client-vs-sandbox-renamed" {
		t.Fatalf("RenameKey = %+v, %v", renamed, err)
	}
	if err := c.DeleteKey(ctx, nk.SID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.FetchKey(ctx, nk.SID); !twilio.IsNotFound(err) {
		t.Fatalf("FetchKey after delete = %v, want not found", err)
	}
	if err := c.DeleteKey(ctx, nk.SID); !twilio.IsNotFound(err) {
		t.Fatalf("second DeleteKey = %v, want not found (only a retried delete treats 404 as done)", err)
	}

	// Main keys come from the sandbox's stand-in for the Console, and can manage keys.
	mk, err := c.CreateKey(ctx, "client-main", twilio.KeyTypeMain)
	if err != nil {
		t.Fatal(err)
	}
	asMain, err := twilio.New(twilio.Credentials{AccountSID: srv.AccountSID(), APIKey: mk.SID, APISecret: mk.Secret},
		twilio.Options{BaseURL: srv.URL(), Sandbox: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := asMain.FetchAccount(ctx); err != nil {
		t.Fatalf("a Main key cannot fetch its account: %v", err)
	}
	if _, pages := listAll(t, asMain, 1000); pages != 1 {
		t.Fatalf("a Main key listed %d pages of 1000, want 1", pages)
	}
}

func TestClientAgainstSandboxRefusals(t *testing.T) {
	ctx := context.Background()
	srv, c := startSandbox(t, 0)

	// A Standard key may not manage keys: 401/20003, with the hint that says why.
	std, err := c.CreateKey(ctx, "standard", twilio.KeyTypeStandard)
	if err != nil {
		t.Fatal(err)
	}
	asStd, err := twilio.New(twilio.Credentials{AccountSID: srv.AccountSID(), APIKey: std.SID, APISecret: std.Secret},
		twilio.Options{BaseURL: srv.URL(), Sandbox: true})
	if err != nil {
		t.Fatal(err)
	}
	err = asStd.ListKeys(ctx, 50, func([]twilio.Key) error { return nil })
	var te *twilio.Error
	if !errors.As(err, &te) || te.Status != 401 || te.Code != 20003 || !strings.Contains(err.Error(), "Standard") {
		t.Fatalf("a Standard key listing keys got %v, want 401/20003 explaining Standard keys", err)
	}
	if strings.Contains(err.Error(), std.Secret) {
		t.Fatal("the error message contains the secret")
	}
	// ... but it does authenticate where a Standard key may go.
	if err := c.CheckKey(ctx, std.SID, std.Secret); err != nil {
		t.Fatalf("CheckKey on a Standard key: %v", err)
	}

	// A wrong Auth Token.
	bad, err := twilio.New(twilio.Credentials{AccountSID: srv.AccountSID(), AuthToken: strings.Repeat("0", 32)},
		twilio.Options{BaseURL: srv.URL(), Sandbox: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bad.FetchAccount(ctx); !twilio.IsAuthError(err) {
		t.Fatalf("wrong token: %v, want an auth error", err)
	}

	// Twilio's limits are checked before sending; the sandbox would refuse them too.
	if _, err := c.CreateKey(ctx, strings.Repeat("n", 65), twilio.KeyTypeStandard); err == nil {
		t.Fatal("a 65-character name was accepted")
	}
	if _, err := c.FetchKey(ctx, "SK"+strings.Repeat("0", 32)); !twilio.IsNotFound(err) {
		t.Fatalf("fetching an unknown key: %v, want not found", err)
	}
}

func TestClientAgainstSandboxSubaccounts(t *testing.T) {
	ctx := context.Background()
	_, c := startSandbox(t, 0)

	subs, err := c.ListSubaccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) == 0 {
		t.Fatal("the seeded sandbox has no subaccount")
	}
	sub := subs[0]
	if !sub.IsSubaccount() || sub.OwnerAccountSID != c.AccountSID() {
		t.Fatalf("subaccount %+v is not owned by %s", sub, c.AccountSID())
	}

	// The parent's Auth Token manages the subaccount's keys, and a key made
	// there lands there, not in the parent.
	sc, err := c.ForAccount(sub.SID)
	if err != nil {
		t.Fatal(err)
	}
	nk, err := sc.CreateKey(ctx, "made-in-subaccount", twilio.KeyTypeStandard)
	if err != nil {
		t.Fatal(err)
	}
	inSub, _ := listAll(t, sc, 50)
	inParent, _ := listAll(t, c, 50)
	if !containsKey(inSub, nk.SID) || containsKey(inParent, nk.SID) {
		t.Fatalf("key %s: in subaccount %v, in parent %v; want only the subaccount", nk.SID, containsKey(inSub, nk.SID), containsKey(inParent, nk.SID))
	}
	if _, err := c.FetchKey(ctx, nk.SID); !twilio.IsNotFound(err) {
		t.Fatalf("fetching a subaccount's key through the parent's path: %v, want not found", err)
	}
}

func containsKey(keys []twilio.Key, sid string) bool {
	for _, k := range keys {
		if k.SID == sid {
			return true
		}
	}
	return false
}
