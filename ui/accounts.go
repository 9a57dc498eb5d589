package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// pickerScreen chooses whose keys the console shows: the credentials' own
// account or one of its subaccounts. Accounts are few (Twilio allows
// hundreds, not thousands), so the filter simply searches every one.
type pickerScreen struct {
	accounts []twilio.Account // the credentials' account first, then its subaccounts
	search   []string         // each account's lowered name, SID and status, for the filter
	rows     []int            // indices into accounts that match the filter
	filter   textinput.Model
	// filtering is true while the filter has the keyboard: after /, as in
	// the key list, so that j and k move the cursor.
	filtering bool
	cursor    int // index into rows
	offset    int // first row on screen
	loading   bool
	err       error  // the subaccounts could not be listed; the own account still shows
	hint      string // why enter did nothing
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

// createBlocked says why no key can be created in account a, or "" when
// keys can be created there.
func createBlocked(a twilio.Account) string {
	s := accountBlocked(a)
	if s == "" {
		return ""
	}
	return a.FriendlyName + " is " + s + ": Twilio creates no keys in it, " +
		"so new keys and rotation are off. Its keys can still be viewed."
}

// noCreate says in a few words why n creates nothing in the account shown
// (it is not active, or this session may not create keys), or "".
func (s *shared) noCreate() string {
	switch {
	case accountBlocked(s.account) != "":
		return "it is " + sanitize.Line(accountBlocked(s.account), 20)
	case s.cfg.Allowed != nil && !s.cfg.Allowed(ActionCreate):
		return "this session may not create keys"
	}
	return ""
}

// newPickerScreen opens the picker on the credentials' own account; the
// subaccounts follow when Twilio lists them.
func newPickerScreen(s *shared) pickerScreen {
	f := newInput("/ ", "type to filter by name, SID or status", 2*twilio.MaxFriendlyNameLength)
	p := pickerScreen{filter: f, loading: true}
	p.add(s.home)
	p.refilter(s.account.SID)
	return p
}

const stateAccounts state = "accounts" // the account picker

func (pickerScreen) id() state                { return stateAccounts }
func (p pickerScreen) takesText(*shared) bool { return p.filtering }
func (p pickerScreen) spinning() bool         { return p.loading }

func (p pickerScreen) resize(s *shared) screen {
	setInputWidth(&p.filter, max(s.width-4, 8))
	return p
}

// listed adds the subaccounts, if the picker still waits for them.
func (p pickerScreen) listed(s *shared, msg accountsMsg) pickerScreen {
	if !p.loading {
		return p
	}
	p.loading, p.err = false, msg.err
	if msg.err == nil {
		p.add(msg.subaccounts...)
	}
	p.refilter(s.account.SID)
	return p
}

func (p *pickerScreen) add(accounts ...twilio.Account) {
	for _, a := range accounts {
		p.accounts = append(p.accounts, a)
		p.search = append(p.search, strings.ToLower(a.FriendlyName+"\x00"+a.SID+"\x00"+a.Status))
	}
}

// refilter keeps the accounts that match the filter and puts the cursor on
// the account with SID at, else on the first match.
func (p *pickerScreen) refilter(at string) {
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
func (p *pickerScreen) scrolled(rows int) int {
	return max(min(p.offset, p.cursor), p.cursor-rows+1, 0)
}

func (p pickerScreen) selected() (twilio.Account, bool) {
	if len(p.rows) == 0 {
		return twilio.Account{}, false
	}
	return p.accounts[p.rows[p.cursor]], true
}

func (p pickerScreen) update(s *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	switch msg := msg.(type) {
	case accountsMsg:
		return p.listed(s, msg), nil, nil
	case tea.KeyMsg:
		if p.filtering {
			return p.updateFilter(s, msg)
		}
		switch k := &s.keys; {
		case key.Matches(msg, k.ClearFilter):
			p.clearFilter(s)
		case key.Matches(msg, k.Cancel):
			return p, nil, toList{}
		case key.Matches(msg, k.Filter):
			p.filtering, p.hint = true, ""
			return p, p.filter.Focus(), nil
		case key.Matches(msg, k.Up):
			p.cursor = max(p.cursor-1, 0)
		case key.Matches(msg, k.Down):
			p.cursor = max(min(p.cursor+1, len(p.rows)-1), 0)
		case key.Matches(msg, k.Top):
			p.cursor = 0
		case key.Matches(msg, k.Bottom):
			p.cursor = max(len(p.rows)-1, 0)
		case key.Matches(msg, k.Submit):
			return p.pick(s)
		default:
			return p, nil, nil
		}
		p.hint = ""
		p.offset = p.scrolled(pickerRows(s))
	}
	return p, nil, nil
}

// updateFilter handles a key while the filter has the keyboard: text goes
// to it, the arrows still move, enter picks and esc clears the filter.
func (p pickerScreen) updateFilter(s *shared, msg tea.KeyMsg) (screen, tea.Cmd, intent) {
	switch k := &s.keys; {
	case key.Matches(msg, k.ClearFilter):
		p.clearFilter(s)
		return p, nil, nil
	case key.Matches(msg, k.Submit):
		p.filtering = false
		p.filter.Blur()
		return p.pick(s)
	case key.Matches(msg, k.ArrowUp):
		p.cursor = max(p.cursor-1, 0)
	case key.Matches(msg, k.ArrowDown):
		p.cursor = max(min(p.cursor+1, len(p.rows)-1), 0)
	default:
		var cmd tea.Cmd
		p.filter, cmd = p.filter.Update(msg)
		p.refilter("")
		p.hint, p.offset = "", 0
		return p, cmd, nil
	}
	p.hint = ""
	p.offset = p.scrolled(pickerRows(s))
	return p, nil, nil
}

// clearFilter empties the filter and gives the keyboard back to the list,
// the cursor on the account shown.
func (p *pickerScreen) clearFilter(s *shared) {
	p.filtering, p.hint, p.offset = false, "", 0
	p.filter.Blur()
	p.filter.SetValue("")
	p.refilter(s.account.SID)
	p.offset = p.scrolled(pickerRows(s))
}

func (p pickerScreen) bindings(s *shared) []key.Binding {
	k := &s.keys
	k.Submit.SetHelp("enter", "show its keys")
	if p.filtering {
		k.Enable(&k.ArrowUp, &k.ArrowDown, &k.Submit, &k.ClearFilter, &k.ForceQuit)
		return []key.Binding{k.ClearFilter, k.Submit, k.ArrowUp, k.ArrowDown}
	}
	k.Enable(&k.Up, &k.Down, &k.Top, &k.Bottom, &k.Filter, &k.Submit, &k.Cancel, &k.Quit, &k.ForceQuit)
	k.ClearFilter.SetEnabled(p.filter.Value() != "")
	k.Cancel.SetEnabled(p.filter.Value() == "")
	k.Cancel.SetHelp("esc", "back")
	return []key.Binding{k.Cancel, k.ClearFilter, k.Submit, k.Filter, k.Up, k.Down, k.Quit}
}

// pick asks for the chosen account's keys. A closed account cannot be
// opened: Twilio refuses every request to it.
func (p pickerScreen) pick(s *shared) (screen, tea.Cmd, intent) {
	a, ok := p.selected()
	switch {
	case !ok:
		return p, nil, nil
	case a.Status == statusClosed:
		p.hint = sanitize.Line(a.FriendlyName, 40) + " is closed: Twilio refuses every request to a closed account, " +
			"so its keys cannot be shown."
		return p, nil, nil
	case a.SID == s.account.SID:
		return p, nil, toList{}
	}
	svc := s.cfg.Service
	if a.SID != s.home.SID {
		var err error
		if svc, err = s.cfg.ForAccount(a.SID); err != nil {
			p.err = err
			return p, nil, nil
		}
	}
	return p, nil, switchAccount{account: a, svc: svc}
}
