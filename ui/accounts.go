package ui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// accountPicker chooses whose keys the console shows: the credentials' own
// account or one of its subaccounts. Accounts are few (Twilio allows
// hundreds, not thousands), so the filter simply searches every one.
type accountPicker struct {
	accounts []twilio.Account // the credentials' account first, then its subaccounts
	search   []string         // each account's lowered name, SID and status, for the filter
	rows     []int            // indices into accounts that match the filter
	filter   textinput.Model
	cursor   int // index into rows
	offset   int // first row on screen
	loading  bool
	err      error  // the subaccounts could not be listed; the own account still shows
	hint     string // why enter did nothing
}

// Twilio's account statuses that matter here.
const (
	statusActive = "active"
	statusClosed = "closed"
)

// accountBlocked is the status that stops creating keys in a, or "" when it
// is active.
func accountBlocked(a twilio.Account) string {
	if a.Status == "" || a.Status == statusActive {
		return ""
	}
	return a.Status
}

// createBlocked explains why no key can be created in the shown account.
func (m *Model) createBlocked() error {
	s := accountBlocked(m.account)
	if s == "" {
		return nil
	}
	return errors.New(m.account.FriendlyName + " is " + s + ": Twilio creates no keys in it, " +
		"so new keys and rotation are off. Its keys can still be viewed.")
}

func (m Model) openPicker() (Model, tea.Cmd) {
	f := textinput.New()
	f.Prompt = "/ "
	f.Placeholder = "type to filter by name, SID or status"
	f.CharLimit = 2 * twilio.MaxFriendlyNameLength
	f.Cursor.SetMode(cursor.CursorStatic)
	f.Focus()
	m.picker = accountPicker{filter: f, loading: true}
	m.picker.add(m.home)
	m.picker.refilter(m.account.SID)
	m.state = stateAccounts
	return m, tea.Batch(listSubaccountsCmd(m.cfg.Service), m.spinner.Tick)
}

// accountsListed adds the subaccounts, if the picker still waits for them.
func (m Model) accountsListed(msg accountsMsg) (Model, tea.Cmd) {
	p := &m.picker
	if m.state != stateAccounts || !p.loading {
		return m, nil
	}
	p.loading, p.err = false, msg.err
	if msg.err == nil {
		p.add(msg.subaccounts...)
	}
	p.refilter(m.account.SID)
	return m, nil
}

func (p *accountPicker) add(accounts ...twilio.Account) {
	for _, a := range accounts {
		p.accounts = append(p.accounts, a)
		p.search = append(p.search, strings.ToLower(a.FriendlyName+"\x00"+a.SID+"\x00"+a.Status))
	}
}

// refilter keeps the accounts that match the filter and puts the cursor on
// the account with SID at, else on the first match.
func (p *accountPicker) refilter(at string) {
	q := strings.ToLower(p.filter.Value())
	p.rows, p.cursor = p.rows[:0], 0
	for i, a := range p.accounts {
		if strings.Contains(p.search[i], q) {
			if a.SID == at {
				p.cursor = len(p.rows)
			}
			p.rows = append(p.rows, i)
		}
	}
}

// scrolled is the first row to show so that the cursor is on screen, moving
// as little as possible from the last offset.
func (p *accountPicker) scrolled(rows int) int {
	return max(min(p.offset, p.cursor), p.cursor-rows+1, 0)
}

func (p *accountPicker) selected() (twilio.Account, bool) {
	if len(p.rows) == 0 {
		return twilio.Account{}, false
	}
	return p.accounts[p.rows[p.cursor]], true
}

func (m Model) updatePicker(msg tea.KeyMsg) (Model, tea.Cmd) {
	p := &m.picker
	switch {
	case key.Matches(msg, m.keys.Cancel):
		m.picker, m.state = accountPicker{}, stateList
		return m, nil
	case key.Matches(msg, m.keys.ArrowUp):
		p.cursor = max(p.cursor-1, 0)
	case key.Matches(msg, m.keys.ArrowDown):
		p.cursor = max(min(p.cursor+1, len(p.rows)-1), 0)
	case key.Matches(msg, m.keys.Submit):
		return m.pickAccount()
	default:
		var cmd tea.Cmd
		p.filter, cmd = p.filter.Update(msg)
		p.refilter("")
		p.hint, p.offset = "", 0
		return m, cmd
	}
	p.hint = ""
	p.offset = p.scrolled(m.pickerRows())
	return m, nil
}

// pickAccount shows the chosen account's keys. A closed account cannot be
// opened: Twilio refuses every request to it.
func (m Model) pickAccount() (Model, tea.Cmd) {
	p := &m.picker
	a, ok := p.selected()
	switch {
	case !ok:
		return m, nil
	case a.Status == statusClosed:
		p.hint = sanitize.Line(a.FriendlyName, 40) + " is closed: Twilio refuses every request to a closed account, " +
			"so its keys cannot be shown."
		return m, nil
	case a.SID == m.account.SID:
		m.picker, m.state = accountPicker{}, stateList
		return m, nil
	}
	svc := m.cfg.Service
	if a.SID != m.home.SID {
		var err error
		if svc, err = m.cfg.ForAccount(a.SID); err != nil {
			p.err = err
			return m, nil
		}
	}
	m.svc, m.account = svc, a
	replaced := m.list.replaced // SIDs are unique across accounts, so one map serves them all
	m.list = newKeyList()
	m.list.replaced = replaced
	m.reloading = false
	m.picker, m.state = accountPicker{}, stateList
	list := m.startListing()
	flash := m.flash("Showing the keys of " + sanitize.Line(a.FriendlyName, 40) + " (" + a.SID + ")")
	return m, tea.Batch(list, flash)
}
