package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/clipboard"
)

// Every network result comes back to Update as one of these messages. They
// carry copies, never pointers into the model.

type accountMsg struct {
	account twilio.Account
	err     error
}

// keysPageMsg is one page of the key list, already sorted newest first and
// indexed for search. next waits for the following page.
type keysPageMsg struct {
	gen  int
	page []keyEntry
	next tea.Cmd
}

// keysDoneMsg ends a listing; err is nil when every page arrived.
type keysDoneMsg struct {
	gen int
	err error
}

// keyCreatedMsg holds the only copy of the new secret outside Twilio. The
// model moves it into the secret modal and drops it when the modal closes.
// The secret is held apart, by a pointer to the string alone: fmt prints
// such a pointer as an address whatever the verb, so a panic or a debug
// print of a message or of the model cannot spell the secret out (a NewKey
// in an unexported field would bypass NewKey's Format).
type keyCreatedMsg struct {
	key    twilio.Key
	secret *string
	err    error
}

type keyRenamedMsg struct {
	key twilio.Key
	err error
}

type keyDeletedMsg struct {
	key twilio.Key // the key as it was listed, to name it in the status line
	err error
}

// copiedMsg reports what the clipboard did with a copy.
type copiedMsg struct {
	what   string // "Secret", "SID", … for the status line
	secret bool   // the copy held the secret, so it must be cleared later
	result clipboard.Result
	err    error
}

// clearClipboardMsg is the auto-clear timer firing for copy number seq.
type clearClipboardMsg struct{ seq int }

// clipboardClearedMsg reports what the auto-clear did.
type clipboardClearedMsg struct {
	done clipboard.Clearing
	err  error
}

// statusExpiredMsg clears the status line if it still shows message id.
type statusExpiredMsg struct{ id int }

// accountsMsg is the credentials' subaccounts, for the account picker.
type accountsMsg struct {
	subaccounts []twilio.Account
	err         error
}

// keyCheckedMsg is Twilio's answer to the check form. It carries the SID it
// was about, never the secret.
type keyCheckedMsg struct {
	sid     string
	err     error
	main    bool  // Twilio let the key manage keys, which only a Main key may
	typeErr error // no answer to that second question: main tells nothing
}

// replacementCheckedMsg is Twilio's answer to the check of a rotation's new key.
type replacementCheckedMsg struct {
	sid string
	err error
}
