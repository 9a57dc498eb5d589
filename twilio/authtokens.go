package twilio

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Auth Token rotation (accounts.twilio.com v1). Twilio's way to change an
// Auth Token without downtime: create a secondary token, put it everywhere
// the primary is used, check it works, then promote it, which makes the old
// primary fail everywhere at once. The calls act on the account the
// credentials belong to; Twilio's documentation says Standard keys cannot
// configure accounts, and the sandbox refuses Standard and Restricted keys
// here (401/20003).

// Operation names, as they appear in errors.
const (
	opCreateSecondaryToken = "create secondary Auth Token"
	opDeleteSecondaryToken = "delete secondary Auth Token"
	opPromoteToken         = "promote secondary Auth Token"
	opCheckToken           = "check Auth Token"
)

// AuthTokenFunctionsDelay is Twilio's warning: Services and Functions
// (Classic) that embed the literal token take up to a minute to follow a
// change of Auth Token.
const AuthTokenFunctionsDelay = time.Minute

// SecondaryAuthToken is a newly created secondary Auth Token. Twilio shows it
// this once; callers should drop it as soon as it is shown.
type SecondaryAuthToken struct {
	AccountSID  string
	Token       string
	DateCreated time.Time
	DateUpdated time.Time
}

// Format prints the result with the token hidden, whatever the verb.
func (s SecondaryAuthToken) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, "twilio.SecondaryAuthToken{AccountSID:%s, Token:<hidden>, DateCreated:%s}",
		shownSID(s.AccountSID, "AC"), s.DateCreated.Format(time.RFC3339))
}

// EnvLine is the token as TWILIO_AUTH_TOKEN='…' with a line end, for a
// .env file or eval. A value of any other shape than Twilio issues is
// refused, so the line can carry nothing else to a shell.
func (s SecondaryAuthToken) EnvLine() (string, error) { return authTokenEnvLine(s.Token) }

// EnvLine is the promoted token as TWILIO_AUTH_TOKEN='…'; see
// SecondaryAuthToken.EnvLine.
func (p PromotedAuthToken) EnvLine() (string, error) { return authTokenEnvLine(p.Token) }

func authTokenEnvLine(token string) (string, error) {
	if !validAuthToken(token) {
		return "", &ValidationError{Field: "Auth Token", Problem: "is not 32 hexadecimal digits, the shape Twilio issues"}
	}
	return "TWILIO_AUTH_TOKEN='" + token + "'\n", nil
}

// PromotedAuthToken is the answer to a promotion: the token that is now the
// primary, and the only one Twilio accepts from now on.
type PromotedAuthToken struct {
	AccountSID  string
	Token       string
	DateCreated time.Time // when the promoted token was created as the secondary
	DateUpdated time.Time // when it was promoted
}

// Format prints the result with the token hidden, whatever the verb.
func (p PromotedAuthToken) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, "twilio.PromotedAuthToken{AccountSID:%s, Token:<hidden>, DateUpdated:%s}",
		shownSID(p.AccountSID, "AC"), p.DateUpdated.Format(time.RFC3339))
}

type secondaryAuthTokenJSON struct {
	AccountSID  string     `json:"account_sid"`
	Token       string     `json:"secondary_auth_token"`
	DateCreated twilioTime `json:"date_created"`
	DateUpdated twilioTime `json:"date_updated"`
}

type authTokenPromotionJSON struct {
	AccountSID  string     `json:"account_sid"`
	Token       string     `json:"auth_token"`
	DateCreated twilioTime `json:"date_created"`
	DateUpdated twilioTime `json:"date_updated"`
}

// UsesAPIKey reports whether the client signs in with an API key rather
// than the Account SID and Auth Token.
func (c *Client) UsesAPIKey() bool {
	user, _ := c.auth()
	return !strings.HasPrefix(user, "AC")
}

// CredentialsAccountSID is the account the credentials belong to: the one
// whose Auth Tokens the rotation calls change, even after ForAccount.
func (c *Client) CredentialsAccountSID() string { return c.ownSID }

// AuthTokenLast4 is the last four characters of the Auth Token the client
// signs in with, for a masked display, and false when it uses an API key.
func (c *Client) AuthTokenLast4() (string, bool) {
	user, pass := c.auth()
	if !strings.HasPrefix(user, "AC") || len(pass) < 8 {
		return "", false
	}
	return pass[len(pass)-4:], true
}

// WithAuthToken returns a client that signs in with token instead, for the
// same account and options: the way to go on after a promotion, which makes
// the old token fail. The receiver is unchanged. A client that signs in
// with an API key has no Auth Token to replace.
func (c *Client) WithAuthToken(token string) (*Client, error) {
	if c.UsesAPIKey() {
		return nil, errors.New("these credentials are an API key, not an Auth Token; an Auth Token change does not affect them")
	}
	creds := Credentials{AccountSID: c.ownSID, AuthToken: token}
	if err := creds.Validate(); err != nil {
		return nil, err
	}
	other := *c
	other.auth = creds.basicAuth
	other.shown = fmt.Sprint(creds)
	return &other, nil
}

