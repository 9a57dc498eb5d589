package twilio_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// inventoryProbe sits in front of the sandbox: it counts the key listings
// in flight and the most seen at once, records which accounts' keys were
// asked for, and makes one account's key listing fail for good.
type inventoryProbe struct {
	mu       sync.Mutex
	failing  string // account SID whose Keys.json answers 500
	inFlight int
	most     int
	asked    map[string]int
	// gather, when not zero, holds the first key listings until this many
	// are in flight together, which only a client that lists that many
	// accounts at once brings about. Then it holds them a little longer,
	// for one more to arrive from a client that lists more at once; the
	// window only decides how soon such a client is caught, never whether
	// a correct one passes.
	gather   int
	gathered bool
	release  chan struct{}
}

// hold is the gathering described on inventoryProbe. It is called with mu
// held and returns with mu held.
func (p *inventoryProbe) hold() {
	if p.gather == 0 || p.release == nil {
		return
	}
	release := p.release
	stop := func() {
		if p.release != nil {
			close(p.release)
			p.release = nil
		}
	}
	switch {
	case p.inFlight > p.gather:
		stop()
		return
	case p.inFlight == p.gather:
		p.gathered = true
		p.mu.Unlock()
		select {
		case <-release:
		case <-time.After(300 * time.Millisecond):
		}
		p.mu.Lock()
		stop()
		return
	}
	p.mu.Unlock()
	select {
	case <-release:
	case <-time.After(5 * time.Second): // a failure detector: the client never gathered
	}
	p.mu.Lock()
	stop()
}

func (p *inventoryProbe) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		account, ok := keysListing(r.URL.Path)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		p.mu.Lock()
		p.inFlight++
		p.most = max(p.most, p.inFlight)
		if p.asked == nil {
			p.asked = map[string]int{}
		}
		p.asked[account]++
		failing := account == p.failing
		p.hold()
		p.mu.Unlock()
		defer func() {
			p.mu.Lock()
			p.inFlight--
			p.mu.Unlock()
		}()
		if failing {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, `{"code": 20500, "message": "Internal Server Error", "more_info": "https://www.twilio.com/docs/errors/20500", "status": 500}`)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// keysListing reports whether path lists an account's keys, and which.
func keysListing(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, "/2010-04-01/Accounts/")
	if !ok {
		return "", false
	}
	account, ok := strings.CutSuffix(rest, "/Keys.json")
	return account, ok && !strings.Contains(account, "/")
}

// newSubaccount creates a subaccount of the demo account with n keys.
func newSubaccount(t testing.TB, srv *sandbox.Server, c *twilio.Client, name string, n int) string {
	t.Helper()
	sid := sandboxtest.PostAsDemo(t, srv, "/2010-04-01/Accounts.json", url.Values{"FriendlyName": {name}})["sid"].(string)
	sc, err := c.ForAccount(sid)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := sc.CreateKey(context.Background(), fmt.Sprintf("%s-key-%d", name, i), twilio.KeyTypeStandard); err != nil {
			t.Fatal(err)
		}
	}
	return sid
}

// inventoryFixture is a sandbox whose demo account has, besides its seeded
// subaccount, four more with keys, one whose key listing fails and one
// that is closed.
type inventoryFixture struct {
	srv              *sandbox.Server
	client           *twilio.Client
	probe            *inventoryProbe
	failing, closed  string
	want             map[string][]string // account SID → its keys' SIDs, as ListKeys gives them
	accountsInListed []string            // as Twilio lists them
}

