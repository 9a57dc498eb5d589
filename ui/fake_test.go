package ui

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/clipboard"
)

// fakeSecret is the secret every fake create returns: 32 characters, like Twilio's.
const fakeSecret = "FAKEsecretFAKEsecretFAKEsecret32"

// fakeNow is the tests' clock.
var fakeNow = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// fakeService is one account's Service, in memory: deterministic SIDs and
// dates, errors to inject, and a record of every call that changes or checks
// something. Each account (the credentials' own and every subaccount) is its
// own fakeService, so a test can tell which account a call went to.
type fakeService struct {
	mu                              sync.Mutex
	account                         twilio.Account
	keys                            []twilio.Key // in the order ListKeys returns them
	secrets                         map[string]string
	sandbox                         bool
	nextSID                         int
	calls                           []string
	lists                           int
	fetchErr                        error
	gate                            chan struct{} // when set, pages after the first wait until it is closed
	listEnded                       chan error    // when set, hears how each ListKeys ended
	apiKey                          string        // the API key the fake signs in with, as APIKeySID says
	listErr                         error
	createErr, renameErr, deleteErr error
	mains                           map[string]bool // Main keys the list does not say are Main, as with Twilio

	// Only on the credentials' account: its subaccounts, and the fake for
	// each account ForAccount may return. Both are set before a test starts.
	subaccounts    []twilio.Account
	subaccountsErr error
	others         map[string]*fakeService
}

func newFake(keys []twilio.Key) *fakeService {
	f := &fakeService{
		account: twilio.Account{
			SID:             "AC0123456789abcdef0123456789abcdef",
			FriendlyName:    "Acme Production",
			Status:          "active",
			Type:            "Full",
			OwnerAccountSID: "AC0123456789abcdef0123456789abcdef",
		},
		keys:    keys,
		secrets: map[string]string{},
		sandbox: true,
		nextSID: 0xf000,
	}
	for _, k := range keys {
		f.secrets[k.SID] = "seeded" + k.SID[len(k.SID)-26:] // 32 characters, none of them fakeSecret's
	}
	return f
}

// Subaccounts of the fakes from newFamily, one for each status.
const (
	stagingSID   = "AC00000000000000000000000000005a61"
	suspendedSID = "AC00000000000000000000000000005b62"
	closedSID    = "AC00000000000000000000000000005c63"
)

// newFamily is newFake's account with three subaccounts: an active one with
// two keys of its own, a suspended one with one, and a closed one.
func newFamily(keys []twilio.Key) *fakeService {
	root := newFake(keys)
	root.others = map[string]*fakeService{}
	sub := func(sid, name, status string, keys []twilio.Key) {
		f := newFake(keys)
		f.account = twilio.Account{SID: sid, FriendlyName: name, Status: status, Type: "Full", OwnerAccountSID: root.account.SID}
		f.nextSID = 0xa000 + len(root.others)*0x100
		root.subaccounts = append(root.subaccounts, f.account)
		root.others[sid] = f
	}
	created := fakeNow.Add(-48 * time.Hour)
	subKey := func(n int, name string) twilio.Key {
		return twilio.Key{SID: fmt.Sprintf("SK%032x", 0x5000+n), FriendlyName: name, DateCreated: created, DateUpdated: created}
	}
	sub(stagingSID, "Acme Staging", "active", []twilio.Key{subKey(1, "staging deploy"), subKey(2, "staging webhooks")})
	sub(suspendedSID, "Acme Legacy", "suspended", []twilio.Key{subKey(3, "legacy export")})
	sub(closedSID, "Acme 2019 Pilot", "closed", nil)
	return root
}

// forAccount is Config.ForAccount for the fakes newFamily made.
func (f *fakeService) forAccount(sid string) (Service, error) {
	if other, ok := f.others[sid]; ok {
		return other, nil
	}
	return nil, &twilio.Error{Op: "fetch account", Status: 404, Code: 20404, Message: "not found"}
}

// sampleKeys are a handful of keys with the variety a real account has.
func sampleKeys() []twilio.Key {
	k := func(n int, name string, daysAgo int) twilio.Key {
		created := fakeNow.Add(-time.Duration(daysAgo) * 24 * time.Hour)
		return twilio.Key{SID: fmt.Sprintf("SK%032x", n), FriendlyName: name, DateCreated: created, DateUpdated: created.Add(time.Hour)}
	}
	return []twilio.Key{
		k(1, "billing-service production", 3),
		k(2, "ci-deploy", 10),
		k(3, "Local dev (Ana)", 40),
		k(4, "Webhooks PROD", 90),
		k(5, "", 200),
		k(6, "reporting\x1b[2J evil", 400),
		k(7, "legacy monolith — do not delete, used by the nightly export job", 800),
	}
}

// manyKeys makes n keys, newest first, named key-000000 … with SIDs SK…0001 ….
func manyKeys(n int) []twilio.Key {
	keys := make([]twilio.Key, n)
	for i := range keys {
		created := fakeNow.Add(-time.Duration(i) * time.Minute)
		keys[i] = twilio.Key{SID: fmt.Sprintf("SK%032x", i+1), FriendlyName: fmt.Sprintf("key-%06d", i),
			DateCreated: created, DateUpdated: created}
	}
	return keys
}

