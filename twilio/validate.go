package twilio

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxFriendlyNameLength is Twilio's limit on a key's friendly name, in
// characters. A longer name gets 400/70001 from Twilio, so it is refused here
// before anything is sent.
const MaxFriendlyNameLength = 64

// KeySecretLength is the length of the secret Twilio issues with a new key:
// 32 letters and digits ([A-Za-z0-9]{32}).
const KeySecretLength = 32

// ConsoleAPIKeysURL is where the Twilio Console manages API keys. Main keys can
// be created only there.
const ConsoleAPIKeysURL = "https://console.twilio.com/us1/account/keys-credentials/api-keys"

// CleanFriendlyName is the one rule for a key's friendly name, applied by
// CreateKey and RenameKey to whatever they are given: leading and trailing
// white space is trimmed, and what is left must be non-empty, valid UTF-8
// and at most MaxFriendlyNameLength characters. It returns the trimmed name.
// Twilio itself accepts a missing name; this program always asks for one,
// because a key nobody can recognise in a list is a key nobody dares delete.
func CleanFriendlyName(name string) (string, error) {
	if !utf8.ValidString(name) {
		return "", &ValidationError{Field: "friendly name", Problem: "is not valid UTF-8"}
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return "", &ValidationError{Field: "friendly name", Problem: "is required and cannot be blank"}
	}
	return name, ValidateFriendlyName(name)
}

// ValidateFriendlyName checks only Twilio's own limits on a name: valid
// UTF-8, at most MaxFriendlyNameLength characters, blank allowed. The rule
// CreateKey and RenameKey apply is CleanFriendlyName's, which also trims the
// name and requires one; a form should check with that.
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

// CheckKeySID returns nil when s is an API key SID, and otherwise a
// *ValidationError saying what is wrong with it without repeating it: a value
// in a SID's place is often a secret pasted into the wrong one.
func CheckKeySID(s string) error { return checkSID("key SID", "SK", s) }

// ValidKeySecret reports whether s has the shape of a secret Twilio issues
// with a new key: exactly KeySecretLength ASCII letters and digits. Anything
// else (a quote, a dollar sign, a space) cannot be a Twilio secret, which is
// what makes the secret safe to hand on in shell-consumable form.
func ValidKeySecret(s string) bool {
	if len(s) != KeySecretLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// CheckKeySecret returns nil when s has the shape of a key secret, and
// otherwise a *ValidationError that says what is wrong without repeating it.
func CheckKeySecret(s string) error {
	if ValidKeySecret(s) {
		return nil
	}
	problem := ""
	switch {
	case s == "":
		problem = "is missing"
	case validSID(s, "AC") || validSID(s, "SK"):
		problem = "looks like a SID (it starts with AC or SK), not a secret; the values may be swapped"
	case len(s) != KeySecretLength:
		problem = fmt.Sprintf("is %d characters long; a key secret Twilio issues is %d letters and digits", utf8.RuneCountInString(s), KeySecretLength)
	default:
		problem = fmt.Sprintf("contains characters other than letters and digits; a key secret Twilio issues is %d letters and digits", KeySecretLength)
	}
	return &ValidationError{Field: "key secret", Problem: problem}
}

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

// ValidationError is a value refused before any request was sent. Its
// message never repeats the value.
type ValidationError struct {
	Field   string // what was wrong, in words: "friendly name", "Account SID"
	Problem string // why, as the end of a sentence: "is 70 characters long; …"
}

func (e *ValidationError) Error() string { return e.Field + " " + e.Problem }
