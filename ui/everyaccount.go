package ui

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
	"github.com/twilio-keys/twilio-keys/ui/styles"
)

// inventorier is what the all-accounts view needs of the Service beyond
// the key list's: *twilio.Client lists every account's keys, concurrently.
type inventorier interface {
	Inventory(ctx context.Context, opts twilio.InventoryOptions, onPage func(twilio.InventoryPage) error) error
}

// everyAccountScreen lists the keys of the credentials' account and of every
// subaccount in one list, with an ACCOUNT column, as the accounts' pages
// arrive. It is the key list's store and filter, holding more keys; a row
// whose SID is an account's own stands for an account without keys to show:
// closed, or failing with its error.
type everyAccountScreen struct {
	list     keyList
	accounts []accountRow     // in the order their first page came
	index    map[string]int32 // key SID, or account SID for its row, → index into accounts
	ctx      context.Context  // the running inventory's; its pages carry it
	cancel   context.CancelFunc
	loading  bool
	note     string // why enter did nothing
}

// accountRow is what the view knows of one account.
type accountRow struct {
	account twilio.Account
	keys    int
	skipped bool
	err     error
}

const stateEveryAccount state = "every-account" // the keys of every account

// problemsFirst dates an account's own row after every key, so that, newest
// first, closed and failing accounts head the list.
var problemsFirst = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// everyAccountFrom is the Service that lists every account, or nil when the
// credentials' Service cannot.
func everyAccountFrom(s *shared) inventorier {
	inv, _ := s.cfg.Service.(inventorier)
	return inv
}

// openEveryAccount starts listing every account and shows the view.
func openEveryAccount(s *shared) (screen, tea.Cmd, intent) {
	e := everyAccountScreen{list: newKeyList(), index: map[string]int32{}}
	e.list.clock, e.list.maxAge = s.list.clock, s.list.maxAge
	e, cmd := e.start(s)
	return e, cmd, open{e}
}

// start (re)starts the inventory; pages of an earlier one are ignored.
func (e everyAccountScreen) start(s *shared) (everyAccountScreen, tea.Cmd) {
	e.stop()
	e.ctx, e.cancel = context.WithCancel(s.ctx)
	e.loading, e.note = true, ""
	e.list.store.Reset()
	e.accounts, e.index = nil, map[string]int32{}
	return e, tea.Batch(inventoryCmd(e.ctx, everyAccountFrom(s)), s.spinner.Tick)
}

func (e everyAccountScreen) stop() {
	if e.cancel != nil {
		e.cancel()
	}
}

// drop stops the inventory when the program ends with this view in front.
func (e everyAccountScreen) drop() { e.stop() }

func (everyAccountScreen) id() state                { return stateEveryAccount }
func (e everyAccountScreen) takesText(*shared) bool { return e.list.filtering }
func (e everyAccountScreen) spinning() bool         { return e.loading }

func (e everyAccountScreen) resize(s *shared) screen {
	e.list.setSize(s.width, s.bodyHeight-1) // a title line over the list
	return e
}

// everyPageMsg is one page of one account, or how its listing ended.
type everyPageMsg struct {
	ctx     context.Context
	page    twilio.InventoryPage // Keys are already in entries
	entries []keyEntry
	next    tea.Cmd
}

// everyDoneMsg ends the inventory: err is the account list's own failure.
type everyDoneMsg struct {
	ctx context.Context
	err error
}

