package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/keymap"
)

// keyList is the key list view: the keys, the filter field, and which rows
// are on screen. Only the visible rows are ever drawn.
type keyList struct {
	store     keyStore
	cursor    int // visible row under the cursor
	offset    int // first visible row on screen
	width     int
	height    int // lines for the whole view, filter and position lines included
	filter    textinput.Model
	filtering bool // the filter field has the keyboard
	loading   bool
	loaded    bool // a listing finished at least once
	failed    bool // the last listing stopped on an error

	// replaced maps a key kept after a rotation to its replacement's SID, for
	// this session only: Twilio keeps no such link.
	replaced map[string]string

	clock  func() time.Time // what ages are measured from
	maxAge time.Duration    // keys at least this old are due for rotation; 0: none are

	sessionKey string // the API key the console signs in with, or ""
	noCreate   string // why n creates nothing in the account shown, or "" (see shared.noCreate)
	before     int    // during a reload, how many keys the list had before it
}

func newKeyList() keyList {
	f := newInput("/ ", "name or SID", 2*twilio.MaxFriendlyNameLength)
	return keyList{filter: f, replaced: map[string]string{}, clock: time.Now}
}

// forgetReplaced drops the marks a deleted key took part in: as the old key,
// and as a replacement, since a key whose replacement is gone is no longer
// safe to delete.
func (l *keyList) forgetReplaced(sid string) {
	delete(l.replaced, sid)
	for old, next := range l.replaced {
		if next == sid {
			delete(l.replaced, old)
		}
	}
}

// filterShown is true when the filter line takes a line above the rows.
func (l *keyList) filterShown() bool { return l.filtering || l.store.query != "" }

// rows is how many keys fit on screen: the view less the column header, the
// position line and the filter line.
func (l *keyList) rows() int {
	n := l.height - 2
	if l.filterShown() {
		n--
	}
	return max(n, 1)
}

func (l *keyList) setSize(width, height int) {
	l.width, l.height = width, height
	setInputWidth(&l.filter, max(width-4, 8))
	l.moveTo(l.cursor)
}

// moveTo puts the cursor on row (clamped) and scrolls just enough to show it.
func (l *keyList) moveTo(row int) {
	l.cursor = max(min(row, l.store.Len()-1), 0)
	rows := l.rows()
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+rows {
		l.offset = l.cursor - rows + 1
	}
	l.offset = max(min(l.offset, l.store.Len()-rows), 0)
}

// selected returns the key under the cursor and its index in the store.
func (l *keyList) selected() (twilio.Key, int, bool) {
	if l.store.Len() == 0 {
		return twilio.Key{}, -1, false
	}
	i := l.store.Index(l.cursor)
	return l.store.keys[i].key, i, true
}

// setQuery applies the filter text and puts the cursor on the first match.
func (l *keyList) setQuery(q string) {
	l.store.SetQuery(q)
	l.offset = 0
	l.moveTo(0)
}

// clearFilter drops the filter and keeps the cursor on the same key.
func (l *keyList) clearFilter() {
	_, i, ok := l.selected()
	l.filtering = false
	l.filter.Blur()
	l.filter.SetValue("")
	l.store.SetQuery("")
	if ok {
		l.moveTo(i)
	}
}

// navigate handles the movement keys; it reports false for any other key.
func (l *keyList) navigate(msg tea.KeyMsg, k *keymap.KeyMap) bool {
	switch {
	case key.Matches(msg, k.Up):
		l.moveTo(l.cursor - 1)
	case key.Matches(msg, k.Down):
		l.moveTo(l.cursor + 1)
	case key.Matches(msg, k.Top):
		l.moveTo(0)
	case key.Matches(msg, k.Bottom):
		l.moveTo(l.store.Len() - 1)
	case key.Matches(msg, k.PageUp):
		l.moveTo(l.cursor - l.rows())
	case key.Matches(msg, k.PageDown):
		l.moveTo(l.cursor + l.rows())
	default:
		return false
	}
	return true
}

// updateFilter handles a key while the filter field has the keyboard.
func (l *keyList) updateFilter(msg tea.KeyMsg, k *keymap.KeyMap) tea.Cmd {
	switch {
	case key.Matches(msg, k.ApplyFilter):
		l.filtering = false
		l.filter.Blur()
		if l.store.query == "" {
			l.filter.SetValue("")
		}
		return nil
	case key.Matches(msg, k.ClearFilter):
		l.clearFilter()
		return nil
	case msg.Type == tea.KeyUp, msg.Type == tea.KeyDown, msg.Type == tea.KeyPgUp, msg.Type == tea.KeyPgDown:
		l.navigate(msg, k)
		return nil
	}
	var cmd tea.Cmd
	l.filter, cmd = l.filter.Update(msg)
	l.setQuery(l.filter.Value())
	return cmd
}

