package serve

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"sync"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// fakeService is an account in memory. Each create returns a fresh random
// secret, which the test can look for in places it must never be.
type fakeService struct {
	mu      sync.Mutex
	keys    []twilio.Key
	secrets []string // every secret it has handed out
	seq     int
}

const fakeAccount = "AC0123456789abcdef0123456789abcdef"

var fakeNow = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func newFakeService() *fakeService {
	f := &fakeService{}
	for _, name := range []string{"ci-deploy", "billing-worker", "dev-laptop"} {
		f.keys = append(f.keys, twilio.Key{SID: f.nextSID(), FriendlyName: name, DateCreated: fakeNow, DateUpdated: fakeNow})
	}
	return f
}

func (f *fakeService) nextSID() string {
	f.seq++
	return fmt.Sprintf("SK%032x", 0xabc000+f.seq)
}

func randomSecret() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 32)
	for i := range b {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		b[i] = alphabet[n.Int64()]
	}
	return string(b)
}

func (f *fakeService) FetchAccount(context.Context) (twilio.Account, error) {
	return twilio.Account{SID: fakeAccount, FriendlyName: "Acme", Status: "active", Type: "Full", OwnerAccountSID: fakeAccount}, nil
}

func (f *fakeService) ListKeys(_ context.Context, _ int, onPage func([]twilio.Key) error) error {
	f.mu.Lock()
	page := append([]twilio.Key(nil), f.keys...)
	f.mu.Unlock()
	return onPage(page)
}

func (f *fakeService) find(sid string) int {
	for i, k := range f.keys {
		if k.SID == sid {
			return i
		}
	}
	return -1
}

func (f *fakeService) FetchKey(_ context.Context, sid string) (twilio.Key, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if i := f.find(sid); i >= 0 {
		return f.keys[i], nil
	}
	return twilio.Key{}, fmt.Errorf("no key %s", sid)
}

func (f *fakeService) CreateKey(_ context.Context, name string, t twilio.KeyType) (twilio.NewKey, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := twilio.Key{SID: f.nextSID(), FriendlyName: name, DateCreated: fakeNow, DateUpdated: fakeNow, Type: t}
	f.keys = append([]twilio.Key{k}, f.keys...)
	secret := randomSecret()
	f.secrets = append(f.secrets, secret)
	return twilio.NewKey{Key: k, Secret: secret}, nil
}

func (f *fakeService) RenameKey(_ context.Context, sid, name string) (twilio.Key, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.find(sid)
	if i < 0 {
		return twilio.Key{}, fmt.Errorf("no key %s", sid)
	}
	f.keys[i].FriendlyName = name
	return f.keys[i], nil
}

func (f *fakeService) DeleteKey(_ context.Context, sid string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.find(sid)
	if i < 0 {
		return fmt.Errorf("no key %s", sid)
	}
	f.keys = append(f.keys[:i], f.keys[i+1:]...)
	return nil
}

func (f *fakeService) ListSubaccounts(context.Context) ([]twilio.Account, error) { return nil, nil }

func (f *fakeService) CheckKey(_ context.Context, sid, secret string) error {
	return nil
}

func (f *fakeService) CanManageKeys(context.Context, string, string) (bool, error) { return false, nil }

func (f *fakeService) IsSandbox() bool { return true }
func (f *fakeService) Region() string  { return "us1" }

func (f *fakeService) issued() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.secrets...)
}
