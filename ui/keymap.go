package ui

import (
	"github.com/charmbracelet/bubbles/key"
)

// updateKeymap enables exactly the bindings that work in the current view, so
// that key.Matches ignores the others and the footer lists only what works.
func (m *Model) updateKeymap() {
	k := &m.keys
	k.Reload.SetHelp("R", "reload")
	k.Submit.SetHelp("enter", "submit")
	k.Done.SetHelp("enter", "done")
	k.Cancel.SetHelp("esc", "cancel")
	k.New.SetHelp("n", "new key")
	k.Rotate.SetHelp("o", "rotate")
	switch {
	case m.state == stateAuthFailed:
		k.Enable(&k.AnyKey)
	case m.tooSmall() && m.typing():
		k.Enable(&k.ForceQuit)
	case m.tooSmall():
		k.Enable(&k.Quit, &k.ForceQuit)
	case m.state == stateConnecting:
		k.Enable(&k.Quit, &k.ForceQuit)
	case m.state == stateStartError:
		k.Reload.SetHelp("R", "retry")
		k.Enable(&k.Reload, &k.Quit, &k.ForceQuit)
	case m.state == stateList && m.list.filtering:
		k.Enable(&k.ApplyFilter, &k.ClearFilter, &k.ForceQuit)
	case m.state == stateList:
		// New and Rotate stay on in a suspended account, to say why they do nothing.
		if accountBlocked(m.account) != "" {
			k.New.SetHelp("n", "new key (off)")
			k.Rotate.SetHelp("o", "rotate (off)")
		}
		k.Enable(&k.Up, &k.Down, &k.Top, &k.Bottom, &k.PageUp, &k.PageDown,
			&k.Filter, &k.New, &k.CheckKey, &k.Reload, &k.Help, &k.Quit, &k.ForceQuit)
		_, _, ok := m.list.selected()
		k.Details.SetEnabled(ok)
		k.Rename.SetEnabled(ok)
		k.Delete.SetEnabled(ok)
		k.Rotate.SetEnabled(ok)
		k.Accounts.SetEnabled(m.cfg.ForAccount != nil)
		k.ClearFilter.SetEnabled(m.list.store.query != "")
	case m.busy != "":
		k.Enable(&k.ForceQuit)
	case m.state == stateCreate:
		k.Submit.SetHelp("enter", "create")
		k.Enable(&k.NextField, &k.PrevField, &k.Submit, &k.Cancel, &k.ForceQuit)
		f := m.create.focus
		k.Choose.SetEnabled(f == focusStandard || f == focusMain)
		k.CopyConsoleURL.SetEnabled(m.mainInConsoleOnly() && f != focusName)
	case m.state == stateSecret && m.secret.confirmClose:
		k.Enable(&k.Yes, &k.No, &k.ForceQuit)
	case m.state == stateSecret:
		k.Enable(&k.CopySecret, &k.CopySID, &k.CopyEnv, &k.Acknowledge, &k.Done, &k.Close, &k.ForceQuit)
		if m.rot.active() {
			k.Done.SetHelp("enter", "next step")
			k.Reload.SetHelp("R", "check again")
			k.Reload.SetEnabled(m.rot.checked && m.rot.checkErr != nil)
		}
	case m.state == stateRename:
		k.Submit.SetHelp("enter", "rename")
		k.Enable(&k.Submit, &k.Cancel, &k.ForceQuit)
	case m.state == stateDelete:
		k.Submit.SetHelp("enter", "press button")
		k.Enable(&k.SwitchButton, &k.Submit, &k.Cancel, &k.ForceQuit)
	case m.state == stateDetails:
		k.Enable(&k.Rename, &k.Delete, &k.Rotate, &k.Back, &k.Help, &k.Quit, &k.ForceQuit)
	case m.state == stateAccounts:
		k.Submit.SetHelp("enter", "show its keys")
		k.Enable(&k.ArrowUp, &k.ArrowDown, &k.Submit, &k.Cancel, &k.ForceQuit)
	case m.state == stateCheck:
		k.Submit.SetHelp("enter", "check")
		k.Enable(&k.NextField, &k.PrevField, &k.Submit, &k.Cancel, &k.ForceQuit)
	case m.state == stateRotateOldKey:
		k.Cancel.SetHelp("esc", "stop here")
		k.Enable(&k.DeleteOld, &k.KeepOld, &k.Cancel, &k.ForceQuit)
	case m.state == stateHelp:
		k.Enable(&k.Up, &k.Down, &k.Back, &k.Help, &k.Quit, &k.ForceQuit)
	}
}

// typing is true when a text field has the keyboard, so q must type a q.
func (m *Model) typing() bool {
	switch m.state {
	case stateCreate:
		return m.create.focus == focusName
	case stateRename, stateDelete, stateAccounts, stateCheck:
		return true
	case stateList:
		return m.list.filtering
	}
	return false
}

// shortHelp is the footer: the enabled bindings that matter most in this view,
// in the order a newcomer needs them. The help view lists the rest.
func (m *Model) shortHelp() []key.Binding {
	k := &m.keys
	if m.state == stateList && !m.list.filtering {
		// Help comes early: at 80 columns the footer cannot show every key.
		return []key.Binding{k.New, k.Filter, k.Details, k.Help, k.Rename, k.Delete, k.Rotate, k.Accounts,
			k.CheckKey, k.ClearFilter, k.Reload, k.Quit}
	}
	if m.state == stateRotateOldKey {
		return []key.Binding{k.DeleteOld, k.KeepOld, k.Cancel}
	}
	var out []key.Binding
	for _, b := range k.All() {
		if b.Enabled() && b != &k.ForceQuit {
			out = append(out, *b)
		}
	}
	if len(out) == 0 {
		out = append(out, k.ForceQuit)
	}
	return out
}
