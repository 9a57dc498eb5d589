// Package ui is the terminal console for Twilio API keys: a Bubble Tea program
// that lists an account's keys (or a subaccount's), creates them (showing the
// secret once), renames, rotates, checks and deletes them. It talks to Twilio
// only through Service, inside tea.Cmds.
package ui

import (
	"context"
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/clipboard"
)

// Service is what the console needs from Twilio. *twilio.Client satisfies it;
// tests use a fake.
type Service interface {
	FetchAccount(ctx context.Context) (twilio.Account, error)
	ListKeys(ctx context.Context, pageSize int, onPage func([]twilio.Key) error) error
	CreateKey(ctx context.Context, name string, t twilio.KeyType) (twilio.NewKey, error)
	RenameKey(ctx context.Context, sid, name string) (twilio.Key, error)
	DeleteKey(ctx context.Context, sid string) error
	// ListSubaccounts lists the subaccounts of the credentials' account, not
	// the account itself.
	ListSubaccounts(ctx context.Context) ([]twilio.Account, error)
	// CheckKey signs in as the key; nil means Twilio accepts it, and
	// twilio.IsAuthError means it refused it.
	CheckKey(ctx context.Context, keySID, secret string) error
	// CanManageKeys signs in as the key to list keys, which only a Main
	// key may: Twilio's API does not otherwise say a key's type.
	CanManageKeys(ctx context.Context, keySID, secret string) (bool, error)
	IsSandbox() bool
	Region() string
}

// The real client is the Service cmd passes in.
var _ Service = (*twilio.Client)(nil)

// Config is everything the console is started with.
type Config struct {
	Service    Service
	Clipboard  clipboard.Clipboard // where copies go; nil means copying is off
	ClearAfter time.Duration       // clear a copied secret from the clipboard after this long; 0 disables
	Source     string              // where the credentials came from, shown in the header ("sandbox", "environment", …)
	Now        func() time.Time
	MaxAge     time.Duration // keys at least this old are marked due for rotation; 0 marks none

	// ForAccount returns the Service for another account the credentials may
	// manage (a subaccount), so the console can show that account's keys.
	// nil turns the account picker off.
	ForAccount func(accountSID string) (Service, error)

	// Allowed says which actions this user may take; nil allows them all.
	// The keys of the others are off, and hidden from the footer and the
	// help ('twilio-keys serve' gives each role its own).
	Allowed func(Action) bool

	// Renderer draws the styles; nil is lipgloss's default, for this
	// process's terminal. 'twilio-keys serve' gives each session its own,
	// for the colours that session's terminal has.
	Renderer *lipgloss.Renderer

	// AuthTokens rotates the credentials' Auth Token from the Auth Tokens
	// screen (t); nil leaves that screen explaining why it cannot.
	AuthTokens AuthTokens
}

// ForAccountOf is Config.ForAccount for the real client: the same
// credentials, acting on another account.
func ForAccountOf(c *twilio.Client) func(accountSID string) (Service, error) {
	return func(accountSID string) (Service, error) {
		sub, err := c.ForAccount(accountSID)
		if err != nil {
			return nil, err // not a nil *Client inside a non-nil Service
		}
		return sub, nil
	}
}

// ErrCredentialsRejected is what Run returns when Twilio refused the
// credentials at start-up (401/20003) and the user dismissed the explanation.
// cmd maps it to exit code 4.
var ErrCredentialsRejected = errors.New("twilio rejected the credentials (401/20003): use the Account SID and Auth Token, or a Main API key")

// MaxFPS is the frame rate Run asks of Bubble Tea: its most. Bubble Tea
// v1 draws a frame only on its ticker, never when a message arrives, so a
// page of keys waits up to one tick to be seen: 8 ms at 120 fps, 17 ms at
// the default 60. A tick with nothing new costs a string comparison.
const MaxFPS = 120

// Run starts the console in the terminal's alternate screen and blocks until
// the user quits or ctx ends (cmd cancels it on a signal). It draws on clipboard.Stdout(), the terminal that OSC 52
// copies share, unless opts say otherwise. Every request the console makes
// runs under ctx. However the program ends (a key, a signal, a kill), the
// listing stops, the console forgets any secret it held, and a secret it
// copied is cleared from the clipboard if it is still there.
func Run(ctx context.Context, cfg Config, opts ...tea.ProgramOption) error {
	m := NewContext(ctx, cfg)
	opts = append([]tea.ProgramOption{tea.WithContext(ctx), tea.WithAltScreen(), tea.WithOutput(clipboard.Stdout()), tea.WithFPS(MaxFPS)}, opts...)
	final, err := tea.NewProgram(m, opts...).Run()
	if m, ok := final.(Model); ok {
		m.drop() // Bubble Tea may have ended without a last Update
		m.clearClipboardAtExit()
		if m.exitErr != nil {
			return m.exitErr
		}
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // ended on purpose by whoever cancelled ctx, as a quit is
	}
	return err
}

// sessionKeyOf is the API key svc signs in with, or "" (Auth Token
// credentials, or a Service that does not say).
func sessionKeyOf(svc Service) string {
	if k, ok := svc.(interface{ APIKeySID() string }); ok {
		return k.APIKeySID()
	}
	return ""
}