func (f *fakeService) record(format string, args ...any) {
	f.calls = append(f.calls, fmt.Sprintf(format, args...))
}

func (f *fakeService) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *fakeService) FetchAccount(ctx context.Context) (twilio.Account, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.account, f.fetchErr
}

func (f *fakeService) ListKeys(ctx context.Context, pageSize int, onPage func([]twilio.Key) error) (err error) {
	if f.listEnded != nil {
		defer func() { f.listEnded <- err }()
	}
	f.mu.Lock()
	keys := slices.Clone(f.keys)
	err = f.listErr
	f.lists++
	f.mu.Unlock()
	if err != nil {
		return err
	}
	for start := 0; start < len(keys); start += pageSize {
		if start > 0 && f.gate != nil {
			select {
			case <-f.gate:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if err := onPage(keys[start:min(start+pageSize, len(keys))]); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeService) CreateKey(ctx context.Context, name string, t twilio.KeyType) (twilio.NewKey, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("create %q %s", name, t)
	if f.createErr != nil {
		return twilio.NewKey{}, f.createErr
	}
	f.nextSID++
	k := twilio.Key{SID: fmt.Sprintf("SK%032x", f.nextSID), FriendlyName: name, DateCreated: fakeNow, DateUpdated: fakeNow, Type: t}
	f.keys = append([]twilio.Key{k}, f.keys...)
	f.secrets[k.SID] = fakeSecret
	return twilio.NewKey{Key: k, Secret: fakeSecret}, nil
}

func (f *fakeService) RenameKey(ctx context.Context, sid, name string) (twilio.Key, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("rename %s %q", sid, name)
	if f.renameErr != nil {
		return twilio.Key{}, f.renameErr
	}
	i := slices.IndexFunc(f.keys, func(k twilio.Key) bool { return k.SID == sid })
	if i < 0 {
		return twilio.Key{}, &twilio.Error{Op: "rename key", Status: 404, Code: 20404, Message: "not found"}
	}
	f.keys[i].FriendlyName, f.keys[i].DateUpdated = name, fakeNow
	return f.keys[i], nil
}

func (f *fakeService) DeleteKey(ctx context.Context, sid string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("delete %s", sid)
	if f.deleteErr != nil {
		return f.deleteErr
	}
	i := slices.IndexFunc(f.keys, func(k twilio.Key) bool { return k.SID == sid })
	if i < 0 {
		return &twilio.Error{Op: "delete key", Status: 404, Code: 20404, Message: "not found"}
	}
	f.keys = slices.Delete(f.keys, i, i+1)
	delete(f.secrets, sid)
	return nil
}

func (f *fakeService) ListSubaccounts(ctx context.Context) ([]twilio.Account, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.subaccountsErr != nil {
		return nil, f.subaccountsErr
	}
	return slices.Clone(f.subaccounts), nil
}

// CheckKey accepts exactly the secret this account issued for the key, as
// Twilio does; the call is recorded with the secret, so tests can see what
// was sent.
func (f *fakeService) CheckKey(ctx context.Context, keySID, secret string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("check %s %s", keySID, secret)
	if want, ok := f.secrets[keySID]; !ok || want != secret {
		return &twilio.Error{Op: "check key", Status: 401, Code: 20003, Message: "Authenticate",
			MoreInfo: "https://www.twilio.com/docs/errors/20003"}
	}
	return nil
}

// CanManageKeys lets exactly the Main keys among this account's keys list
// keys, with the secret this account issued, as Twilio does.
func (f *fakeService) CanManageKeys(ctx context.Context, keySID, secret string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("can-manage %s %s", keySID, secret)
	i := slices.IndexFunc(f.keys, func(k twilio.Key) bool { return k.SID == keySID })
	return i >= 0 && f.secrets[keySID] == secret && (f.keys[i].Type == twilio.KeyTypeMain || f.mains[keySID]), nil
}

func (f *fakeService) APIKeySID() string { return f.apiKey }
func (f *fakeService) IsSandbox() bool   { return f.sandbox }
func (f *fakeService) Region() string    { return "us1" }

// fakeNative is a system clipboard in memory. The tests copy through the real
// clipboard package (clipboard.New in native mode) on top of it, so the status
// lines and clearing rules are the real ones.
type fakeNative struct {
	mu      sync.Mutex
	copies  []string // every non-empty write
	clears  int      // every empty write
	content string
}

func newClipboard() (*fakeNative, clipboard.Clipboard) {
	n := &fakeNative{}
	return n, clipboard.New(clipboard.ModeNative, clipboard.Env{Native: n})
}

func (n *fakeNative) ReadAll() (string, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.content, nil
}

func (n *fakeNative) WriteAll(text string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if text == "" {
		n.clears++
	} else {
		n.copies = append(n.copies, text)
	}
	n.content = text
	return nil
}

func (n *fakeNative) Copies() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.copies)
}

func (n *fakeNative) Clears() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.clears
}

// set puts text on the clipboard as another program would.
func (n *fakeNative) set(text string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.content = text
}