func newInventoryFixture(t *testing.T, faults *sandbox.Faults) *inventoryFixture {
	t.Helper()
	f := &inventoryFixture{probe: &inventoryProbe{}, want: map[string][]string{}}
	wrap := f.probe.wrap
	if faults != nil {
		wrap = func(h http.Handler) http.Handler { return f.probe.wrap(faults.Wrap(h)) }
	}
	f.srv = sandboxtest.Start(t, sandbox.Options{Wrap: wrap})
	f.client = sandboxClient(t, f.srv, quickRetries)
	for i := range 4 {
		newSubaccount(t, f.srv, f.client, fmt.Sprintf("team-%d", i), 3+i)
	}
	f.failing = newSubaccount(t, f.srv, f.client, "failing", 2)
	f.closed = newSubaccount(t, f.srv, f.client, "closed", 2)
	sandboxtest.PostAsDemo(t, f.srv, "/2010-04-01/Accounts/"+f.closed+".json", url.Values{"Status": {"closed"}})
	f.probe.mu.Lock()
	f.probe.failing = f.failing
	f.probe.mu.Unlock()

	subs, err := f.client.ListSubaccounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f.accountsInListed = []string{f.client.AccountSID()}
	for _, a := range subs {
		f.accountsInListed = append(f.accountsInListed, a.SID)
	}
	for _, sid := range f.accountsInListed {
		if sid == f.failing || sid == f.closed {
			continue
		}
		ac, _ := f.client.ForAccount(sid)
		for _, k := range everyKey(t, ac) {
			f.want[sid] = append(f.want[sid], k.SID)
		}
	}
	f.probe.mu.Lock()
	f.probe.asked, f.probe.most = nil, 0
	f.probe.mu.Unlock()
	return f
}

// inventoryResult is what an Inventory run delivered, by account.
type inventoryResult struct {
	keys    map[string][]string
	done    map[string]twilio.InventoryPage
	order   []string // accounts in the order their first page came
	runs    int      // times delivery switched from one account to another
	pages   int
	lateFor []string // accounts that got a page after their Done page
}

