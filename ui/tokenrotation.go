package ui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// tokenRotationFlow rotates the Auth Token the console signs in with, the
// way Twilio avoids downtime: 1 create a secondary token; 2 show it once in
// the secret modal; 3 a checklist (every app and secret store updated); 4
// check that Twilio accepts it; 5 promote it behind the typed last four of
// the old token, the one that stops working. Then the console goes on with
// the new token and says what to update where the credentials came from.
// The flow keeps the secondary token from creation until promotion, to
// check it; it is drawn only in step 2, and forgotten when the flow ends.
type tokenRotationFlow struct {
	step     int
	token    *string // the secondary token; nil before creation and after the flow
	secret   secretScreen
	ticked   bool // step 3: "I have updated every app"
	checked  bool // step 4: Twilio answered
	checkErr error
	typed    textinput.Model // step 5: the old token's last four
	oldLast4 string
	busy     string // what is in flight, or ""
	hint     string
	err      error
}

// The steps.
const (
	stepCreate = iota + 1
	stepShow
	stepChecklist
	stepVerify
	stepPromote
	stepDone
)

var stepTitles = [...]string{
	stepCreate:    "step 1 of 5: create a secondary token",
	stepShow:      "step 2 of 5: save the secondary token",
	stepChecklist: "step 3 of 5: put it everywhere",
	stepVerify:    "step 4 of 5: check it works",
	stepPromote:   "step 5 of 5: promote it",
	stepDone:      "done",
}

// useCredentials asks the root to go on with other credentials: after a
// promotion the old token is refused everywhere, the console included.
type useCredentials struct{ creds Credentials }

const stateTokenRotation state = "auth token rotation"

func newTokenRotation(s *shared) tokenRotationFlow {
	last4, _ := s.cfg.AuthTokens.AuthTokenLast4()
	return tokenRotationFlow{step: stepCreate, oldLast4: last4}
}

func (tokenRotationFlow) id() state               { return stateTokenRotation }
func (f tokenRotationFlow) spinning() bool        { return f.busy != "" }
func (f tokenRotationFlow) resize(*shared) screen { return f }
func (f tokenRotationFlow) takesText(*shared) bool {
	return f.step == stepPromote && f.busy == ""
}

// drop forgets the secondary token, the modal's copy and the flow's.
func (f tokenRotationFlow) drop() {
	f.secret.drop()
	if f.token != nil {
		*f.token = ""
	}
}

func checkSecondaryCmd(ctx context.Context, t AuthTokens, token string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		return secondaryCheckedMsg{err: t.CheckAuthToken(ctx, token)}
	}
}

func promoteCmd(ctx context.Context, t AuthTokens) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		p, err := t.PromoteAuthToken(ctx)
		token := p.Token
		return tokenPromotedMsg{token: &token, err: err}
	}
}

func (f tokenRotationFlow) update(s *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	switch msg := msg.(type) {
	case secondaryCreatedMsg:
		return f.created(s, msg)
	case secondaryCheckedMsg:
		f.busy, f.checked, f.checkErr = "", true, msg.err
		return f, nil, nil
	case tokenPromotedMsg:
		return f.promoted(s, msg)
	case tea.KeyMsg:
		if f.busy != "" {
			return f, nil, nil
		}
		return f.key(s, msg)
	}
	return f, nil, nil
}

func (f tokenRotationFlow) created(s *shared, msg secondaryCreatedMsg) (screen, tea.Cmd, intent) {
	f.busy = ""
	if msg.err != nil {
		if outcomeUnknown(msg.err) {
			return f.stop(s, "no answer from Twilio: a secondary token may exist that nobody has seen; delete it with d, or start again (that replaces it)")
		}
		f.err = msg.err
		return f, nil, nil
	}
	s.tokens.record("created", s.cfg.Now())
	f.token = msg.token
	shown := *msg.token // the modal's own copy: closing it blanks that one only
	f.secret = secretScreen{account: s.home.SID, secret: &shown, title: "Rotate Auth Token · " + stepTitles[stepShow]}
	f.step = stepShow
	return f, nil, nil
}

func (f tokenRotationFlow) promoted(s *shared, msg tokenPromotedMsg) (screen, tea.Cmd, intent) {
	f.busy = ""
	switch {
	case msg.err != nil && outcomeUnknown(msg.err):
		return f.stop(s, "no answer from Twilio: the secondary token may now be the primary. Restart the console with the token you saved; if Twilio refuses the old one, the promotion happened")
	case twilio.IsNotFound(msg.err):
		return f.stop(s, "Twilio has no secondary token any more (deleted elsewhere?); the old token is still the primary")
	case msg.err != nil:
		f.err = msg.err
		return f, nil, nil
	}
	creds, err := s.cfg.AuthTokens.SignedInWith(*msg.token)
	*msg.token = ""
	f.drop()
	f.token = nil
	if err != nil {
		return f.stop(s, "promoted, but the console cannot sign in with the new token ("+describeError(err)+"); restart it with the token you saved")
	}
	s.tokens.record("promoted", s.cfg.Now())
	f.step = stepDone
	return f, nil, useCredentials{creds}
}

