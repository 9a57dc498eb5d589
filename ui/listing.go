package ui

import (
	"context"
	"errors"

	tea "github.com/charmbracelet/bubbletea"
)

// startListing begins streaming every key; pages are shown as they arrive and
// the list stays usable meanwhile. A listing already running is stopped.
func (m *Model) startListing() tea.Cmd {
	if m.stopList != nil {
		m.stopList()
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.stopList = cancel
	m.listGen++
	m.list.loading, m.list.failed = true, false
	clear(m.touched)
	return tea.Batch(listKeysCmd(ctx, m.svc, m.listGen), m.spinner.Tick)
}

// reload lists again, keeping the current keys on screen until the first
// page of the new listing replaces them.
func (m Model) reload() (Model, tea.Cmd) {
	m.reloading = true
	cmd := m.startListing()
	return m, cmd
}

func (m Model) pageArrived(msg keysPageMsg) (Model, tea.Cmd) {
	if msg.gen != m.listGen {
		return m, nil // a listing that was replaced; its goroutine has been stopped
	}
	l := &m.list
	if m.reloading {
		m.reloading = false
		l.store.Reset()
	}
	page := msg.page
	if len(m.touched) > 0 {
		// Keys created, renamed or deleted during this listing are already
		// right in the list; a later page must not bring back their old selves.
		kept := page[:0]
		for _, e := range page {
			if !m.touched[e.key.SID] {
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
	if msg.gen != m.listGen {
		return m, nil
	}
	if m.stopList != nil {
		m.stopList() // releases the listing's context
		m.stopList = nil
	}
	m.list.loading = false
	if msg.err != nil && !errors.Is(msg.err, context.Canceled) {
		m.reloading, m.list.failed = false, true // keep what is on screen
		m.fail(msg.err)
		return m, nil
	}
	if m.reloading { // the account has no keys now
		m.reloading = false
		m.list.store.Reset()
	}
	m.list.loaded = true
	m.list.moveTo(m.list.cursor)
	return m, nil
}

// touch records a key changed here while a listing runs.
func (m *Model) touch(sid string) {
	if m.list.loading {
		m.touched[sid] = true
	}
}
