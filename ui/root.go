package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// The root's half of every result: what changes the shared key list happens
// here, whichever screen is in front; then the screen in front hears of it.

// updateResult handles what comes back from Cmds: network results and timers.
func (m Model) updateResult(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case accountMsg:
		return m.accountFetched(msg)
	case keysPageMsg:
		return m.pageArrived(msg)
	case keysDoneMsg:
		return m.listingDone(msg)
	case keyCreatedMsg:
		m.busy = ""
		if msg.err == nil {
			m.touch(msg.key.SID)
			i := m.list.store.Insert(msg.key)
			if m.list.store.RowOf(i) < 0 {
				m.list.clearFilter() // a new key the filter hides would look lost
			}
			if row := m.list.store.RowOf(i); row >= 0 {
				m.list.moveTo(row)
			}
		}
	case keyRenamedMsg:
		m.busy = ""
		if k := msg.key; msg.err == nil {
			if i := m.list.store.IndexOf(k.SID); i >= 0 {
				if k.Type == twilio.KeyTypeUnknown {
					k.Type = m.list.store.keys[i].key.Type // a type learnt at creation outlives a rename
				}
				m.list.store.Replace(i, k)
			}
			m.touch(k.SID)
		}
	case keyDeletedMsg:
		m.busy = ""
		if k := msg.key; msg.err == nil || twilio.IsNotFound(msg.err) {
			// A key Twilio no longer knows is gone either way.
			if i := m.list.store.IndexOf(k.SID); i >= 0 {
				m.list.store.Remove(i)
				m.list.moveTo(m.list.cursor)
			}
			m.touch(k.SID)
			m.list.forgetReplaced(k.SID)
		}
	case keyCheckedMsg:
		m.busy = ""
		if i := m.list.store.IndexOf(msg.sid); msg.err == nil && msg.typeErr == nil && msg.main && i >= 0 {
			k := m.list.store.keys[i].key
			k.Type = twilio.KeyTypeMain // learnt, as a create's is: the details say so from now on
			m.list.store.Replace(i, k)
		}
	case copiedMsg:
		return m.copied(msg)
	case clearClipboardMsg:
		cmd := m.clearClipboard(msg)
		return m, cmd
	case clipboardClearedMsg:
		return m.clipboardCleared(msg)
	case statusExpiredMsg:
		if msg.id == m.status.id && !m.status.keep {
			m.status = status{}
		}
		return m, nil
	}
	return m.toFront(msg)
}

// accountFetched moves on from start-up: to the list, to the explanation of
// refused credentials, or to an error with retry.
func (m Model) accountFetched(msg accountMsg) (Model, tea.Cmd) {
	m.awaiting = false
	if m.busy == connectingBusy {
		m.busy = ""
	}
	held := m.listing.held
	m.listing.held = nil
	if msg.err != nil {
		// The listing beside the fetch shows nothing of its own: the
		// account's error explains both.
		m.listing.stopNow()
		m.listing.gen++
		m.resetList()
		if twilio.IsAuthError(msg.err) {
			m.front = authFailedScreen{err: msg.err}
		} else {
			m.front = startErrorScreen{err: msg.err}
		}
		return m, nil
	}
	m.home, m.account = msg.account, msg.account
	m.front = listScreen{}
	if held != nil {
		m.fail(held) // the listing failed while the account was on its way
	}
	return m, nil
}

// connectingBusy is the status line while keys are on screen but the account
// has not arrived.
const connectingBusy = "Connecting to Twilio…"

// resetList empties the key list, keeping what outlives a listing.
func (m *Model) resetList() {
	old := m.list
	m.list = newKeyList()
	// SIDs are unique across accounts, so one map of replaced keys serves them all.
	m.list.replaced, m.list.clock, m.list.maxAge, m.list.sessionKey = old.replaced, old.clock, old.maxAge, old.sessionKey
}

// apply does what a screen asked; cmd is the screen's own Cmd.
func (m Model) apply(in intent, cmd tea.Cmd) (Model, tea.Cmd) {
	switch in := in.(type) {
	case nil:
	case toList:
		m.front = listScreen{}
		if !in.say.empty() {
			cmd = tea.Batch(cmd, m.say(in.say))
		}
		if in.reload {
			cmd = tea.Batch(cmd, m.reload())
		}
	case say:
		cmd = tea.Batch(cmd, m.say(in))
	case open:
		m.front = in.screen.resize(&m.shared)
	case working:
		m.busy = in.what
		cmd = tea.Batch(cmd, m.spinner.Tick)
	case showSecret:
		m.front = secretScreen{key: in.key, secret: in.secret}
	case secretClosed:
		return m.apply(toList{say: flash("Created " + sanitize.Line(in.key.FriendlyName, 40) + " (" + in.key.SID + ")")}, cmd)
	case deleted:
		if in.gone {
			return m.apply(toList{say: flash(in.key.SID + " was already deleted; removed it from the list")}, cmd)
		}
		return m.apply(toList{say: flash("Deleted " + sanitize.Line(in.key.FriendlyName, 40) + " (" + in.key.SID + ")")}, cmd)
	case switchAccount:
		return m.switchAccount(in, cmd)
	case useCredentials:
		return m.useCredentials(in, cmd)
	case reload:
		cmd = tea.Batch(cmd, m.reload())
		m.listing.announce = true // asked for: say when it is done
	case connect:
		m.front = connectingScreen{}
		m.awaiting = true
		m.resetList()
		m.listing.reloading = false
		cmd = tea.Batch(cmd, fetchAccountCmd(m.ctx, m.cfg.Service), m.startListing())
	case quitRejected:
		m.exitErr = ErrCredentialsRejected
		return m.quit()
	}
	return m, cmd
}

// switchAccount shows another account's keys: a fresh list, listed anew.
func (m Model) switchAccount(in switchAccount, cmd tea.Cmd) (Model, tea.Cmd) {
	m.svc, m.account = in.svc, in.account
	m.resetList()
	m.listing.reloading = false
	m.front = listScreen{}
	list := m.startListing()
	flash := m.flash("Showing the keys of " + sanitize.Line(in.account.FriendlyName, 40) + " (" + in.account.SID + ")")
	return m, tea.Batch(cmd, list, flash)
}
