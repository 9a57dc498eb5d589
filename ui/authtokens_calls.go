package ui

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// AuthTokens is what the Auth Tokens screen needs: the rotation calls on
// the credentials' own account, and a way to go on with a promoted token.
// AuthTokensOf gives it for the real client; tests use a fake.
type AuthTokens interface {
	// AuthTokenLast4 is the end of the token the console signs in with.
	AuthTokenLast4() (string, bool)
	CreateSecondaryAuthToken(ctx context.Context) (twilio.SecondaryAuthToken, error)
	DeleteSecondaryAuthToken(ctx context.Context) error
	CheckAuthToken(ctx context.Context, token string) error
	PromoteAuthToken(ctx context.Context) (twilio.PromotedAuthToken, error)
	// SignedInWith returns the console's services signed in with token,
	// for the rest of the session after a promotion.
	SignedInWith(token string) (Credentials, error)
}

// Credentials are the console's services for one set of credentials.
type Credentials struct {
	Service    Service
	ForAccount func(accountSID string) (Service, error)
	AuthTokens AuthTokens
}

// AuthTokensOf is Config.AuthTokens for the real client, or nil when it
// signs in with an API key, which has no Auth Token to rotate or follow.
func AuthTokensOf(c *twilio.Client) AuthTokens {
	if c.UsesAPIKey() {
		return nil
	}
	return clientTokens{c}
}

type clientTokens struct{ *twilio.Client }

func (c clientTokens) SignedInWith(token string) (Credentials, error) {
	next, err := c.WithAuthToken(token)
	if err != nil {
		return Credentials{}, err
	}
	return Credentials{Service: next, ForAccount: ForAccountOf(next), AuthTokens: clientTokens{next}}, nil
}

// tokenSession is what this session knows of the secondary token: Twilio's
// API cannot be asked whether one exists, so the screen says what happened
// here, and when.
type tokenSession struct {
	event string    // "created", "deleted", "promoted", or "" when nothing happened here
	at    time.Time // when
}

func (t *tokenSession) record(event string, at time.Time) { t.event, t.at = event, at }

// Results of the token calls.
type (
	secondaryCreatedMsg struct {
		token *string // a pointer fmt cannot see through, as a key's secret
		at    time.Time
		err   error
	}
	secondaryDeletedMsg struct{ err error }
	secondaryCheckedMsg struct{ err error }
	tokenPromotedMsg    struct {
		token *string
		err   error
	}
)

func createSecondaryCmd(ctx context.Context, t AuthTokens) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		sec, err := t.CreateSecondaryAuthToken(ctx)
		token := sec.Token
		return secondaryCreatedMsg{token: &token, at: sec.DateCreated, err: err}
	}
}

func deleteSecondaryCmd(ctx context.Context, t AuthTokens) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		return secondaryDeletedMsg{err: t.DeleteSecondaryAuthToken(ctx)}
	}
}

// tokenKey is the secret modal's keys when it shows an Auth Token: c copies
// the token, s the Account SID, e the env line.
func (s secretScreen) tokenKey(sh *shared, km tea.KeyMsg, token string) (screen, tea.Cmd, intent) {
	k := &sh.keys
	switch {
	case key.Matches(km, k.CopySecret):
		return s, copyCmd(sh.cfg.Clipboard, "Auth Token", token, true), nil
	case key.Matches(km, k.CopySID):
		return s, copyCmd(sh.cfg.Clipboard, "Account SID", s.account, false), nil
	case key.Matches(km, k.CopyEnv):
		// The same validated, single-quoted line the scripting commands print,
		// so a pasted or eval'd line can carry nothing but the token.
		line, err := twilio.SecondaryAuthToken{Token: token}.EnvLine()
		if err != nil {
			return s, nil, failText("Not copied: the " + describeError(err))
		}
		return s, copyCmd(sh.cfg.Clipboard, "env line", line, true), nil
	}
	s.account, s.key = "", twilio.Key{} // the key modal's other keys (tick, done, close) work alike
	child, cmd, in := s.update(sh, km)
	next := child.(secretScreen)
	next.account = sh.home.SID
	if next.hint != "" && next.hold == "" {
		next.hint = "Tick the box with space once the secondary Auth Token is saved."
	}
	return next, cmd, in
}

// tokenFields are the secret modal's sections for an Auth Token.
func (s secretScreen) tokenFields(sh *shared, token, box string) []string {
	st := sh.styles
	width := sh.modalWidth()
	field := func(label, value string) string { return st.Modal.Label.Render(padRight(label, 13)) + value }
	return []string{
		field("Account SID", st.Modal.Value.Render(sanitize.Line(s.account, sidWidth))) + "\n" +
			field("Secondary", st.Modal.Secret.Render(sanitize.Text(token))),
		st.Modal.Warning.Width(width).Render("This is the only time this Auth Token will be shown. " +
			"It works wherever the primary does until promoted or deleted; e copies it as TWILIO_AUTH_TOKEN='…'"),
		box + " I have saved the secondary Auth Token somewhere safe",
	}
}

// useCredentials goes on with the credentials a promotion left: every
// service the console holds is replaced, and the keys are listed again,
// which shows at once that the new token works.
func (m Model) useCredentials(in useCredentials, cmd tea.Cmd) (Model, tea.Cmd) {
	c := in.creds
	m.cfg.Service, m.cfg.ForAccount, m.cfg.AuthTokens = c.Service, c.ForAccount, c.AuthTokens
	m.svc = c.Service
	if m.account.SID != m.home.SID && c.ForAccount != nil {
		if sub, err := c.ForAccount(m.account.SID); err == nil {
			m.svc = sub
		} else {
			m.account = m.home
		}
	}
	return m, tea.Batch(cmd, m.reload())
}
