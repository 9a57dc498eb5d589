package twilio

import (
	"errors"
	"fmt"
)

// Error is Twilio's error body (status, code, message, more_info) together with
// the operation that got it. Every failed call that reached Twilio returns one.
type Error struct {
	Op       string // what was being done, in words: "list keys", "create key"
	Status   int    // HTTP status
	Code     int    // Twilio error code, 0 when the body had none
	Message  string // Twilio's message, or a short excerpt of a body that was not JSON
	MoreInfo string // Twilio's documentation link for the code
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("%s: HTTP %d", e.Op, e.Status)
	if e.Code != 0 {
		msg += fmt.Sprintf(", Twilio error %d", e.Code)
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if hint := e.Hint(); hint != "" {
		msg += " (" + hint + ")"
	}
	return msg
}

// Hint explains what the error usually means for a person managing keys, or is
// empty when there is nothing useful to add.
func (e *Error) Hint() string {
	switch {
	case e.Status == 401 || e.Code == 20003:
		return "either the credentials are wrong, or they belong to a Standard or Restricted API key, " +
			"which Twilio does not allow to manage keys or accounts; use the Account SID and Auth Token, or a Main key"
	case e.Status == 429 || e.Code == 20429:
		return "Twilio is rate limiting this account; wait a moment and retry"
	}
	return ""
}

// IsAuthError reports whether err is Twilio refusing the credentials (401/20003).
func IsAuthError(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Status == 401 || e.Code == 20003)
}

// IsNotFound reports whether err is Twilio's 404 (20404).
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Status == 404 || e.Code == 20404)
}

// IsRateLimited reports whether err is Twilio's 429 (20429).
func IsRateLimited(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Status == 429 || e.Code == 20429)
}

// ErrMainKeyConsoleOnly is returned when a Main key is requested from real
// Twilio, which creates Main keys only in its Console.
var ErrMainKeyConsoleOnly = errors.New("Twilio creates Main keys only in the Console, at " + ConsoleAPIKeysURL +
	"; create a Standard key here, or open the Console to create a Main key")

// ErrOutcomeUnknown wraps a create whose answer never arrived: the key may or
// may not exist, so the caller should reload the list rather than retry.
var ErrOutcomeUnknown = errors.New("the outcome is unknown: the key may have been created; reload the list to check before trying again")
