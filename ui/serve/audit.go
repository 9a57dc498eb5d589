package serve

import (
	"encoding/json"
	"io"
	"sync"
	"time"

	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// Record is one line of the audit log. It names who (the SSH user name the
// client gave, which proves nothing, and the fingerprint of the key that
// signed in, which does), from where, with which role, what they did, on
// which account and key, and how it went. It never holds a secret or a
// token: nothing that could carry one is ever put in a field.
type Record struct {
	Time       time.Time `json:"time"`
	Event      string    `json:"event"`             // see the Event constants
	Session    string    `json:"session,omitempty"` // numbers the sessions of this server run
	User       string    `json:"user,omitempty"`
	Key        string    `json:"key,omitempty"`         // SHA256:… fingerprint
	KeyComment string    `json:"key_comment,omitempty"` // the comment on its authorized_keys line
	From       string    `json:"from,omitempty"`        // the client's address
	Role       string    `json:"role,omitempty"`
	Kind       string    `json:"kind,omitempty"`    // console or command
	Command    string    `json:"command,omitempty"` // a command's name, never its arguments
	Action     Action    `json:"action,omitempty"`
	Account    string    `json:"account,omitempty"`
	KeySID     string    `json:"key_sid,omitempty"`
	Outcome    string    `json:"outcome,omitempty"` // ok, refused or failed
	Error      string    `json:"error,omitempty"`
	Reason     string    `json:"reason,omitempty"` // why a session ended or was refused
	Code       *int      `json:"exit_code,omitempty"`
}

// The events.
const (
	EventAuthRefused    = "auth.refused"    // a key that is not in authorized_keys
	EventSessionRefused = "session.refused" // signed in, but a limit or the key's options refused the session
	EventSessionStart   = "session.start"
	EventSessionEnd     = "session.end"
	EventAction         = "action"
	EventServerStart    = "server.start"
	EventServerStop     = "server.stop"
)

// The outcomes of an action.
const (
	OutcomeOK      = "ok"
	OutcomeRefused = "refused" // the role does not allow it; nothing was sent to Twilio
	OutcomeFailed  = "failed"  // Twilio or the network said no
)

// maxErrorText bounds an error in the log: enough to tell one failure from
// another, never a whole server response.
const maxErrorText = 200

// auditLog writes Records as JSON lines, one Write per line, so lines from
// concurrent sessions never interleave.
type auditLog struct {
	mu      sync.Mutex
	w       io.Writer
	now     func() time.Time
	onError func(error) // told once about the first failed write
	failed  bool
}

func (a *auditLog) write(r Record) {
	if a == nil || a.w == nil {
		return
	}
	r.Time = a.now().UTC()
	r.User = sanitize.Line(r.User, 64)
	r.KeyComment = sanitize.Line(r.KeyComment, 64)
	if r.Error != "" {
		r.Error = sanitize.Line(r.Error, maxErrorText)
	}
	line, err := json.Marshal(r)
	if err != nil {
		return // a Record always marshals
	}
	line = append(line, '\n')
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, err := a.w.Write(line); err != nil && !a.failed {
		a.failed = true
		if a.onError != nil {
			a.onError(err)
		}
	}
}