func runInventory(t *testing.T, c *twilio.Client, opts twilio.InventoryOptions) inventoryResult {
	t.Helper()
	r := inventoryResult{keys: map[string][]string{}, done: map[string]twilio.InventoryPage{}}
	last := ""
	err := c.Inventory(context.Background(), opts, func(p twilio.InventoryPage) error {
		sid := p.Account.SID
		r.pages++
		if sid != last {
			r.runs++
			last = sid
		}
		if _, ok := r.done[sid]; ok {
			r.lateFor = append(r.lateFor, sid)
		}
		if _, ok := r.keys[sid]; !ok {
			r.order = append(r.order, sid)
			r.keys[sid] = []string{}
		}
		for _, k := range p.Keys {
			r.keys[sid] = append(r.keys[sid], k.SID)
		}
		if p.Done {
			r.done[sid] = p
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Inventory: %v", err)
	}
	return r
}

// check asserts what every Inventory run must deliver: each account once
// done, every key of the listable ones in Twilio's order, the closed one
// skipped without a request, the failing one with its error.
func (f *inventoryFixture) check(t *testing.T, r inventoryResult) {
	t.Helper()
	if len(r.lateFor) > 0 {
		t.Errorf("pages arrived after the Done page of %v", r.lateFor)
	}
	if len(r.done) != len(f.accountsInListed) {
		t.Errorf("%d accounts done, want %d", len(r.done), len(f.accountsInListed))
	}
	for sid, want := range f.want {
		if d := r.done[sid]; d.Err != nil || d.Skipped {
			t.Errorf("account %s ended with %+v", sid, d)
		}
		if got := r.keys[sid]; strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("account %s: listed %d keys, want the %d ListKeys gives in its order", sid, len(got), len(want))
		}
	}
	closed := r.done[f.closed]
	if !closed.Skipped || closed.Err != nil || len(r.keys[f.closed]) != 0 || closed.Account.Status != twilio.AccountStatusClosed {
		t.Errorf("closed account: %+v with %d keys, want skipped", closed, len(r.keys[f.closed]))
	}
	f.probe.mu.Lock()
	askedClosed := f.probe.asked[f.closed]
	f.probe.mu.Unlock()
	if askedClosed != 0 {
		t.Errorf("the closed account's keys were asked for %d times", askedClosed)
	}
	failed := r.done[f.failing]
	var te *twilio.Error
	if !errors.As(failed.Err, &te) || te.Status != 500 || failed.Skipped || len(r.keys[f.failing]) != 0 {
		t.Errorf("failing account ended with %+v, want its HTTP 500", failed)
	}
}

// TestInventoryEveryAccountFourAtATime lists the demo account and its six
// subaccounts. The probe holds the key listings until four are in flight
// at once, so a client listing one account at a time would fail here, and
// it records the most in flight, which must not pass four.
func TestInventoryEveryAccountFourAtATime(t *testing.T) {
	f := newInventoryFixture(t, nil)
	f.probe.mu.Lock()
	f.probe.gather, f.probe.release = 4, make(chan struct{})
	f.probe.mu.Unlock()

	r := runInventory(t, f.client, twilio.InventoryOptions{PageSize: 2})
	f.check(t, r)
	f.probe.mu.Lock()
	most, gathered := f.probe.most, f.probe.gathered
	f.probe.mu.Unlock()
	if !gathered || most != 4 {
		t.Errorf("at most %d key listings in flight at once (four gathered: %v), want exactly 4", most, gathered)
	}
	t.Logf("%d accounts, %d pages, at most %d listings at once", len(r.done), r.pages, most)
}

// TestInventoryOrdered delivers each account's pages together, accounts in
// the order Twilio lists them, though they are fetched concurrently.
func TestInventoryOrdered(t *testing.T) {
	f := newInventoryFixture(t, nil)
	r := runInventory(t, f.client, twilio.InventoryOptions{PageSize: 2, Ordered: true})
	f.check(t, r)
	if strings.Join(r.order, ",") != strings.Join(f.accountsInListed, ",") || r.runs != len(f.accountsInListed) {
		t.Errorf("accounts delivered in order %v in %d runs, want %v in one run each", r.order, r.runs, f.accountsInListed)
	}
}

// TestInventoryThrough429s lists every account while the sandbox answers a
// third of the requests with 429 and a Retry-After: the client's retries
// carry every account through.
func TestInventoryThrough429s(t *testing.T) {
	faults, enabled, counter := switchableFaults(0.33, 7)
	faults.Kinds = []sandbox.FaultKind{sandbox.Fault429}
	f := newInventoryFixture(t, &faults)
	enabled.Store(true)
	r := runInventory(t, f.client, twilio.InventoryOptions{PageSize: 2})
	enabled.Store(false)
	f.check(t, r)
	if kinds, total := counter.snapshot(); total == 0 || kinds[sandbox.Fault429] != total {
		t.Fatalf("faults injected: %v; want some, all 429", kinds)
	}
}

// TestInventoryStopsWhenOnPageFails returns onPage's error as it is, and
// calls onPage no more after it.
func TestInventoryStopsWhenOnPageFails(t *testing.T) {
	for _, ordered := range []bool{false, true} {
		t.Run(fmt.Sprintf("ordered=%v", ordered), func(t *testing.T) {
			f := newInventoryFixture(t, nil)
			stop := errors.New("enough")
			calls := 0
			err := f.client.Inventory(context.Background(), twilio.InventoryOptions{PageSize: 1, Ordered: ordered}, func(twilio.InventoryPage) error {
				calls++
				if calls == 3 {
					return stop
				}
				return nil
			})
			if err != stop || calls != 3 {
				t.Fatalf("Inventory = %v after %d calls, want the onPage error after 3", err, calls)
			}
		})
	}
}

// TestInventoryAccountListFails returns the account list's own error: there
// is nothing to list without it.
func TestInventoryAccountListFails(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	c, err := twilio.New(twilio.Credentials{AccountSID: srv.AccountSID(), AuthToken: strings.Repeat("0", 32)},
		twilio.Options{BaseURL: srv.URL(), Sandbox: true})
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	err = c.Inventory(context.Background(), twilio.InventoryOptions{}, func(twilio.InventoryPage) error { calls++; return nil })
	if !twilio.IsAuthError(err) || calls != 0 {
		t.Fatalf("Inventory with a wrong token = %v after %d pages, want an auth error and none", err, calls)
	}
}
