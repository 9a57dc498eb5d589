package sandbox_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// TestNoNewKeysInASuspendedAccount: a parent, with its Auth Token or a Main
// key, cannot create keys of any type in a suspended subaccount; it can
// still list, rename and delete the keys there, and create again once the
// subaccount is reactivated.
func TestNoNewKeysInASuspendedAccount(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	parent := demoCreds(srv)
	parentMain := newKey(t, srv, parent, parent.user, "main")
	sub := subaccountOf(t, srv)
	existing := newKey(t, srv, parent, sub.user, "standard")
	if r := do(t, srv, http.MethodPost, "/2010-04-01/Accounts/"+sub.user+".json", parent, url.Values{"Status": {"suspended"}}); r.status != http.StatusOK {
		t.Fatalf("suspend: %d %s", r.status, r.body)
	}
	for _, who := range []struct {
		name string
		c    creds
	}{{"parent's Auth Token", parent}, {"parent's Main key", parentMain}} {
		for _, kind := range []string{"standard", "main", "restricted"} {
			vals := url.Values{"AccountSid": {sub.user}, "FriendlyName": {"in suspended"}, "KeyType": {kind}}
			if kind == "restricted" {
				vals.Set("Policy", testPolicy)
			}
			r := do(t, srv, http.MethodPost, "/v1/Keys", who.c, vals)
			if r.status != http.StatusForbidden || r.errorCode(t) != 20403 {
				t.Errorf("%s creating a %s key in a suspended subaccount: %d %s, want 403/20403", who.name, kind, r.status, r.body)
			}
		}
		r := do(t, srv, http.MethodPost, keysPath(sub.user), who.c, url.Values{"FriendlyName": {"in suspended"}})
		if r.status != http.StatusForbidden || r.errorCode(t) != 20403 {
			t.Errorf("%s creating a key in a suspended subaccount (v2010): %d %s, want 403/20403", who.name, r.status, r.body)
		}
		if r := do(t, srv, http.MethodGet, keysPath(sub.user), who.c, nil); r.status != http.StatusOK {
			t.Errorf("%s listing a suspended subaccount's keys: %d %s", who.name, r.status, r.body)
		}
	}
	if r := do(t, srv, http.MethodPost, keyPath(sub.user, existing.user), parent, url.Values{"FriendlyName": {"renamed"}}); r.status != http.StatusOK {
		t.Errorf("renaming a key of a suspended subaccount: %d %s", r.status, r.body)
	}
	if r := do(t, srv, http.MethodDelete, keyPath(sub.user, existing.user), parent, nil); r.status != http.StatusNoContent {
		t.Errorf("deleting a key of a suspended subaccount: %d %s", r.status, r.body)
	}
	if r := do(t, srv, http.MethodPost, "/2010-04-01/Accounts/"+sub.user+".json", parent, url.Values{"Status": {"active"}}); r.status != http.StatusOK {
		t.Fatalf("reactivate: %d %s", r.status, r.body)
	}
	newKey(t, srv, parent, sub.user, "main")
}

// TestSubaccountCannotChangeItsOwnStatus: a subaccount's own Auth Token or
// Main key cannot suspend or close it (only the parent's credentials can,
// as Twilio's subaccount guide says), but can still rename it.
func TestSubaccountCannotChangeItsOwnStatus(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	parent := demoCreds(srv)
	sub := subaccountOf(t, srv)
	subMain := newKey(t, srv, parent, sub.user, "main")
	path := "/2010-04-01/Accounts/" + sub.user + ".json"
	for _, who := range []struct {
		name string
		c    creds
	}{{"its Auth Token", sub}, {"its Main key", subMain}} {
		for _, status := range []string{"closed", "suspended"} {
			r := do(t, srv, http.MethodPost, path, who.c, url.Values{"Status": {status}})
			if r.status != http.StatusForbidden || r.errorCode(t) != 20403 {
				t.Errorf("a subaccount setting itself %s with %s: %d %s, want 403/20403", status, who.name, r.status, r.body)
			}
		}
		if r := do(t, srv, http.MethodPost, path, who.c, url.Values{"FriendlyName": {"renamed by " + who.name}}); r.status != http.StatusOK {
			t.Errorf("a subaccount renaming itself with %s: %d %s", who.name, r.status, r.body)
		}
	}
	if got := do(t, srv, http.MethodGet, path, parent, nil).object(t)["status"]; got != "active" {
		t.Fatalf("after the refusals the subaccount is %v", got)
	}
	if r := do(t, srv, http.MethodPost, path, parent, url.Values{"Status": {"closed"}}); r.status != http.StatusOK {
		t.Errorf("the parent closing its subaccount: %d %s", r.status, r.body)
	}
}