func (f tokenRotationFlow) key(s *shared, km tea.KeyMsg) (screen, tea.Cmd, intent) {
	k := &s.keys
	if f.step == stepShow {
		child, cmd, in := f.secret.update(s, km)
		f.secret = child.(secretScreen)
		closed, ok := in.(secretClosed)
		switch {
		case !ok:
			return f, cmd, in
		case !closed.saved:
			return f.stop(s, "the secondary token was not confirmed saved, so nothing was promoted; it works until you delete it (d)")
		}
		f.step = stepChecklist
		return f, cmd, nil
	}
	if key.Matches(km, k.Cancel) && f.step != stepDone {
		if f.step == stepCreate {
			return f, nil, open{authTokensScreen{}}
		}
		return f.stop(s, "nothing was promoted; the secondary token works alongside the primary until you promote it (twilio-keys token promote --yes) or delete it (d)")
	}
	f.hint, f.err = "", nil
	switch f.step {
	case stepCreate:
		if key.Matches(km, k.Submit) {
			f.busy = "Creating a secondary Auth Token…"
			return f, tea.Batch(createSecondaryCmd(s.ctx, s.cfg.AuthTokens), s.spinner.Tick), nil
		}
	case stepChecklist:
		switch {
		case key.Matches(km, k.Acknowledge):
			f.ticked = !f.ticked
		case key.Matches(km, k.Submit) && !f.ticked:
			f.hint = "Tick the box with space once every app and secret store has the secondary token."
		case key.Matches(km, k.Submit):
			f.step = stepVerify
			return f.check(s)
		}
	case stepVerify:
		switch {
		case key.Matches(km, k.Reload):
			return f.check(s)
		case key.Matches(km, k.Submit) && f.checked && f.checkErr == nil:
			f.step = stepPromote
			f.typed = newInput("> ", "last 4", 4)
			setInputWidth(&f.typed, 10)
			return f, f.typed.Focus(), nil
		case key.Matches(km, k.Submit):
			f.hint = "Twilio has not accepted the secondary token; press R to check again."
		}
	case stepPromote:
		if !key.Matches(km, k.Submit) {
			var cmd tea.Cmd
			f.typed, cmd = f.typed.Update(km)
			return f, cmd, nil
		}
		if f.oldLast4 == "" || !strings.EqualFold(strings.TrimSpace(f.typed.Value()), f.oldLast4) {
			f.hint = "Type the last 4 characters of the current Auth Token, the one that stops working."
			return f, nil, nil
		}
		f.busy = "Promoting the secondary Auth Token…"
		return f, tea.Batch(promoteCmd(s.ctx, s.cfg.AuthTokens), s.spinner.Tick), nil
	case stepDone:
		if key.Matches(km, k.Done) {
			return f, nil, toList{say: note("Auth Token rotated: the console signs in with the new one. " + updateWhere(s.cfg.Source))}
		}
	}
	return f, nil, nil
}

func (f tokenRotationFlow) check(s *shared) (screen, tea.Cmd, intent) {
	f.busy, f.checked, f.checkErr = "Checking the secondary Auth Token…", false, nil
	return f, tea.Batch(checkSecondaryCmd(s.ctx, s.cfg.AuthTokens, *f.token), s.spinner.Tick), nil
}

// stop ends the rotation early, forgetting the token, and says why on the
// Auth Tokens screen's status line.
func (f tokenRotationFlow) stop(s *shared, why string) (screen, tea.Cmd, intent) {
	f.drop()
	return f, nil, toList{say: note("Auth Token rotation stopped: " + why)}
}

// updateWhere says what the user must update after a promotion, given where
// the credentials came from. The console never writes those places.
func updateWhere(source string) string {
	switch {
	case source == "sandbox":
		return "The sandbox prints its new Auth Token at its next start."
	case strings.HasPrefix(source, "environment"):
		return "Update TWILIO_AUTH_TOKEN in your environment (shell profile, .env files) and in every app, CI and secret store; this console changes none of them."
	}
	return "Update the Auth Token where these credentials came from (" + source + ") and in every app, CI and secret store; this console changes none of them."
}
