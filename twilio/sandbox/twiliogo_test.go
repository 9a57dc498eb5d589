package sandbox_test

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
	"github.com/twilio/twilio-go/client"
	api "github.com/twilio/twilio-go/rest/api/v2010"
	iam "github.com/twilio/twilio-go/rest/iam/v1"
)

// These tests use Twilio's own Go SDK as the judge: if twilio-go can drive
// the sandbox, the wire format is Twilio's.

var (
	keySIDPattern     = regexp.MustCompile(`^SK[0-9a-f]{32}$`)
	accountSIDPattern = regexp.MustCompile(`^AC[0-9a-f]{32}$`)
	secretPattern     = regexp.MustCompile(`^[A-Za-z0-9]{32}$`)
	authTokenPattern  = regexp.MustCompile(`^[0-9a-f]{32}$`)
)

func str(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// restError asserts that err is a Twilio error with the given status and code.
func restError(t *testing.T, what string, err error, status, code int) {
	t.Helper()
	var re *client.TwilioRestError
	if !errors.As(err, &re) {
		t.Errorf("%s: got %v (%T), want a *client.TwilioRestError %d/%d", what, err, err, status, code)
		return
	}
	if re.Status != status || re.Code != code {
		t.Errorf("%s: got %d/%d %q, want %d/%d", what, re.Status, re.Code, re.Message, status, code)
	}
}

func TestTwilioGoKeys(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	log := &requestLog{}
	rc := twilioClientLogged(t, srv, demoCreds(srv), srv.AccountSID(), log)

	created, err := rc.Api.CreateNewKey(&api.CreateNewKeyParams{FriendlyName: ptr("judge key")})
	if err != nil {
		t.Fatalf("CreateNewKey: %v", err)
	}
	sid := str(created.Sid)
	if !keySIDPattern.MatchString(sid) || !secretPattern.MatchString(str(created.Secret)) || str(created.FriendlyName) != "judge key" {
		t.Errorf("CreateNewKey = sid %q secret %q name %q", sid, str(created.Secret), str(created.FriendlyName))
	}
	if created.DateCreated == nil || created.DateUpdated == nil {
		t.Error("CreateNewKey: dates missing")
	}

	fetched, err := rc.Api.FetchKey(sid, nil)
	if err != nil || str(fetched.Sid) != sid || str(fetched.FriendlyName) != "judge key" {
		t.Errorf("FetchKey = %+v, %v", fetched, err)
	}

	updated, err := rc.Api.UpdateKey(sid, &api.UpdateKeyParams{FriendlyName: ptr("judge key renamed")})
	if err != nil || str(updated.FriendlyName) != "judge key renamed" {
		t.Errorf("UpdateKey = %+v, %v", updated, err)
	}

	// 7 seeded keys and the new one, 3 a page: 3 pages.
	keys, err := rc.Api.ListKey(&api.ListKeyParams{PageSize: ptr(3)})
	if err != nil {
		t.Fatalf("ListKey: %v", err)
	}
	if pages := log.count("api.twilio.com" + keysPath(srv.AccountSID())); pages < 3 {
		t.Errorf("ListKey made %d requests, want at least 3 pages", pages)
	}
	listed := map[string]string{}
	for _, k := range keys {
		if _, dup := listed[str(k.Sid)]; dup {
			t.Errorf("ListKey listed %s twice", str(k.Sid))
		}
		listed[str(k.Sid)] = str(k.FriendlyName)
	}
	if len(listed) != 8 || listed[sid] != "judge key renamed" {
		t.Errorf("ListKey = %d keys %v, want 8 including %s", len(listed), listed, sid)
	}

	signing, err := rc.Api.ListSigningKey(&api.ListSigningKeyParams{PageSize: ptr(5)})
	if err != nil {
		t.Fatalf("ListSigningKey: %v", err)
	}
	signingSIDs := map[string]string{}
	for _, k := range signing {
		signingSIDs[str(k.Sid)] = str(k.FriendlyName)
	}
	if !reflect.DeepEqual(signingSIDs, listed) {
		t.Errorf("ListSigningKey = %v, want the same keys as ListKey %v", signingSIDs, listed)
	}

	if err := rc.Api.DeleteKey(sid, nil); err != nil {
		t.Fatalf("DeleteKey: %v", err)
	}
	_, err = rc.Api.FetchKey(sid, nil)
	restError(t, "FetchKey after DeleteKey", err, 404, 20404)
}

func TestTwilioGoAccounts(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	log := &requestLog{}
	rc := twilioClientLogged(t, srv, demoCreds(srv), srv.AccountSID(), log)

	main, err := rc.Api.FetchAccount(srv.AccountSID())
	if err != nil {
		t.Fatalf("FetchAccount: %v", err)
	}
	if str(main.FriendlyName) != "Sandbox Account" || str(main.Status) != "active" || str(main.Type) != "Full" ||
		str(main.AuthToken) != srv.AuthToken() || str(main.OwnerAccountSid) != srv.AccountSID() {
		t.Errorf("FetchAccount = %+v", main)
	}

	sub, err := rc.Api.CreateAccount(&api.CreateAccountParams{FriendlyName: ptr("judge subaccount")})
	if err != nil {
		t.Fatalf("CreateAccount: %v", err)
	}
	if !accountSIDPattern.MatchString(str(sub.Sid)) || !authTokenPattern.MatchString(str(sub.AuthToken)) ||
		str(sub.OwnerAccountSid) != srv.AccountSID() || str(sub.Status) != "active" {
		t.Errorf("CreateAccount = %+v", sub)
	}

	all, err := rc.Api.ListAccount(&api.ListAccountParams{PageSize: ptr(1)})
	if err != nil {
		t.Fatalf("ListAccount: %v", err)
	}
	var names []string
	for _, a := range all {
		names = append(names, str(a.FriendlyName))
	}
	if want := []string{"Sandbox Account", "Sandbox Subaccount", "judge subaccount"}; !reflect.DeepEqual(names, want) {
		t.Errorf("ListAccount = %q, want %q (oldest first)", names, want)
	}
	if pages := log.count("api.twilio.com/2010-04-01/Accounts.json"); pages < 3 {
		t.Errorf("ListAccount made %d requests, want 3 pages", pages)
	}

	updated, err := rc.Api.UpdateAccount(str(sub.Sid), &api.UpdateAccountParams{FriendlyName: ptr("judge renamed"), Status: ptr("suspended")})
	if err != nil || str(updated.FriendlyName) != "judge renamed" || str(updated.Status) != "suspended" {
		t.Errorf("UpdateAccount = %+v, %v", updated, err)
	}

	for _, tc := range []struct {
		params *api.ListAccountParams
		want   []string
	}{
		{&api.ListAccountParams{Status: ptr("suspended")}, []string{"judge renamed"}},
		{&api.ListAccountParams{FriendlyName: ptr("Sandbox Subaccount")}, []string{"Sandbox Subaccount"}},
		{&api.ListAccountParams{FriendlyName: ptr("Sandbox Account"), Status: ptr("suspended")}, nil},
	} {
		got, err := rc.Api.ListAccount(tc.params)
		var names []string
		for _, a := range got {
			names = append(names, str(a.FriendlyName))
		}
		if err != nil || !reflect.DeepEqual(names, tc.want) {
			t.Errorf("ListAccount(FriendlyName %s, Status %s) = %q, %v; want %q", str(tc.params.FriendlyName), str(tc.params.Status), names, err, tc.want)
		}
	}

	// A subaccount lists only itself, and cannot have subaccounts.
	subCreds := subaccountOf(t, srv)
	subClient := twilioClient(t, srv, subCreds, subCreds.user)
	own, err := subClient.Api.ListAccount(nil)
	if err != nil || len(own) != 1 || str(own[0].Sid) != subCreds.user {
		t.Errorf("ListAccount as a subaccount = %+v, %v; want only itself", own, err)
	}
	_, err = subClient.Api.CreateAccount(&api.CreateAccountParams{FriendlyName: ptr("grandchild")})
	restError(t, "CreateAccount as a subaccount", err, 400, 21101)
}

func TestTwilioGoIAMKeys(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	log := &requestLog{}
	rc := twilioClientLogged(t, srv, demoCreds(srv), srv.AccountSID(), log)
	var policy any = map[string]any{"allow": []any{"/twilio/messaging/messages/read", "/twilio/messaging/messages/list"}}

	created, err := rc.IamV1.CreateNewKey(&iam.CreateNewKeyParams{
		AccountSid: ptr(srv.AccountSID()), FriendlyName: ptr("restricted judge"), KeyType: ptr("restricted"), Policy: &policy,
	})
	if err != nil {
		t.Fatalf("IAM CreateNewKey: %v", err)
	}
	sid := str(created.Sid)
	if !keySIDPattern.MatchString(sid) || !secretPattern.MatchString(str(created.Secret)) || created.Policy == nil || !reflect.DeepEqual(*created.Policy, policy) {
		t.Errorf("IAM CreateNewKey = %+v", created)
	}

	keys, err := rc.IamV1.ListGetKeys(&iam.ListGetKeysParams{AccountSid: ptr(srv.AccountSID()), PageSize: ptr(3)})
	if err != nil {
		t.Fatalf("ListGetKeys: %v", err)
	}
	if pages := log.count("iam.twilio.com/v1/Keys"); pages < 3 {
		t.Errorf("ListGetKeys made %d requests, want at least 3 pages", pages)
	}
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[str(k.Sid)] {
			t.Errorf("ListGetKeys listed %s twice", str(k.Sid))
		}
		seen[str(k.Sid)] = true
		if !reflect.DeepEqual(k.Flags, []string{"rest_api", "signing"}) {
			t.Errorf("ListGetKeys flags of %s = %q", str(k.Sid), k.Flags)
		}
	}
	if len(seen) != 8 || !seen[sid] {
		t.Errorf("ListGetKeys listed %d keys, want 8 including %s", len(seen), sid)
	}

	fetched, err := rc.IamV1.FetchKey(sid)
	if err != nil || str(fetched.FriendlyName) != "restricted judge" || fetched.Policy == nil || !reflect.DeepEqual(*fetched.Policy, policy) {
		t.Errorf("IAM FetchKey = %+v, %v", fetched, err)
	}

	updated, err := rc.IamV1.UpdateKey(sid, &iam.UpdateKeyParams{FriendlyName: ptr("restricted renamed")})
	if err != nil || str(updated.FriendlyName) != "restricted renamed" {
		t.Errorf("IAM UpdateKey = %+v, %v", updated, err)
	}

	if err := rc.IamV1.DeleteKey(sid); err != nil {
		t.Fatalf("IAM DeleteKey: %v", err)
	}
	_, err = rc.IamV1.FetchKey(sid)
	restError(t, "IAM FetchKey after DeleteKey", err, 404, 20404)
}

