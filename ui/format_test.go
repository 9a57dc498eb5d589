package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// describeError gives the user what Twilio support asks for (the request
// id), and a refused answer is described as refused, not as no answer.
func TestDescribeError(t *testing.T) {
	apiErr := &twilio.Error{Op: "delete key", Status: 500, Code: 20500, Message: "Internal Server Error",
		RequestID: "RQ0123456789abcdef0123456789abcdef"}
	impossible := fmt.Errorf("create key: %w: its key SID is not SK and 32 hex digits; %w", twilio.ErrImpossibleAnswer, twilio.ErrOutcomeUnknown)
	for _, tt := range []struct {
		name      string
		err       error
		want, not []string
	}{
		{"request id", fmt.Errorf("wrapped: %w", apiErr),
			[]string{"Could not delete key", "Twilio error 20500", "request RQ0123456789abcdef0123456789abcdef"}, nil},
		{"no request id", &twilio.Error{Op: "list keys", Status: 503}, []string{"HTTP 503"}, []string{"request"}},
		{"impossible answer", impossible,
			[]string{"refused an answer Twilio would never send", "the key may have been created"}, []string{"No answer"}},
		{"no answer", fmt.Errorf("create key: %w", twilio.ErrOutcomeUnknown), []string{"No answer from Twilio in time"}, nil},
		{"other", errors.New("dial tcp: refused"), []string{"dial tcp: refused"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := describeError(tt.err)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("describeError = %q, want %q in it", got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("describeError = %q, want no %q in it", got, n)
				}
			}
		})
	}
}
