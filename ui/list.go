package ui

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/keys"
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
}

func newKeyList() keyList {
	f := textinput.New()
	f.Prompt = "/ "
	f.Placeholder = "name or SID"
	f.Cursor.SetMode(cursor.CursorStatic)
	f.CharLimit = 2 * twilio.MaxFriendlyNameLength
	return keyList{filter: f, replaced: map[string]string{}}
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
	l.filter.Width = max(width-4, 8)
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
func (l *keyList) navigate(msg tea.KeyMsg, k *keys.KeyMap) bool {
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
func (l *keyList) updateFilter(msg tea.KeyMsg, k *keys.KeyMap) tea.Cmd {
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

func (m Model) updateList(msg tea.KeyMsg) (Model, tea.Cmd) {
	l := &m.list
	if l.filtering {
		return m, l.updateFilter(msg, &m.keys)
	}
	if l.navigate(msg, &m.keys) {
		return m, nil
	}
	k, _, ok := l.selected()
	switch {
	case key.Matches(msg, m.keys.Filter):
		l.filtering = true
		return m, l.filter.Focus()
	case key.Matches(msg, m.keys.ClearFilter):
		l.clearFilter()
	case key.Matches(msg, m.keys.New):
		if err := m.createBlocked(); err != nil {
			m.fail(err)
			return m, nil
		}
		return m.openCreate()
	case key.Matches(msg, m.keys.Reload):
		return m.reload()
	case key.Matches(msg, m.keys.Accounts):
		return m.openPicker()
	case key.Matches(msg, m.keys.CheckKey):
		return m.openCheck(k.SID)
	case !ok:
	case key.Matches(msg, m.keys.Details):
		m.details, m.state = k, stateDetails
	case key.Matches(msg, m.keys.Rename):
		return m.openRename(k)
	case key.Matches(msg, m.keys.Delete):
		return m.openDelete(k)
	case key.Matches(msg, m.keys.Rotate):
		return m.openRotate(k)
	}
	return m, nil
}