// TestTwilioGoErrors checks that every refusal reaches twilio-go as a
// *client.TwilioRestError with Twilio's status and code.
func TestTwilioGoErrors(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	acct := srv.AccountSID()
	admin := twilioClient(t, srv, demoCreds(srv), acct)
	standard := twilioClient(t, srv, newKey(t, srv, demoCreds(srv), acct, "standard"), acct)
	restricted := twilioClient(t, srv, newKey(t, srv, demoCreds(srv), acct, "restricted"), acct)
	wrongPassword := twilioClient(t, srv, creds{acct, strings.Repeat("0", 32)}, acct)
	sub := subaccountOf(t, srv)
	subClient := twilioClient(t, srv, sub, sub.user)
	missing := "SK" + strings.Repeat("0", 32)
	var badPolicy any = map[string]any{"allow": []any{"/twilio/fakepermission/doesnotexist"}}
	var emptyPolicy any = map[string]any{"allow": []any{}}

	for _, tc := range []struct {
		name         string
		call         func() error
		status, code int
	}{
		{"fetch a missing key", func() error { _, err := admin.Api.FetchKey(missing, nil); return err }, 404, 20404},
		{"delete a missing key", func() error { return admin.Api.DeleteKey(missing, nil) }, 404, 20404},
		{"fetch with a malformed SID", func() error { _, err := admin.Api.FetchKey("SKnothex", nil); return err }, 400, 70002},
		{"fetch with an account SID for a key", func() error { _, err := admin.Api.FetchKey(acct, nil); return err }, 400, 70002},
		{"create with a 65-character name", func() error {
			_, err := admin.Api.CreateNewKey(&api.CreateNewKeyParams{FriendlyName: ptr(strings.Repeat("x", 65))})
			return err
		}, 400, 70001},
		{"rename to a 65-character name", func() error {
			_, err := admin.Api.UpdateAccount(sub.user, &api.UpdateAccountParams{FriendlyName: ptr(strings.Repeat("é", 65))})
			return err
		}, 400, 70001},
		{"standard key lists keys", func() error { _, err := standard.Api.ListKey(nil); return err }, 401, 20003},
		{"standard key creates a key", func() error { _, err := standard.Api.CreateNewKey(nil); return err }, 401, 20003},
		{"standard key lists signing keys", func() error { _, err := standard.Api.ListSigningKey(nil); return err }, 401, 20003},
		{"standard key fetches the account", func() error { _, err := standard.Api.FetchAccount(acct); return err }, 401, 20003},
		{"restricted key lists IAM keys", func() error {
			_, err := restricted.IamV1.ListGetKeys(&iam.ListGetKeysParams{AccountSid: ptr(acct)})
			return err
		}, 401, 20003},
		{"wrong password", func() error { _, err := wrongPassword.Api.FetchAccount(acct); return err }, 401, 20003},
		{"subaccount on its parent", func() error { _, err := subClient.Api.FetchAccount(acct); return err }, 401, 20003},
		{"subaccount creates a subaccount", func() error { _, err := subClient.Api.CreateAccount(nil); return err }, 400, 21101},
		{"invalid account status", func() error {
			_, err := admin.Api.UpdateAccount(sub.user, &api.UpdateAccountParams{Status: ptr("bogus")})
			return err
		}, 400, 21475},
		{"IAM list without AccountSid", func() error { _, err := admin.IamV1.ListGetKeys(nil); return err }, 400, 20001},
		{"IAM restricted key without policy", func() error {
			_, err := admin.IamV1.CreateNewKey(&iam.CreateNewKeyParams{AccountSid: ptr(acct), KeyType: ptr("restricted")})
			return err
		}, 400, 20001},
		{"IAM invalid permission", func() error {
			_, err := admin.IamV1.CreateNewKey(&iam.CreateNewKeyParams{AccountSid: ptr(acct), KeyType: ptr("restricted"), Policy: &badPolicy})
			return err
		}, 400, 70002},
		{"IAM empty policy", func() error {
			_, err := admin.IamV1.CreateNewKey(&iam.CreateNewKeyParams{AccountSid: ptr(acct), KeyType: ptr("restricted"), Policy: &emptyPolicy})
			return err
		}, 400, 70002},
		{"IAM fetch a missing key", func() error { _, err := admin.IamV1.FetchKey(missing); return err }, 404, 20404},
		{"IAM key of another account", func() error {
			k := newKey(t, srv, demoCreds(srv), acct, "standard")
			_, err := subClient.IamV1.FetchKey(k.user)
			return err
		}, 404, 20404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			restError(t, tc.name, tc.call(), tc.status, tc.code)
		})
	}
}

func ptr[T any](v T) *T { return &v }
