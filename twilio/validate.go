package twilio

import (
	"fmt"
	"unicode/utf8"
)

// MaxFriendlyNameLength is Twilio's limit on a key's friendly name, in
// characters. A longer name gets 400/70001 from Twilio, so it is refused here
// before anything is sent.
const MaxFriendlyNameLength = 64

// ConsoleAPIKeysURL is where the Twilio Console manages API keys. Main keys can
// be created only there.
const ConsoleAPIKeysURL = "https://console.twilio.com/us1/account/keys-credentials/api-keys"

// ValidateFriendlyName checks a key's friendly name against Twilio's limits.
func ValidateFriendlyName(name string) error {
	if !utf8.ValidString(name) {
		return &ValidationError{Field: "friendly name", Problem: "is not valid UTF-8"}
	}
	if n := utf8.RuneCountInString(name); n > MaxFriendlyNameLength {
		return &ValidationError{Field: "friendly name", Problem: fmt.Sprintf("is %d characters long; Twilio allows at most %d", n, MaxFriendlyNameLength)}
	}
	return nil
}

// ValidKeySID reports whether s has the shape of an API key SID: SK and 32 hex digits.
func ValidKeySID(s string) bool { return validSID(s, "SK") }

// ValidAccountSID reports whether s has the shape of an Account SID: AC and 32 hex digits.
func ValidAccountSID(s string) bool { return validSID(s, "AC") }

func validSID(s, prefix string) bool {
	if len(s) != 34 || s[:2] != prefix {
		return false
	}
	for i := 2; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// ValidationError is a value refused before any request was sent.
type ValidationError struct {
	Field   string // what was wrong, in words: "friendly name", "Account SID"
	Problem string // why, as the end of a sentence: "is 70 characters long; …"
}

func (e *ValidationError) Error() string { return e.Field + " " + e.Problem }
