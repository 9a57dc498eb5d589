package ui

import (
	"context"
	"slices"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// PageSize is how many keys each list request after the first asks for:
// Twilio's maximum.
const PageSize = 1000

// FirstPageSize is how many keys the first list request asks for, from a
// Service that can ask for a first page of another size (pagedLister): a
// small page is read and sent sooner, and fills the first screen.
const FirstPageSize = 50

// pagedLister is a Service that lists with a first page of one size and the
// rest of another (*twilio.Client).
type pagedLister interface {
	ListKeysPaged(ctx context.Context, firstSize, restSize int, onPage func([]twilio.Key) error) error
}

// listPages lists svc's keys, with a small first page where svc can.
func listPages(ctx context.Context, svc Service, onPage func([]twilio.Key) error) error {
	if p, ok := svc.(pagedLister); ok {
		return p.ListKeysPaged(ctx, FirstPageSize, PageSize, onPage)
	}
	return svc.ListKeys(ctx, PageSize, onPage)
}

// requestTimeout bounds every single call except the streaming list, whose
// length grows with the account. Every Cmd's context derives from the
// program's (shared.ctx), so the end of the program stops them all.
const requestTimeout = 30 * time.Second

// statusTTL is how long a success message stays in the status line.
const statusTTL = 4 * time.Second

func fetchAccountCmd(ctx context.Context, svc Service) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		a, err := svc.FetchAccount(ctx)
		return accountMsg{account: a, err: err}
	}
}

// listKeysCmd starts Service.ListKeys in a goroutine that feeds pages into a
// channel, and returns the first page; every page message carries the Cmd that
// waits for the next one. Cancelling ctx (reload, quit) stops the goroutine.
func listKeysCmd(ctx context.Context, svc Service, gen int) tea.Cmd {
	return func() tea.Msg {
		pages := make(chan []keyEntry)
		done := make(chan error, 1)
		go func() {
			done <- listPages(ctx, svc, func(page []twilio.Key) error {
				entries := make([]keyEntry, len(page))
				for i, k := range page {
					entries[i] = newKeyEntry(k)
				}
				slices.SortFunc(entries, newestFirst)
				select {
				case pages <- entries:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
		}()
		return waitForPage(gen, pages, done)()
	}
}

func waitForPage(gen int, pages <-chan []keyEntry, done <-chan error) tea.Cmd {
	return func() tea.Msg {
		select {
		case page := <-pages:
			return keysPageMsg{gen: gen, page: page, next: waitForPage(gen, pages, done)}
		case err := <-done:
			return keysDoneMsg{gen: gen, err: err}
		}
	}
}

func createKeyCmd(ctx context.Context, svc Service, name string, t twilio.KeyType) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		nk, err := svc.CreateKey(ctx, name, t)
		if nk.Type == twilio.KeyTypeUnknown {
			nk.Type = t // Twilio does not report it; this session knows it
		}
		secret := nk.Secret
		return keyCreatedMsg{key: nk.Key, secret: &secret, err: err}
	}
}

func renameKeyCmd(ctx context.Context, svc Service, sid, name string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		k, err := svc.RenameKey(ctx, sid, name)
		return keyRenamedMsg{key: k, err: err}
	}
}

func deleteKeyCmd(ctx context.Context, svc Service, k twilio.Key) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		return keyDeletedMsg{key: k, err: svc.DeleteKey(ctx, k.SID)}
	}
}

func listSubaccountsCmd(ctx context.Context, svc Service) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		subs, err := svc.ListSubaccounts(ctx)
		return accountsMsg{subaccounts: subs, err: err}
	}
}

// checkKeyCmd asks Twilio whether it accepts sid and secret. The secret lives
// in this closure until the answer comes back, and goes nowhere else.
func checkKeyCmd(ctx context.Context, svc Service, sid, secret string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		msg := keyCheckedMsg{sid: sid, err: svc.CheckKey(ctx, sid, secret)}
		if msg.err == nil { // a key Twilio accepts: is it Main? (Twilio's API does not say)
			msg.main, msg.typeErr = svc.CanManageKeys(ctx, sid, secret)
		}
		return msg
	}
}

// checkReplacementCmd asks whether Twilio accepts a rotation's new key.
func checkReplacementCmd(ctx context.Context, svc Service, sid, secret string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		return replacementCheckedMsg{sid: sid, err: svc.CheckKey(ctx, sid, secret)}
	}
}

func expireStatusCmd(id int) tea.Cmd {
	return tea.Tick(statusTTL, func(time.Time) tea.Msg { return statusExpiredMsg{id: id} })
}
