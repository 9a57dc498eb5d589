package ui

import (
	"context"
	"errors"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// listing is the root's bookkeeping for the streaming key listing.
type listing struct {
	gen       int                // which listing's pages to accept
	cancel    context.CancelFunc // stops the running listing
	reloading bool               // replace the keys when the next listing's first page arrives
	touched   map[string]bool    // SIDs created, renamed or deleted while the current listing runs
	announce  bool               // say "Reloaded N keys" when this listing ends: the user asked for it
	held      error              // the listing's error while the account is on its way (Model.awaiting)
}

// stopNow stops the running listing, if any, and releases its context.
func (l *listing) stopNow() {
	if l.cancel != nil {
		l.cancel()
		l.cancel = nil
	}
}

// startListing begins streaming every key; pages are shown as they arrive and
// the list stays usable meanwhile. A listing already running is stopped.
func (m *Model) startListing() tea.Cmd {
	m.listing.stopNow()
	ctx, cancel := context.WithCancel(m.ctx)
	m.listing.cancel = cancel
	m.listing.gen++
	m.listing.announce = false
	m.list.loading, m.list.failed = true, false
	clear(m.listing.touched)
	return tea.Batch(listKeysCmd(ctx, m.svc, m.listing.gen), m.spinner.Tick)
}

// reload lists again, keeping the current keys on screen until the first
// page of the new listing replaces them.
func (m *Model) reload() tea.Cmd {
	m.listing.reloading = true
	m.list.before = m.list.store.Total()
	return m.startListing()
}

func (m Model) pageArrived(msg keysPageMsg) (Model, tea.Cmd) {
	if msg.gen != m.listing.gen {
		return m, nil // a listing that was replaced; its goroutine has been stopped
	}
	if _, connecting := m.front.(connectingScreen); connecting && m.awaiting {
		// The keys came first: show them; the header fills in when the
		// account arrives, and the keys that act wait for it.
		m.front, m.busy = listScreen{}, connectingBusy
	}
	l := &m.list
	if m.listing.reloading {
		m.listing.reloading = false
		m.resetKeepingTouched()
	}
	page := msg.page
	if touched := m.listing.touched; len(touched) > 0 {
		// Keys created, renamed or deleted during this listing are already
		// right in the list; a later page must not bring back their old selves.
		kept := page[:0]
		for _, e := range page {
			if !touched[e.key.SID] {
				kept = append(kept, e)
			}
		}
		page = kept
	}
	sid := ""
	if k, _, ok := l.selected(); ok {
		sid = k.SID
	}
	if l.store.Add(page) && sid != "" {
		if row := l.store.RowOf(l.store.IndexOf(sid)); row >= 0 {
			l.cursor = row
		}
	}
	l.moveTo(l.cursor)
	return m, msg.next
}

func (m Model) listingDone(msg keysDoneMsg) (Model, tea.Cmd) {
	if msg.gen != m.listing.gen {
		return m, nil
	}
	m.listing.stopNow() // releases the listing's context
	m.list.loading, m.list.before = false, 0
	announce := m.listing.announce
	m.listing.announce = false
	if msg.err != nil && !errors.Is(msg.err, context.Canceled) {
		m.listing.reloading, m.list.failed = false, true // keep what is on screen, marked possibly stale
		if m.awaiting {
			m.listing.held = msg.err // the account's answer decides what to say
			return m, nil
		}
		m.fail(msg.err)
		return m, nil
	}
	if m.listing.reloading { // the listing found no keys
		m.listing.reloading = false
		m.resetKeepingTouched()
	}
	m.list.loaded = true
	m.list.moveTo(m.list.cursor)
	if announce {
		return m, m.flash("Reloaded " + plural(m.list.store.Total(), "key", "keys"))
	}
	return m, nil
}

// resetKeepingTouched empties the list for a reload's first page, but keeps
// the keys created or renamed here since the reload began: the listing
// leaves them out (its copies may be older), so they would vanish until the
// next reload.
func (m *Model) resetKeepingTouched() {
	s := &m.list.store
	var kept []twilio.Key
	for sid := range m.listing.touched {
		if i := s.IndexOf(sid); i >= 0 {
			kept = append(kept, s.keys[i].key)
		}
	}
	s.Reset()
	for _, k := range kept {
		s.Insert(k)
	}
}

// touch records a key changed here while a listing runs.
func (m *Model) touch(sid string) {
	if m.list.loading {
		m.listing.touched[sid] = true
	}
}
