// Package keymap is the console's one keymap. Bindings that share a key (c copies
// the secret in the modal and the Console address in the create form) are
// separate bindings; the UI enables only those that work in the current view,
// so help stays truthful and a disabled binding never matches.
package keymap

import "github.com/charmbracelet/bubbles/key"

// KeyMap holds every binding of the console.
type KeyMap struct {
	// Moving in the key list.
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding

	// Acting on keys from the list (and from details).
	Details, New, Rename, Delete, Rotate, CheckKey, Accounts, Filter, ApplyFilter, ClearFilter, Reload key.Binding

	// YankSID copies the selected key's SID (y, as in k9s and lazygit).
	YankSID key.Binding

	// The keys of every account at once.
	EveryAccount key.Binding

	// Lists that take typing (the account picker): arrows only, since j and k type.
	ArrowUp, ArrowDown key.Binding

	// Forms: create, rename and the delete confirmation.
	NextField, PrevField, Choose, Submit, Cancel, CopyConsoleURL, SwitchButton key.Binding

	// The new key's secret modal.
	CopySecret, CopySID, CopyEnv, Acknowledge, Done, Close, Yes, No key.Binding

	// The last step of a rotation: what to do with the old key.
	DeleteOld, KeepOld key.Binding

	// Auth Tokens: open the screen from the list; rotate or delete there.
	AuthTokens, RotateToken, DeleteSecondary key.Binding

	// Everywhere.
	Help, Back, Quit, ForceQuit, AnyKey key.Binding
}

// Group is a titled set of bindings, as the help view shows them.
type Group struct {
	Title    string
	Bindings []key.Binding
}

// Default returns the keymap with every binding enabled.
func Default() KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Up:       b("↑/k", "up", "up", "k"),
		Down:     b("↓/j", "down", "down", "j"),
		Top:      b("g/home", "first key", "g", "home"),
		Bottom:   b("G/end", "last key", "G", "end"),
		PageUp:   b("pgup/ctrl+u", "page up", "pgup", "ctrl+u"),
		PageDown: b("pgdn/ctrl+d", "page down", "pgdown", "ctrl+d"),

		Details:     b("enter", "details", "enter"),
		New:         b("n", "new key", "n"),
		Rename:      b("r", "rename", "r"),
		Delete:      b("d", "delete", "d"),
		Rotate:      b("o", "rotate", "o"),
		CheckKey:    b("v", "check a key", "v"),
		Accounts:    b("a", "accounts", "a"),
		Filter:      b("/", "filter", "/"),
		ApplyFilter: b("enter", "keep filter", "enter"),
		ClearFilter: b("esc", "clear filter", "esc"),
		Reload:      b("R", "reload", "R"),
		YankSID:     b("y", "copy SID", "y"),

		EveryAccount: b("A", "all accounts", "A"),

		ArrowUp:   b("↑", "up", "up"),
		ArrowDown: b("↓", "down", "down"),

		NextField:      b("tab/↓", "next field", "tab", "down"),
		PrevField:      b("shift+tab/↑", "previous field", "shift+tab", "up"),
		Choose:         b("space", "pick", " "),
		Submit:         b("enter", "submit", "enter"),
		Cancel:         b("esc", "cancel", "esc"),
		CopyConsoleURL: b("c", "copy Console address", "c"),
		SwitchButton:   b("tab/←/→", "switch button", "tab", "shift+tab", "left", "right"),

		CopySecret:  b("c", "copy secret", "c"),
		CopySID:     b("s", "copy SID", "s"),
		CopyEnv:     b("e", "copy both as env lines", "e"),
		Acknowledge: b("space", "I have saved them", " "),
		Done:        b("enter", "done", "enter"),
		Close:       b("esc", "close", "esc"),
		Yes:         b("y", "yes, close", "y"),
		No:          b("n/esc", "no, keep it open", "n", "N", "esc"),

		DeleteOld: b("d", "delete the old key", "d"),
		KeepOld:   b("k", "keep the old key", "k"),

		AuthTokens:      b("t", "Auth Tokens", "t"),
		RotateToken:     b("o", "rotate the Auth Token", "o"),
		DeleteSecondary: b("d", "delete the secondary", "d"),

		Help:      b("?", "help", "?"),
		Back:      b("esc", "back", "esc"),
		Quit:      b("q", "quit", "q"),
		ForceQuit: b("ctrl+c", "quit now", "ctrl+c"),
		AnyKey:    b("any key", "quit", ""),
	}
}

// All returns pointers to every binding, so a caller can enable them by state.
func (k *KeyMap) All() []*key.Binding {
	return []*key.Binding{
		&k.Up, &k.Down, &k.Top, &k.Bottom, &k.PageUp, &k.PageDown,
		&k.Details, &k.New, &k.Rename, &k.Delete, &k.Rotate, &k.CheckKey, &k.Accounts, &k.EveryAccount,
		&k.Filter, &k.ApplyFilter, &k.ClearFilter, &k.Reload, &k.YankSID, &k.ArrowUp, &k.ArrowDown,
		&k.NextField, &k.PrevField, &k.Choose, &k.Submit, &k.Cancel, &k.CopyConsoleURL, &k.SwitchButton,
		&k.CopySecret, &k.CopySID, &k.CopyEnv, &k.Acknowledge, &k.Done, &k.Close, &k.Yes, &k.No,
		&k.DeleteOld, &k.KeepOld,
		&k.AuthTokens, &k.RotateToken, &k.DeleteSecondary,
		&k.Help, &k.Back, &k.Quit, &k.ForceQuit, &k.AnyKey,
	}
}

// Enable turns on exactly the given bindings and turns every other one off.
func (k *KeyMap) Enable(on ...*key.Binding) {
	for _, b := range k.All() {
		b.SetEnabled(false)
	}
	for _, b := range on {
		b.SetEnabled(true)
	}
}

// Groups lists every binding by topic for the help view, enabled or not.
func (k KeyMap) Groups() []Group {
	return []Group{
		{"Moving", []key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}},
		{"Keys", []key.Binding{k.Details, k.New, k.Rename, k.Delete, k.Rotate, k.CheckKey, k.YankSID, k.Accounts,
			k.EveryAccount, k.Filter, k.ClearFilter, k.Reload}},
		{"Forms and pickers", []key.Binding{k.NextField, k.PrevField, k.ArrowUp, k.ArrowDown, k.Choose, k.Submit,
			k.Cancel, k.CopyConsoleURL, k.SwitchButton}},
		{"New key's secret", []key.Binding{k.CopySecret, k.CopySID, k.CopyEnv, k.Acknowledge, k.Done, k.Close}},
		{"Rotation, last step", []key.Binding{k.DeleteOld, k.KeepOld}},
		{"Auth Tokens", []key.Binding{k.AuthTokens, k.RotateToken, k.DeleteSecondary}},
		{"General", []key.Binding{k.Help, k.Back, k.Quit, k.ForceQuit}},
	}
}

// Reset turns every binding off and gives back the help texts that screens
// reword for their context ("enter create", "esc stop here"), so each screen
// starts from the same keymap when it enables its own.
func (k *KeyMap) Reset() {
	k.Enable()
	k.Reload.SetHelp("R", "reload")
	k.Submit.SetHelp("enter", "submit")
	k.Done.SetHelp("enter", "done")
	k.Cancel.SetHelp("esc", "cancel")
	k.New.SetHelp("n", "new key")
	k.Rotate.SetHelp("o", "rotate")
	k.Acknowledge.SetHelp("space", "I have saved them")
}