// CreateSecondaryAuthToken creates a secondary Auth Token for the
// credentials' account and returns it; Twilio shows it this one time. Until
// it is promoted or deleted it works wherever the primary does. An existing
// secondary token is replaced.
//
// It is never retried: if the answer is lost, a secondary token may exist
// that nobody has seen, and the error wraps ErrOutcomeUnknown.
func (c *Client) CreateSecondaryAuthToken(ctx context.Context) (SecondaryAuthToken, error) {
	var s secondaryAuthTokenJSON
	err := c.do(ctx, request{op: opCreateSecondaryToken, method: http.MethodPost, url: c.accounts.String() + "/v1/AuthTokens/Secondary", create: true}, &s)
	if err != nil {
		return SecondaryAuthToken{}, tokenOutcome(opCreateSecondaryToken, err, secondaryUnknownAdvice)
	}
	if !validAuthToken(s.Token) || s.AccountSID != c.ownSID {
		return SecondaryAuthToken{}, &outcomeUnknownError{op: opCreateSecondaryToken, what: "the answer does not hold an Auth Token for this account",
			advice: secondaryUnknownAdvice, cause: ErrOutcomeUnknown}
	}
	return SecondaryAuthToken{AccountSID: s.AccountSID, Token: s.Token, DateCreated: s.DateCreated.Time, DateUpdated: s.DateUpdated.Time}, nil
}

// DeleteSecondaryAuthToken deletes the secondary Auth Token, which stops
// working at once. Without one Twilio answers 404 (IsNotFound). Like every
// DELETE it is retried, and a retry that finds nothing after a lost answer
// counts as success.
func (c *Client) DeleteSecondaryAuthToken(ctx context.Context) error {
	return c.do(ctx, request{op: opDeleteSecondaryToken, method: http.MethodDelete, url: c.accounts.String() + "/v1/AuthTokens/Secondary"}, nil)
}

// PromoteAuthToken makes the secondary Auth Token the primary and returns
// it. From then on Twilio refuses the old primary everywhere, including
// this client's own requests: go on with WithAuthToken. Without a
// secondary Twilio answers 404 (IsNotFound).
//
// It is never retried blindly: a second promotion after a lost answer would
// find no secondary and hide that the first one happened. When the answer
// is lost the error wraps ErrOutcomeUnknown.
func (c *Client) PromoteAuthToken(ctx context.Context) (PromotedAuthToken, error) {
	var p authTokenPromotionJSON
	err := c.do(ctx, request{op: opPromoteToken, method: http.MethodPost, url: c.accounts.String() + "/v1/AuthTokens/Promote", create: true}, &p)
	if err != nil {
		return PromotedAuthToken{}, tokenOutcome(opPromoteToken, err, promoteUnknownAdvice)
	}
	if !validAuthToken(p.Token) || p.AccountSID != c.ownSID {
		return PromotedAuthToken{}, &outcomeUnknownError{op: opPromoteToken, what: "the answer does not hold an Auth Token for this account",
			advice: promoteUnknownAdvice, cause: ErrOutcomeUnknown}
	}
	return PromotedAuthToken{AccountSID: p.AccountSID, Token: p.Token, DateCreated: p.DateCreated.Time, DateUpdated: p.DateUpdated.Time}, nil
}

// CheckAuthToken asks Twilio whether it accepts token for the credentials'
// account, by signing in with it to the account's balance. It returns nil
// when the token is accepted, and an *Error for which IsAuthError is true
// when it is refused. Use it to check a secondary token before promoting it.
func (c *Client) CheckAuthToken(ctx context.Context, token string) error {
	if err := checkSecret("Auth Token", token); err != nil {
		return err
	}
	return c.do(ctx, request{
		op: opCheckToken, method: http.MethodGet,
		url:  c.api.String() + "/2010-04-01/Accounts/" + c.ownSID + "/Balance.json",
		user: c.ownSID, pass: token,
	}, nil)
}

// validAuthToken reports whether s has the shape Twilio issues: 32
// hexadecimal digits. Anything else is refused before it is shown or
// printed, so a hostile server cannot slip text into an env line.
func validAuthToken(s string) bool {
	if len(s) != 32 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

const (
	secondaryUnknownAdvice = "a secondary Auth Token may have been created that nobody has seen; " +
		"create it again (that replaces it) or delete it before relying on a secondary token"
	promoteUnknownAdvice = "the secondary token may now be the primary; sign in with the secondary token you saved: " +
		"if Twilio accepts it and refuses the old one, the promotion happened"
)

// outcomeUnknownError is ErrOutcomeUnknown for the token calls, whose advice
// differs from a key's. errors.Is(err, ErrOutcomeUnknown) still holds.
type outcomeUnknownError struct {
	op, what, advice string
	cause            error
}

func (e *outcomeUnknownError) Error() string {
	return e.op + ": " + e.what + ", so the outcome is unknown: " + e.advice
}

func (e *outcomeUnknownError) Unwrap() error { return e.cause }

// tokenOutcome gives a lost answer the token calls' advice and passes any
// other error through.
func tokenOutcome(op string, err error, advice string) error {
	if !errors.Is(err, ErrOutcomeUnknown) {
		return err
	}
	what := "the answer was lost or could not be read"
	if e, ok := errors.AsType[*Error](err); ok {
		what = fmt.Sprintf("Twilio answered HTTP %d", e.Status)
	}
	return &outcomeUnknownError{op: op, what: what, advice: advice, cause: err}
}
