package twilio_test

import (
	"context"
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// TestCanManageKeysTellsMainKeys: Twilio's API does not report a key's
// type, so the console's check (v) asks whether the key may manage keys,
// which only a Main key may: in its own account, and in a subaccount of its
// account. Standard keys may not, anywhere.
func TestCanManageKeysTellsMainKeys(t *testing.T) {
	ctx := context.Background()
	_, c := startSandbox(t, 0)
	main, err := c.CreateKey(ctx, "main", twilio.KeyTypeMain)
	if err != nil {
		t.Fatal(err)
	}
	std, err := c.CreateKey(ctx, "standard", twilio.KeyTypeStandard)
	if err != nil {
		t.Fatal(err)
	}
	subs, err := c.ListSubaccounts(ctx)
	if err != nil || len(subs) == 0 {
		t.Fatalf("subaccounts %v, %v", subs, err)
	}
	sub, err := c.ForAccount(subs[0].SID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		on     *twilio.Client
		key    twilio.NewKey
		secret string
		want   bool
	}{
		{"a Main key in its account", c, main, main.Secret, true},
		{"a Standard key in its account", c, std, std.Secret, false},
		{"the parent's Main key in a subaccount", sub, main, main.Secret, true},
		{"the parent's Standard key in a subaccount", sub, std, std.Secret, false},
		{"a wrong secret", c, main, strings.Repeat("x", 32), false},
	} {
		got, err := tt.on.CanManageKeys(ctx, tt.key.SID, tt.secret)
		if err != nil || got != tt.want {
			t.Errorf("%s: CanManageKeys = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
	if _, err := c.CanManageKeys(ctx, "SK123", main.Secret); err == nil {
		t.Error("a malformed SID was sent")
	}
}
