package twilio

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"
)

// DefaultInventoryConcurrency is how many accounts Inventory lists at once
// unless told otherwise: enough to hide round trips, few enough that Twilio's
// per-account rate limits and the 429s they bring stay rare.
const DefaultInventoryConcurrency = 4

// AccountStatusClosed is the status of a closed account. Twilio keeps closed
// subaccounts in its list for 30 days; their keys are gone with them.
const AccountStatusClosed = "closed"

// InventoryOptions shape an Inventory run. The zero value lists 4 accounts
// at a time, 1000 keys a page, delivering pages as they arrive.
type InventoryOptions struct {
	// Concurrency is the number of accounts listed at once; 0 or less means
	// DefaultInventoryConcurrency.
	Concurrency int
	// PageSize is the number of keys asked for per page; 0 or less means
	// MaxPageSize.
	PageSize int
	// Ordered delivers one account's pages after another's, in the order
	// Twilio lists the accounts, instead of as they arrive: output that is
	// the same from run to run, for reports. Accounts are still fetched
	// concurrently; the ones ahead of their turn wait, each holding at most
	// a page, so memory stays bounded either way.
	Ordered bool
}

// InventoryPage is what Inventory reports about one account: a page of its
// keys, or, with Done, how its listing ended. Every account gets exactly one
// Done page, after its pages of keys.
type InventoryPage struct {
	Account Account
	// Keys are a page of the account's keys, in Twilio's order; none in a
	// Done page.
	Keys []Key
	// Done ends the account's listing: Skipped or Err say why it ended early.
	Done bool
	// Skipped says the account is closed, so its keys were not listed.
	Skipped bool
	// Err is why the account's keys could not all be listed. Pages delivered
	// before it stand.
	Err error
}

// Inventory lists every account the credentials manage (their own and its
// subaccounts, as Twilio's account list gives them) and every key of each,
// handing them to onPage a page at a time. Accounts are listed
// opts.Concurrency at a time; each request retries as the client's
// RetryPolicy allows, honouring a 429's Retry-After.
//
// A closed account is reported Skipped without a request; an account whose
// keys cannot be listed is reported with its Err, and the others go on. The
// error returned is the account list's own failure, the end of ctx, or an
// error from onPage, which stops the run and is returned unchanged.
//
// onPage is called from the goroutine that called Inventory, one page at a
// time, so it needs no locking. The Keys slice is the callee's to keep.
func (c *Client) Inventory(ctx context.Context, opts InventoryOptions, onPage func(InventoryPage) error) error {
	workers := opts.Concurrency
	if workers <= 0 {
		workers = DefaultInventoryConcurrency
	}
	pageSize := opts.PageSize
	if pageSize <= 0 {
		pageSize = MaxPageSize
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type job struct {
		account Account
		out     chan InventoryPage
	}
	var (
		jobs    = make(chan job)
		shared  = make(chan InventoryPage) // arrival order: every worker sends here
		order   = make(chan chan InventoryPage, workers)
		wg      sync.WaitGroup
		listErr error
	)
	// send hands a page on, or gives up when the run is over.
	send := func(out chan InventoryPage, p InventoryPage) bool {
		select {
		case out <- p:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				c.inventoryAccount(ctx, j.account, pageSize, func(p InventoryPage) bool { return send(j.out, p) })
				if opts.Ordered {
					close(j.out)
				}
			}
		})
	}
	wg.Go(func() {
		defer close(jobs)
		defer close(order)
		seen := map[string]bool{}
		first := c.api.String() + "/2010-04-01/Accounts.json?PageSize=" + strconv.Itoa(MaxPageSize)
		listErr = c.eachPage(ctx, opListSubaccounts, first, func(p *listPage) error {
			for _, aj := range p.Accounts {
				// A server that repeats an account must not get its keys
				// listed, and reported, twice.
				if seen[aj.SID] {
					continue
				}
				seen[aj.SID] = true
				j := job{account: aj.account(), out: shared}
				if opts.Ordered {
					j.out = make(chan InventoryPage, 1)
					select {
					case order <- j.out:
					case <-ctx.Done():
						return ctx.Err()
					}
				}
				select {
				case jobs <- j:
				case <-ctx.Done():
					if opts.Ordered {
						close(j.out) // queued, never to be listed
					}
					return ctx.Err()
				}
			}
			return nil
		})
	})
	go func() {
		wg.Wait()
		close(shared)
	}()

	var stop error
	deliver := func(p InventoryPage) {
		if stop == nil {
			if stop = onPage(p); stop != nil {
				cancel()
			}
		}
	}
	if opts.Ordered {
		for out := range order {
			for p := range out {
				deliver(p)
			}
		}
	}
	// In arrival order this delivers everything; in account order it only
	// waits for the goroutines to end.
	for p := range shared {
		deliver(p)
	}
	switch {
	case stop != nil:
		return stop
	case listErr != nil && !errors.Is(listErr, context.Canceled):
		return listErr
	}
	return ctx.Err()
}

// CloseIdleConnections closes the connections kept open for reuse. An
// Inventory opens several at once, and a server shutting down gracefully
// (the embedded sandbox, when a command ends) waits for a connection that
// was opened but never used, so a command calls this when it is done.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// inventoryAccount lists one account's keys for Inventory, handing each page
// to send and ending with a Done page. send returns false when the run is
// over, which stops the listing.
func (c *Client) inventoryAccount(ctx context.Context, a Account, pageSize int, send func(InventoryPage) bool) {
	if a.Status == AccountStatusClosed {
		send(InventoryPage{Account: a, Done: true, Skipped: true})
		return
	}
	// ForAccount checks the SID's shape before it goes into a URL.
	ac, err := c.ForAccount(a.SID)
	if err == nil {
		err = ac.ListKeys(ctx, pageSize, func(keys []Key) error {
			if !send(InventoryPage{Account: a, Keys: keys}) {
				return ctx.Err()
			}
			return nil
		})
	}
	send(InventoryPage{Account: a, Done: true, Err: err})
}

// Age is how long before now the key was created. It is never negative: a
// clock behind Twilio's makes a new key 0 old. A key without a creation
// date has age 0.
func (k Key) Age(now time.Time) time.Duration {
	if k.DateCreated.IsZero() {
		return 0
	}
	return max(now.Sub(k.DateCreated), 0)
}

// DueForRotation reports whether the key is at least maxAge old at now, so
// that a "rotate every 90 days" policy wants it replaced. maxAge 0 or less
// turns the check off. Twilio does not report when a key was last used, so
// age is all there is to go by. A key without a creation date is never due:
// nothing says it is old.
func (k Key) DueForRotation(now time.Time, maxAge time.Duration) bool {
	return maxAge > 0 && !k.DateCreated.IsZero() && now.Sub(k.DateCreated) >= maxAge
}
