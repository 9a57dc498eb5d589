package sandbox_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// TestConcurrentWrites runs many clients at once, creating, renaming,
// deleting and listing keys and creating subaccounts, then checks that the
// store holds exactly what they left behind.
func TestConcurrentWrites(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	admin := demoCreds(srv)
	acct := srv.AccountSID()
	const workers, perWorker = 16, 6

	var wg sync.WaitGroup
	var mu sync.Mutex
	survivors := map[string]string{} // SID → the name it must end with
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				r := do(t, srv, http.MethodPost, keysPath(acct), admin, url.Values{"FriendlyName": {fmt.Sprintf("w%d-k%d", w, i)}})
				if r.status != http.StatusCreated {
					t.Errorf("create: %d %s", r.status, r.body)
					continue
				}
				var key struct{ Sid string }
				decode(t, r, &key)
				name := fmt.Sprintf("renamed-w%d-k%d", w, i)
				if r := do(t, srv, http.MethodPost, keyPath(acct, key.Sid), admin, url.Values{"FriendlyName": {name}}); r.status != http.StatusOK {
					t.Errorf("rename: %d %s", r.status, r.body)
				}
				if i%2 == 1 {
					if r := do(t, srv, http.MethodDelete, keyPath(acct, key.Sid), admin, nil); r.status != http.StatusNoContent {
						t.Errorf("delete: %d %s", r.status, r.body)
					}
					continue
				}
				mu.Lock()
				survivors[key.Sid] = name
				mu.Unlock()
			}
			if r := do(t, srv, http.MethodGet, keysPath(acct), admin, url.Values{"PageSize": {"20"}}); r.status != http.StatusOK {
				t.Errorf("list: %d %s", r.status, r.body)
			}
			if r := do(t, srv, http.MethodPost, "/2010-04-01/Accounts.json", admin, url.Values{"FriendlyName": {fmt.Sprintf("sub-%d", w)}}); r.status != http.StatusCreated {
				t.Errorf("create subaccount: %d %s", r.status, r.body)
			}
		})
	}
	wg.Wait()

	const seeded = 7
	listed := map[string]string{}
	var page struct {
		Keys []struct {
			Sid          string
			FriendlyName string `json:"friendly_name"`
		}
		NextPageURI *string `json:"next_page_uri"`
	}
	decode(t, do(t, srv, http.MethodGet, keysPath(acct), admin, url.Values{"PageSize": {"1000"}}), &page)
	for _, k := range page.Keys {
		listed[k.Sid] = k.FriendlyName
	}
	if want := seeded + workers*perWorker/2; len(listed) != want || page.NextPageURI != nil {
		t.Errorf("%d keys listed, want %d", len(listed), want)
	}
	for sid, name := range survivors {
		if listed[sid] != name {
			t.Errorf("key %s is named %q, want %q", sid, listed[sid], name)
		}
	}
	accounts := listAll(t, srv, admin, "/2010-04-01/Accounts.json", "accounts", 50)
	if want := 2 + workers; len(accounts) != want {
		t.Errorf("%d accounts listed, want %d", len(accounts), want)
	}
}

// decode unmarshals a response body into v.
func decode(t testing.TB, r response, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Errorf("decoding %q: %v", r.body, err)
	}
}