// inventoryCmd runs the inventory in a goroutine that feeds pages into a
// channel, as listKeysCmd does for one account.
func inventoryCmd(ctx context.Context, inv inventorier) tea.Cmd {
	return func() tea.Msg {
		pages := make(chan everyPageMsg)
		done := make(chan error, 1)
		go func() {
			done <- inv.Inventory(ctx, twilio.InventoryOptions{PageSize: PageSize}, func(p twilio.InventoryPage) error {
				// The account's name goes into every key's search text, so
				// the filter finds an account's keys by its name.
				name := "\x00" + strings.ToLower(p.Account.FriendlyName)
				msg := everyPageMsg{ctx: ctx, page: p, entries: make([]keyEntry, len(p.Keys))}
				for i, k := range p.Keys {
					msg.entries[i] = keyEntry{key: k, search: strings.ToLower(k.FriendlyName) + "\x00" + strings.ToLower(k.SID) + name}
				}
				msg.page.Keys = nil
				slices.SortFunc(msg.entries, newestFirst)
				select {
				case pages <- msg:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
		}()
		return waitForEveryPage(ctx, pages, done)()
	}
}

func waitForEveryPage(ctx context.Context, pages <-chan everyPageMsg, done <-chan error) tea.Cmd {
	return func() tea.Msg {
		select {
		case p := <-pages:
			p.next = waitForEveryPage(ctx, pages, done)
			return p
		case err := <-done:
			return everyDoneMsg{ctx: ctx, err: err}
		}
	}
}

// arrived adds a page to the list, keeping the cursor on its key.
func (e everyAccountScreen) arrived(msg everyPageMsg) everyAccountScreen {
	p := msg.page
	i, ok := e.index[p.Account.SID]
	if !ok {
		i = int32(len(e.accounts))
		e.accounts = append(e.accounts, accountRow{account: p.Account})
		e.index[p.Account.SID] = i
	}
	a := &e.accounts[i]
	a.keys += len(msg.entries)
	entries := msg.entries
	if p.Done && (p.Skipped || p.Err != nil) {
		a.skipped, a.err = p.Skipped, p.Err
		// Its row: found by the account's name, SID and what went wrong.
		search := strings.ToLower(p.Account.FriendlyName + "\x00" + p.Account.SID + "\x00" + e.problem(*a))
		entries = append(entries, keyEntry{key: twilio.Key{SID: p.Account.SID, DateCreated: problemsFirst}, search: search})
	}
	for _, en := range entries {
		e.index[en.key.SID] = i
	}
	l := &e.list
	sid := ""
	if k, _, ok := l.selected(); ok {
		sid = k.SID
	}
	if l.store.Add(entries) && sid != "" {
		if row := l.store.RowOf(l.store.IndexOf(sid)); row >= 0 {
			l.cursor = row
		}
	}
	l.moveTo(l.cursor)
	return e
}

// problem says why an account's keys are not listed, or "".
func (e everyAccountScreen) problem(a accountRow) string {
	switch {
	case a.skipped:
		return "closed: skipped (Twilio refuses every request to a closed account)"
	case a.err != nil:
		return "✗ " + describeError(a.err)
	}
	return ""
}

func (e everyAccountScreen) update(s *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	switch msg := msg.(type) {
	case everyPageMsg:
		if msg.ctx != e.ctx {
			return e, nil, nil
		}
		return e.arrived(msg), msg.next, nil
	case everyDoneMsg:
		if msg.ctx != e.ctx {
			return e, nil, nil
		}
		e.loading, e.list.loaded = false, true
		if msg.err != nil && e.ctx.Err() == nil {
			e.list.failed = true
			return e, nil, failText(describeError(msg.err))
		}
		return e, nil, nil
	case tea.KeyMsg:
		return e.key(s, msg)
	}
	return e, nil, nil
}

func (e everyAccountScreen) key(s *shared, msg tea.KeyMsg) (screen, tea.Cmd, intent) {
	l, keys := &e.list, &s.keys
	e.note = ""
	if l.filtering {
		return e, l.updateFilter(msg, keys), nil
	}
	if l.navigate(msg, keys) {
		return e, nil, nil
	}
	switch {
	case key.Matches(msg, keys.Filter):
		l.filtering = true
		return e, l.filter.Focus(), nil
	case key.Matches(msg, keys.ClearFilter):
		l.clearFilter()
	case key.Matches(msg, keys.Reload):
		e, cmd := e.start(s)
		return e, cmd, nil
	case key.Matches(msg, keys.Back):
		e.stop()
		return e, nil, toList{}
	case key.Matches(msg, keys.Submit):
		return e.openAccount(s)
	}
	return e, nil, nil
}

// openAccount shows the selected row's account in the key list, where its
// keys can be acted on.
func (e everyAccountScreen) openAccount(s *shared) (screen, tea.Cmd, intent) {
	k, _, ok := e.list.selected()
	if !ok {
		return e, nil, nil
	}
	a := e.accounts[e.index[k.SID]]
	switch {
	case a.skipped:
		e.note = sanitize.Line(a.account.FriendlyName, 40) + " is closed: its keys cannot be shown."
		return e, nil, nil
	case a.account.SID == s.account.SID:
		e.stop()
		return e, nil, toList{}
	}
	svc := s.cfg.Service
	if a.account.SID != s.home.SID {
		if s.cfg.ForAccount == nil {
			return e, nil, nil
		}
		var err error
		if svc, err = s.cfg.ForAccount(a.account.SID); err != nil {
			return e, nil, failText(describeError(err))
		}
	}
	e.stop()
	return e, nil, switchAccount{account: a.account, svc: svc}
}

func (e everyAccountScreen) bindings(s *shared) []key.Binding {
	k := &s.keys
	if e.list.filtering {
		k.Enable(&k.ApplyFilter, &k.ClearFilter, &k.ForceQuit)
		return nil
	}
	// Submit, whose help Reset gives back: Details' is the key list's.
	k.Submit.SetHelp("enter", "open its account")
	k.Enable(&k.Up, &k.Down, &k.Top, &k.Bottom, &k.PageUp, &k.PageDown, &k.Filter, &k.Reload, &k.Back, &k.Quit, &k.ForceQuit)
	_, _, ok := e.list.selected()
	k.Submit.SetEnabled(ok)
	k.ClearFilter.SetEnabled(e.list.store.query != "")
	k.Back.SetEnabled(!k.ClearFilter.Enabled())
	return []key.Binding{k.Filter, k.Submit, k.ClearFilter, k.Back, k.Reload, k.Quit}
}

// hint is why enter did nothing, or the advice to rotate a selected key
// that is due.
func (e everyAccountScreen) hint(s *shared) string {
	if e.note != "" {
		return e.note
	}
	k, _, ok := e.list.selected()
	if !ok || e.list.filtering {
		return ""
	}
	if a := e.accounts[e.index[k.SID]]; k.SID == a.account.SID {
		return a.account.FriendlyName + ": " + e.problem(a) // in full, where its row cuts it short
	}
	return rotateHint(k, e.list.clock(), e.list.maxAge, rotateAction(s, "enter opens its account, where o rotates it"))
}

func (e everyAccountScreen) view(s *shared) string {
	var b strings.Builder
	title := "Every account's keys: " + s.home.FriendlyName + " and its subaccounts"
	b.WriteString(s.styles.List.ColumnHeader.Render(sanitize.Line(title, s.width)))
	b.WriteByte('\n')
	b.WriteString(e.draw(s.styles, s.spinner.View()))
	return b.String()
}

// draw is the list: only the rows on screen, as the key list draws them.
func (e everyAccountScreen) draw(st *styles.Styles, spin string) string {
	l := &e.list
	var b strings.Builder
	b.Grow((l.width + 1) * l.height)
	l.drawFilter(&b, st)
	c := everyColumns(l.width)
	c.now, c.maxAge = l.clock(), l.maxAge
	head := "  " + padRight("ACCOUNT", everyAccountWidth) + "  " + padRight("NAME", c.name)
	if c.sid {
		head += "  " + padRight("SID", sidWidth)
	}
	if c.created {
		head += "  " + padRight("CREATED", len(listDateLayout))
	}
	b.WriteString(st.List.ColumnHeader.Render(head + "  AGE"))
	b.WriteByte('\n')
	rows := l.rows()
	end := min(l.offset+rows, l.store.Len())
	if end == l.offset {
		b.WriteString(st.List.Empty.Render(e.emptyText()))
		b.WriteByte('\n')
		rows--
	}
	for r := l.offset; r < end; r++ {
		k := &l.store.Row(r).key
		if r == l.cursor {
			var sel strings.Builder
			sel.WriteString("> ")
			e.writeRow(&sel, k, c)
			b.WriteString(st.List.Selected.Render(sel.String()))
		} else {
			b.WriteString("  ")
			e.writeRow(&b, k, c)
		}
		b.WriteByte('\n')
	}
	b.WriteString(strings.Repeat("\n", max(rows-(end-l.offset), 0)))
	b.WriteString(st.List.Position.Render(e.position(spin, c.columns)))
	return b.String()
}

// everyAccountWidth is the ACCOUNT column's width.
const everyAccountWidth = 20

// everyCols are the all-accounts view's columns: the account and the name
// always, then the SID and the creation date as the width allows, the age.
type everyCols struct {
	columns
	sid, created bool
}

func everyColumns(width int) everyCols {
	c := everyCols{columns: columns{age: true}, sid: true, created: true}
	fixed := func() int {
		n := markerWidth + everyAccountWidth + gapWidth + gapWidth + ageWidth
		if c.sid {
			n += gapWidth + sidWidth
		}
		if c.created {
			n += gapWidth + len(listDateLayout)
		}
		return n
	}
	if width-fixed() < 20 {
		c.created = false
	}
	if width-fixed() < 20 {
		c.sid = false
	}
	c.name = min(max(width-fixed(), 8), maxNameWidth)
	return c
}

// rest is the width of every column after the account's.
func (c everyCols) rest() int {
	n := c.name + gapWidth + ageWidth
	if c.sid {
		n += gapWidth + sidWidth
	}
	if c.created {
		n += gapWidth + len(listDateLayout)
	}
	return n
}

func (e everyAccountScreen) writeRow(b *strings.Builder, k *twilio.Key, c everyCols) {
	a := &e.accounts[e.index[k.SID]]
	writeCell(b, sanitize.Line(a.account.FriendlyName, everyAccountWidth), everyAccountWidth)
	b.WriteString("  ")
	if k.SID == a.account.SID { // the account's own row: what went wrong
		b.WriteString(sanitize.Line(a.account.SID+"  "+e.problem(*a), c.rest()))
		return
	}
	writeCell(b, sanitize.Line(k.FriendlyName, c.name), c.name)
	if c.sid {
		b.WriteString("  ")
		writeCell(b, sanitize.Line(k.SID, sidWidth), sidWidth)
	}
	if c.created {
		b.WriteString("  ")
		writeDate(b, k.DateCreated, listDateLayout)
	}
	b.WriteString("  ")
	writeAge(b, k, c.columns)
}

func (e everyAccountScreen) emptyText() string {
	switch l := &e.list; {
	case l.store.Total() > 0:
		return "  No key matches “" + sanitize.Line(l.filter.Value(), l.width/2) + "”. esc clears the filter."
	case e.loading:
		return "  Listing every account's keys…"
	case l.failed:
		return "  The accounts could not be listed. Press R to try again."
	}
	return "  No account has API keys yet."
}

// position says where the screen is, how many keys in how many accounts,
// which accounts were closed or failed, and the progress while loading.
func (e everyAccountScreen) position(spin string, c columns) string {
	l := &e.list
	var s string
	if n := l.store.Len(); n > 0 {
		s = count(l.offset+1) + "–" + count(min(l.offset+l.rows(), n)) + " of " + count(n)
		switch {
		case l.store.query == "":
		case n == 1:
			s += " match"
		default:
			s += " matches"
		}
		s += " · "
	}
	keys, closed, failed := 0, 0, 0
	for _, a := range e.accounts {
		keys += a.keys
		switch {
		case a.skipped:
			closed++
		case a.err != nil:
			failed++
		}
	}
	s += plural(keys, "key", "keys") + " in " + plural(len(e.accounts), "account", "accounts")
	if closed > 0 {
		s += " · " + count(closed) + " closed"
	}
	if failed > 0 {
		s += " · ✗ " + count(failed) + " failed"
	}
	if e.loading {
		s += " · " + spin + " Loading…"
	}
	if l.staleShown(c) {
		s += " · " + staleLegend(c.maxAge)
	}
	return sanitize.Line(s, l.width)
}
