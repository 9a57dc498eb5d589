package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// A screen is one view of the console: the list, a form, a dialog. It owns
// its own state, keys and drawing; what every screen shares (the account,
// the key list, sizes, styles, the keymap) it reads from *shared, which the
// root owns. A screen never changes which screen is in front: it returns an
// intent and the root acts on it, so navigation lives in one place.
type screen interface {
	// id names the screen for tests, logs and the registry.
	id() state
	// update handles a key, or a result the root passes on to the screen in
	// front. It returns the screen as it now is, a Cmd, and what it asks of
	// the root (nil for nothing).
	update(s *shared, msg tea.Msg) (screen, tea.Cmd, intent)
	// view draws the body: everything between the header and the footer.
	view(s *shared) string
	// bindings enables the keys that work now and returns the footer's keys
	// in the order a newcomer needs them, or nil for every enabled key.
	bindings(s *shared) []key.Binding
	// takesText is true while a text field has the keyboard, so q types a q.
	takesText(s *shared) bool
	// resize is called whenever the body's size may have changed, and when
	// the screen comes to the front: text fields get their widths here,
	// never while drawing.
	resize(s *shared) screen
}

// Optional abilities a screen may have.
type (
	// spinning screens show the spinner while they wait for something.
	spinning interface{ spinning() bool }
	// everyKeyQuits screens end the program on any key, even when the
	// terminal is too small to show them.
	everyKeyQuits interface{ everyKeyQuits() }
	// opensFromList screens open from the key list with a key of their
	// own; the list and the help find them in the registry, so such a
	// screen is its file and its registry line, nothing else.
	opensFromList interface {
		listKey() key.Binding
		openFromList(s *shared) screen
	}
	// droppers hold a secret, which drop forgets.
	dropper interface{ drop() }
)

// state names a screen; each screen's file declares its own.
type state string

func (s state) String() string { return string(s) }

// registry has an example of every screen. TestScreensRegistered fails when
// a screen type or a state is missing from it, so adding a view is one file
// (the screen and its state) and one line here.
var registry = []screen{
	connectingScreen{}, startErrorScreen{}, authFailedScreen{},
	listScreen{}, detailsScreen{}, helpScreen{}, pickerScreen{}, checkScreen{},
	createScreen{}, secretScreen{}, renameScreen{}, deleteScreen{},
	oldKeyScreen{},
	authTokensScreen{}, tokenRotationFlow{},
	everyAccountScreen{},
	aboutScreen{},
}

// An intent is what a screen asks of the root. The root applies it in the
// same Update, so a key that closes a dialog never leaves a frame with the
// dialog still in front.
type intent any

// The intents.
type (
	// toList closes the screen in front and shows the list, saying what
	// happened in the status line and reloading if asked to.
	toList struct {
		say    say
		reload bool
	}
	// open puts a screen in front.
	open struct{ screen screen }
	// working says a request is in flight: the status line shows it and the
	// screen takes no keys but ctrl+c until its result arrives.
	working struct{ what string }
	// showSecret asks for the new key's secret to be shown.
	showSecret struct {
		key    twilio.Key
		secret *string
	}
	// secretClosed reports the secret modal closing, with the secret
	// already dropped; saved is false when the user closed it unticked.
	secretClosed struct {
		key   twilio.Key
		saved bool
	}
	// deleted reports a key gone; gone is true when Twilio no longer knew it.
	deleted struct {
		key  twilio.Key
		gone bool
	}
	// switchAccount shows another account's keys through svc.
	switchAccount struct {
		account twilio.Account
		svc     Service
	}
	reload       struct{} // list the keys again
	connect      struct{} // fetch the account again, after a start-up error
	quitRejected struct{} // quit, returning ErrCredentialsRejected
)

// say is a status line message an intent carries.
type say struct {
	text  string
	isErr bool // an error, which stays until the next key
	keep  bool // a note that stays until the next key rather than a flash
}

// flash, note and failText build the kinds of say.
func flash(text string) say    { return say{text: text} }
func note(text string) say     { return say{text: text, keep: true} }
func failText(text string) say { return say{text: text, isErr: true} }
func (s say) empty() bool      { return s.text == "" }