// listScreen is the key list in front. The list itself is shared (results
// change it whatever is in front); this screen moves through it and filters.
type listScreen struct{}

const stateList state = "list" // the key list

func (listScreen) id() state                { return stateList }
func (listScreen) resize(*shared) screen    { return listScreen{} }
func (listScreen) takesText(s *shared) bool { return s.list.filtering }
func (listScreen) view(s *shared) string    { return s.list.view(s.styles, s.spinner.View()) }

func (ls listScreen) update(s *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return ls, nil, nil
	}
	l, keys := &s.list, &s.keys
	if l.filtering {
		return ls, l.updateFilter(km, keys), nil
	}
	if l.navigate(km, keys) {
		return ls, nil, nil
	}
	k, _, ok := l.selected()
	switch {
	case key.Matches(km, keys.Help):
		return ls, nil, open{helpScreen{under: ls}}
	case key.Matches(km, keys.Filter):
		l.filtering = true
		return ls, l.filter.Focus(), nil
	case key.Matches(km, keys.ClearFilter):
		l.clearFilter()
	case key.Matches(km, keys.New):
		if why := createBlocked(s.account); why != "" {
			return ls, nil, failText(why)
		}
		return ls, nil, open{newCreateScreen("", twilio.KeyTypeStandard)}
	case key.Matches(km, keys.Reload):
		return ls, nil, reload{}
	case key.Matches(km, keys.Accounts):
		return ls, tea.Batch(listSubaccountsCmd(s.ctx, s.cfg.Service), s.spinner.Tick), open{newPickerScreen(s)}
	case key.Matches(km, keys.EveryAccount):
		return openEveryAccount(s)
	case key.Matches(km, keys.CheckKey):
		return ls, nil, open{newCheckScreen(k.SID)}
	case key.Matches(km, keys.AuthTokens):
		return ls, nil, open{authTokensScreen{}}
	case !ok:
	case key.Matches(km, keys.Details):
		return ls, nil, open{newDetailsScreen(s, k)}
	case key.Matches(km, keys.YankSID):
		return ls, yankSID(s, k), nil
	case key.Matches(km, keys.Rename):
		return ls, nil, open{newRenameScreen(k)}
	case key.Matches(km, keys.Delete):
		return ls, nil, open{newDeleteScreen(k, "")}
	case key.Matches(km, keys.Rotate):
		return ls, nil, startRotation(s, k)
	}
	for _, r := range registry {
		if o, ok := r.(opensFromList); ok && key.Matches(km, o.listKey()) {
			return ls, nil, open{o.openFromList(s)}
		}
	}
	return ls, nil, nil
}

func (ls listScreen) bindings(s *shared) []key.Binding {
	k := &s.keys
	if s.list.filtering {
		k.Enable(&k.ApplyFilter, &k.ClearFilter, &k.ForceQuit)
		return nil
	}
	// New and Rotate stay on in a suspended account, to say why they do nothing.
	if accountBlocked(s.account) != "" {
		k.New.SetHelp("n", "new key (off)")
		k.Rotate.SetHelp("o", "rotate (off)")
	}
	k.Enable(&k.Up, &k.Down, &k.Top, &k.Bottom, &k.PageUp, &k.PageDown,
		&k.Filter, &k.New, &k.CheckKey, &k.AuthTokens, &k.Reload, &k.Help, &k.Quit, &k.ForceQuit)
	_, _, ok := s.list.selected()
	k.Details.SetEnabled(ok)
	k.Rename.SetEnabled(ok)
	k.Delete.SetEnabled(ok)
	k.Rotate.SetEnabled(ok)
	k.YankSID.SetEnabled(ok && s.cfg.Clipboard != nil)
	k.Accounts.SetEnabled(s.cfg.ForAccount != nil)
	k.EveryAccount.SetEnabled(everyAccountFrom(s) != nil)
	k.ClearFilter.SetEnabled(s.list.store.query != "")
	// Help comes early: at 80 columns the footer cannot show every key.
	return []key.Binding{k.New, k.Filter, k.Details, k.Help, k.Rename, k.Delete, k.Rotate, k.Accounts,
		k.EveryAccount, k.CheckKey, k.YankSID, k.ClearFilter, k.Reload, k.Quit, k.AuthTokens}
}
