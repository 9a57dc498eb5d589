package twilio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Error is Twilio's error body (status, code, message, more_info) together with
// the operation that got it. Every failed call that reached Twilio returns one.
type Error struct {
	Op       string // what was being done, in words: "list keys", "create key"
	Status   int    // HTTP status
	Code     int    // Twilio error code, 0 when the body had none
	Message  string // Twilio's message, or a short excerpt of a body that was not JSON
	MoreInfo string // Twilio's documentation link for the code
	// RequestID is the answer's Twilio-Request-Id (RQ…), what Twilio support
	// asks for; "" when the answer had none, or one that is not letters and
	// digits.
	RequestID string
	// RetryAfter is the wait the answer's Retry-After asked for, 0 for none.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("HTTP %d", e.Status)
	if e.Op != "" {
		msg = e.Op + ": " + msg
	}
	if e.Code != 0 {
		msg += fmt.Sprintf(", Twilio error %d", e.Code)
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if hint := e.Hint(); hint != "" {
		msg += " (" + hint + ")"
	}
	if e.RequestID != "" {
		msg += " [Twilio request " + e.RequestID + "]"
	}
	return msg
}

// RequestIDOf is the Twilio-Request-Id of the answer behind err, or "" when
// err is not Twilio's error or the answer carried none.
func RequestIDOf(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.RequestID
	}
	return ""
}

// requestID keeps a Twilio-Request-Id only when it has the shape of one
// (RQ and hex digits; any letters and digits are accepted, up to 64): it is
// printed in messages, so a hostile server must not choose what it says.
func requestID(h http.Header) string {
	id := h.Get("Twilio-Request-Id")
	if id == "" || len(id) > 64 {
		return ""
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return ""
		}
	}
	return id
}

// Hint explains what the error usually means for a person managing keys, or is
// empty when there is nothing useful to add.
func (e *Error) Hint() string {
	switch {
	case e.Op == opCheckKey && (e.Status == 401 || e.Code == 20003):
		return "Twilio did not accept this key SID and secret: the secret may be mistyped, or the key deleted"
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

// MainKeyConsoleOnlyMessage is the sentence to show a person who asked real
// Twilio for a Main key.
const MainKeyConsoleOnlyMessage = "Twilio creates Main keys only in the Console, at " + ConsoleAPIKeysURL +
	"; create a Standard key here, or open the Console to create a Main key"

// ErrMainKeyConsoleOnly is returned when a Main key is requested from real
// Twilio, which creates Main keys only in its Console; show
// MainKeyConsoleOnlyMessage for it.
var ErrMainKeyConsoleOnly = errors.New("main keys are created only in the Twilio Console, at " + ConsoleAPIKeysURL +
	"; create a Standard key here, or open the Console to create a Main key")

// ErrImpossibleAnswer wraps an answer refused because a value in it has a
// shape Twilio never sends (a key SID or secret that could carry shell
// syntax, a secret of a megabyte). A create's such answer wraps
// ErrOutcomeUnknown too: the key may exist.
var ErrImpossibleAnswer = errors.New("refused an answer Twilio would never send")

// ErrOutcomeUnknown wraps a create whose answer never arrived: the key may or
// may not exist, so the caller should reload the list rather than retry.
var ErrOutcomeUnknown = errors.New("the outcome is unknown: the key may have been created; reload the list to check before trying again")

// Longest Twilio message kept, and longest excerpt of a body that was not
// Twilio's JSON, in characters.
const (
	maxMessageLength = 300
	maxExcerptLength = 120
)

// decodeError reads Twilio's error body. A body that is not Twilio's JSON (an
// HTML page from a proxy, a body cut off mid-way) still gives an *Error with
// the status and a short excerpt, made safe to print.
func decodeError(op string, status int, body []byte) *Error {
	e := &Error{Op: op, Status: status}
	var b struct {
		Code     int    `json:"code"`
		Message  string `json:"message"`
		MoreInfo string `json:"more_info"`
	}
	if json.Unmarshal(body, &b) == nil && (b.Code != 0 || b.Message != "") {
		e.Code = b.Code
		e.Message = excerpt(b.Message, maxMessageLength)
		e.MoreInfo = excerpt(b.MoreInfo, maxMessageLength)
		return e
	}
	if len(bytes.TrimSpace(body)) == 0 {
		e.Message = http.StatusText(status)
		return e
	}
	e.Message = "unexpected response: " + excerpt(string(body), maxExcerptLength)
	return e
}

// excerpt makes untrusted text safe to print and short: runs of white space
// become one space, control and invisible formatting characters (escape
// sequences, bidi overrides) and invalid UTF-8 are shown as \x.. or \u....
// escapes, and anything past max characters is cut off with "…".
func excerpt(s string, max int) string {
	var b strings.Builder
	n := 0
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		raw := s[i : i+size]
		i += size
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		piece := raw
		switch {
		case r == utf8.RuneError && size == 1:
			piece = fmt.Sprintf(`\x%02x`, raw[0])
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			piece = fmt.Sprintf(`\u%04x`, r)
		}
		if space {
			piece = " " + piece
			space = false
		}
		if n += utf8.RuneCountInString(piece); n > max {
			b.WriteString("…")
			break
		}
		b.WriteString(piece)
	}
	return b.String()
}
