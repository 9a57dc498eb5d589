package twilio

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Credentials are what Twilio's Basic auth takes: the Account SID with its
// Auth Token, or an API key SID with its secret. The Account SID is needed
// with an API key too, because Twilio takes the account from the URL path,
// never from the key.
//
// When both an API key and an Auth Token are given, the API key is used, as
// the Twilio CLI does; the Auth Token is then ignored.
type Credentials struct {
	AccountSID string // AC + 32 hex digits
	AuthToken  string
	APIKey     string // SK + 32 hex digits
	APISecret  string
}

// Validate checks the shapes of the credentials before anything is sent. Its
// messages say which value is wrong and what it should look like, and never
// repeat a value: a token pasted into the wrong setting must not end up on a
// screen or in a log.
func (c Credentials) Validate() error {
	if err := checkSID("Account SID", "AC", c.AccountSID); err != nil {
		return err
	}
	if c.usesAPIKey() {
		if err := checkSID("API key SID", "SK", c.APIKey); err != nil {
			return err
		}
		return checkSecret("API key secret", c.APISecret)
	}
	return checkSecret("Auth Token", c.AuthToken)
}

func (c Credentials) usesAPIKey() bool { return c.APIKey != "" || c.APISecret != "" }

// basicAuth is the user name and password Twilio expects for c.
func (c Credentials) basicAuth() (user, pass string) {
	if c.usesAPIKey() {
		return c.APIKey, c.APISecret
	}
	return c.AccountSID, c.AuthToken
}

// Format prints the credentials with the token or secret hidden, whatever the
// verb, so a stray log line or %#v in a test failure cannot leak them. A SID
// is shown only when it has a SID's shape: a secret pasted into the wrong
// field stays hidden too.
func (c Credentials) Format(f fmt.State, verb rune) {
	if c.usesAPIKey() {
		fmt.Fprintf(f, "twilio.Credentials{AccountSID:%s, APIKey:%s, APISecret:<hidden>}",
			shownSID(c.AccountSID, "AC"), shownSID(c.APIKey, "SK"))
		return
	}
	fmt.Fprintf(f, "twilio.Credentials{AccountSID:%s, AuthToken:<hidden>}", shownSID(c.AccountSID, "AC"))
}

func shownSID(s, prefix string) string {
	if validSID(s, prefix) {
		return s
	}
	return "<not a SID>"
}

// checkSID checks that s is prefix followed by 32 hex digits. The two SID
// kinds swapped is the classic mistake (an SK… where the Account SID belongs),
// so it gets a message of its own.
func checkSID(field, prefix, s string) error {
	if validSID(s, prefix) {
		return nil
	}
	problem := ""
	switch other := otherPrefix(prefix); {
	case s == "":
		problem = fmt.Sprintf("is missing; it is %s followed by 32 hexadecimal digits", prefix)
	case validSID(s, other) && prefix == "AC":
		problem = "is an API key SID (it starts with SK), not an Account SID; the Account SID starts with AC " +
			"and is shown on the Twilio Console's dashboard, and the SK… value is the API key SID"
	case validSID(s, other):
		problem = "is an Account SID (it starts with AC), not an API key SID; an API key SID starts with SK"
	default:
		problem = fmt.Sprintf("should be %s followed by 32 hexadecimal digits (34 characters), but it %s", prefix, sidShapeProblem(s, prefix))
	}
	return &ValidationError{Field: field, Problem: problem}
}

func otherPrefix(prefix string) string {
	if prefix == "AC" {
		return "SK"
	}
	return "AC"
}

// sidShapeProblem says what is wrong with a value that should be a SID,
// without quoting it.
func sidShapeProblem(s, prefix string) string {
	switch {
	case strings.TrimSpace(s) != s:
		return "has a space or line break at its start or end"
	case len(s) != 34:
		return fmt.Sprintf("is %d characters long", utf8.RuneCountInString(s))
	case !strings.HasPrefix(s, prefix):
		return "does not start with " + prefix
	default:
		return "contains characters that are not hexadecimal digits"
	}
}

// checkSecret checks an Auth Token or API key secret. Twilio owns their exact
// format, so only mistakes that can never be right are refused.
func checkSecret(field, s string) error {
	problem := ""
	switch {
	case s == "":
		problem = "is missing"
	case validSID(s, "AC") || validSID(s, "SK"):
		problem = "looks like a SID (it starts with AC or SK), not a " + field + "; the values may be in the wrong settings"
	case strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		problem = "contains spaces, line breaks or control characters (often left over from copying); remove them"
	default:
		return nil
	}
	return &ValidationError{Field: field, Problem: problem}
}
