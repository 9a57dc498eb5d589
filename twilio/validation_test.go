package twilio

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestRejectedValuesSendNothing checks that values Twilio would refuse are
// refused here, before any request: the server must see nothing at all.
func TestRejectedValuesSendNothing(t *testing.T) {
	long := strings.Repeat("n", MaxFriendlyNameLength+1)
	tests := []struct {
		name string
		call func(context.Context, *Client) error
		want string // the *ValidationError's field, or "" for ErrMainKeyConsoleOnly
	}{
		{"fetch with an Account SID", func(ctx context.Context, c *Client) error { _, err := c.FetchKey(ctx, testAC); return err }, "key SID"},
		{"fetch with a short SID", func(ctx context.Context, c *Client) error { _, err := c.FetchKey(ctx, "SK123"); return err }, "key SID"},
		{"fetch with a path in the SID", func(ctx context.Context, c *Client) error { _, err := c.FetchKey(ctx, "SK../../Accounts"); return err }, "key SID"},
		{"rename with a bad SID", func(ctx context.Context, c *Client) error { _, err := c.RenameKey(ctx, "nope", "ok"); return err }, "key SID"},
		{"rename to 65 characters", func(ctx context.Context, c *Client) error { _, err := c.RenameKey(ctx, testSK, long); return err }, "friendly name"},
		{"delete with a bad SID", func(ctx context.Context, c *Client) error { return c.DeleteKey(ctx, "SK"+strings.Repeat("g", 32)) }, "key SID"},
		{"create with 65 characters", func(ctx context.Context, c *Client) error {
			_, err := c.CreateKey(ctx, long, KeyTypeStandard)
			return err
		}, "friendly name"},
		{"create with invalid UTF-8", func(ctx context.Context, c *Client) error {
			_, err := c.CreateKey(ctx, "bad\xff", KeyTypeStandard)
			return err
		}, "friendly name"},
		{"create a restricted key", func(ctx context.Context, c *Client) error {
			_, err := c.CreateKey(ctx, "r", KeyTypeRestricted)
			return err
		}, "key type"},
		{"create a Main key on real Twilio", func(ctx context.Context, c *Client) error { _, err := c.CreateKey(ctx, "m", KeyTypeMain); return err }, ""},
		{"check a bad key SID", func(ctx context.Context, c *Client) error { return c.CheckKey(ctx, testAC, "secret") }, "key SID"},
		{"check without a secret", func(ctx context.Context, c *Client) error { return c.CheckKey(ctx, testSK, "") }, "key secret"},
		{"a subaccount with a key SID", func(ctx context.Context, c *Client) error { _, err := c.ForAccount(testSK); return err }, "Account SID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeTwilio(t, reply(500, "must not be called"))
			c, _ := newTestClient(t, f, tokenCreds) // not the sandbox: real Twilio's rules
			err := tt.call(t.Context(), c)
			if tt.want == "" {
				if !errors.Is(err, ErrMainKeyConsoleOnly) {
					t.Errorf("got %v, want ErrMainKeyConsoleOnly", err)
				}
			} else if v, ok := errors.AsType[*ValidationError](err); !ok || v.Field != tt.want {
				t.Errorf("got %v, want a *ValidationError about the %s", err, tt.want)
			}
			if n := f.count(); n != 0 {
				t.Errorf("server got %d requests, want none", n)
			}
		})
	}
}

func TestTwilioDates(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{`"Mon, 13 Jun 2016 22:50:08 +0000"`, time1, true},
		{`"Tue, 14 Jun 2016 11:05:00 +0200"`, time2, true},
		{`"Thu, 2 Jul 2015 20:00:00 +0000"`, time.Date(2015, 7, 2, 20, 0, 0, 0, time.UTC), true},
		{`"Mon, 13 Jun 2016 22:50:08 GMT"`, time1, true},
		{`null`, time.Time{}, true},
		{`""`, time.Time{}, true},
		{`"2016-06-13"`, time.Time{}, false},
		{`12`, time.Time{}, false},
	}
	for _, tt := range tests {
		var got twilioTime
		err := json.Unmarshal([]byte(tt.in), &got)
		if (err == nil) != tt.ok || !got.Time.Equal(tt.want) {
			t.Errorf("%s: got %v, %v; want %v, ok=%v", tt.in, got.Time, err, tt.want, tt.ok)
		}
		if tt.ok && !got.IsZero() && got.Location() != time.UTC {
			t.Errorf("%s: location %v, want UTC", tt.in, got.Location())
		}
	}
}
