package twilio

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Operation names, as they appear in errors: "list keys: …".
const (
	opListKeys        = "list keys"
	opFetchKey        = "fetch key"
	opCreateKey       = "create key"
	opRenameKey       = "rename key"
	opDeleteKey       = "delete key"
	opCheckKey        = "check key"
	opFetchAccount    = "fetch account"
	opListSubaccounts = "list subaccounts"
)

// Page sizes for ListKeys: Twilio's default, and its maximum.
const (
	DefaultPageSize = 50
	MaxPageSize     = 1000
)

// ListKeys lists the account's keys (v2010), handing them to onPage one page
// at a time, in Twilio's order, as each page arrives. pageSize is clamped to
// 1..MaxPageSize; 0 or less means DefaultPageSize. An error from onPage stops
// the listing and is returned unchanged. Listed keys have KeyTypeUnknown:
// v2010 does not say.
func (c *Client) ListKeys(ctx context.Context, pageSize int, onPage func(page []Key) error) error {
	return c.ListKeysPaged(ctx, pageSize, pageSize, onPage)
}

// ListKeysPaged is ListKeys with a first page of firstSize keys and the
// following pages of restSize: a small first page arrives sooner (Twilio
// reads and sends fewer keys), and large later pages take fewer round trips.
// Both sizes are clamped as ListKeys clamps pageSize.
//
// The later pages' size is set in each next_page_uri Twilio returns, which
// is safe only where the address carries a PageToken: the token names the
// position after the last key delivered, whatever the page size, while a
// bare Page number counts pages of the size it was computed with. An
// address without a token is followed as it is, at the first page's size.
func (c *Client) ListKeysPaged(ctx context.Context, firstSize, restSize int, onPage func(page []Key) error) error {
	firstSize, restSize = clampPageSize(firstSize), clampPageSize(restSize)
	first := c.accountURL("/Keys.json?PageSize=" + strconv.Itoa(firstSize))
	var resize func(string) string
	if restSize != firstSize {
		resize = func(next string) string { return withPageSize(next, restSize) }
	}
	return c.eachPageResized(ctx, opListKeys, first, resize, func(p *listPage) error {
		keys := make([]Key, len(p.Keys))
		for i, k := range p.Keys {
			keys[i] = k.key(KeyTypeUnknown)
		}
		return onPage(keys)
	})
}

func clampPageSize(n int) int {
	if n <= 0 {
		return DefaultPageSize
	}
	return min(n, MaxPageSize)
}

// withPageSize sets PageSize in the absolute URL next, if it carries a
// PageToken; otherwise (or if it does not parse) it returns next unchanged.
func withPageSize(next string, size int) string {
	u, err := url.Parse(next)
	if err != nil {
		return next
	}
	q := u.Query()
	if q.Get("PageToken") == "" {
		return next
	}
	q.Set("PageSize", strconv.Itoa(size))
	u.RawQuery = q.Encode()
	return u.String()
}

// FetchKey fetches one key.
func (c *Client) FetchKey(ctx context.Context, sid string) (Key, error) {
	if err := checkSID("key SID", "SK", sid); err != nil {
		return Key{}, err
	}
	var k keyJSON
	err := c.do(ctx, request{op: opFetchKey, method: http.MethodGet, url: c.accountURL("/Keys/" + sid + ".json")}, &k)
	if err == nil && !strings.EqualFold(k.SID, sid) {
		err = fmt.Errorf("%s: the answer is about another key, not %s", opFetchKey, sid)
	}
	return k.key(KeyTypeUnknown), err
}

// CreateKey creates a key and returns it with its secret, which Twilio shows
// this one time only. A Standard key (or KeyTypeUnknown) is created through
// v2010. A Main key can be created only in the sandbox (IAM v1 with
// KeyType=main, its stand-in for the Console); against real Twilio it returns
// ErrMainKeyConsoleOnly without sending anything.
//
// The name goes through CleanFriendlyName (trimmed, required). A create is
// retried only after a 429, which Twilio never processed: if its answer is
// lost (connection dropped, timeout, 5xx) the key may exist, and the error
// wraps ErrOutcomeUnknown. So does an answer whose SID or secret has a shape
// Twilio never issues: such values are not handed on, because callers print
// them in forms a shell reads.
func (c *Client) CreateKey(ctx context.Context, name string, t KeyType) (NewKey, error) {
	name, err := CleanFriendlyName(name)
	if err != nil {
		return NewKey{}, err
	}
	r := request{op: opCreateKey, method: http.MethodPost, create: true}
	switch t {
	case KeyTypeStandard, KeyTypeUnknown:
		t = KeyTypeStandard
		r.url = c.accountURL("/Keys.json")
		r.form = url.Values{}
	case KeyTypeMain:
		if !c.sandbox {
			return NewKey{}, ErrMainKeyConsoleOnly
		}
		r.url = c.iam.String() + "/v1/Keys"
		r.form = url.Values{"AccountSid": {c.accountSID}, "KeyType": {"main"}}
	default:
		return NewKey{}, &ValidationError{Field: "key type", Problem: fmt.Sprintf("%q cannot be created here; choose standard or main", string(t))}
	}
	r.form.Set("FriendlyName", name)
	var k newKeyJSON
	if err := c.do(ctx, r, &k); err != nil {
		return NewKey{}, err
	}
	if err := checkNewKey(k); err != nil {
		return NewKey{}, err
	}
	return NewKey{Key: k.key(t), Secret: k.Secret}, nil
}

// checkNewKey refuses a create's answer whose SID or secret is not what
// Twilio issues. Neither value is repeated (the secret must not be, and a
// hostile SID could be anything), except a well-formed SID, which tells the
// user which key to delete.
func checkNewKey(k newKeyJSON) error {
	switch {
	case k.SID == "" || k.Secret == "":
		return fmt.Errorf("%s: the answer lacks the key's SID or secret: %w", opCreateKey, ErrOutcomeUnknown)
	case !ValidKeySID(k.SID):
		return fmt.Errorf("%s: %w: its %v; %w", opCreateKey, ErrImpossibleAnswer, checkSID("key SID", "SK", k.SID), ErrOutcomeUnknown)
	case !ValidKeySecret(k.Secret):
		return fmt.Errorf("%s: %w: its %v; key %s was probably created, and is of no use without its secret: delete it (%w)",
			opCreateKey, ErrImpossibleAnswer, CheckKeySecret(k.Secret), k.SID, ErrOutcomeUnknown)
	}
	return nil
}

// RenameKey sets a key's friendly name and returns the key as Twilio now has
// it. Unlike a create it is retried like a GET: setting a name twice leaves
// the same key with the same name, so a retry after a lost answer is safe and
// saves the user a failure they could do nothing about.
//
// The name goes through CleanFriendlyName (trimmed, required).
func (c *Client) RenameKey(ctx context.Context, sid, name string) (Key, error) {
	if err := checkSID("key SID", "SK", sid); err != nil {
		return Key{}, err
	}
	name, err := CleanFriendlyName(name)
	if err != nil {
		return Key{}, err
	}
	var k keyJSON
	err = c.do(ctx, request{
		op: opRenameKey, method: http.MethodPost, url: c.accountURL("/Keys/" + sid + ".json"),
		form: url.Values{"FriendlyName": {name}},
	}, &k)
	if err == nil && !strings.EqualFold(k.SID, sid) {
		err = fmt.Errorf("%s: the answer is about another key, not %s", opRenameKey, sid)
	}
	return k.key(KeyTypeUnknown), err
}

// DeleteKey deletes a key. When a retry follows a lost answer and then finds
// the key gone, the first attempt deleted it, and that counts as success; a
// key that was never there is still a not-found error.
func (c *Client) DeleteKey(ctx context.Context, sid string) error {
	if err := checkSID("key SID", "SK", sid); err != nil {
		return err
	}
	return c.do(ctx, request{op: opDeleteKey, method: http.MethodDelete, url: c.accountURL("/Keys/" + sid + ".json")}, nil)
}

// CheckKey asks Twilio whether it accepts keySID and secret, by
// authenticating as that key against an endpoint any Standard key may call
// (the account's balance). It returns nil when the key is accepted, and an
// *Error for which IsAuthError is true when it is refused.
func (c *Client) CheckKey(ctx context.Context, keySID, secret string) error {
	if err := checkSID("key SID", "SK", keySID); err != nil {
		return err
	}
	if err := CheckKeySecret(secret); err != nil {
		return err
	}
	return c.do(ctx, request{
		op: opCheckKey, method: http.MethodGet, url: c.accountURL("/Balance.json"),
		user: keySID, pass: secret,
	}, nil)
}

// CanManageKeys asks Twilio whether keySID and secret may manage this
// account's keys, by listing one key as that key. Only a Main key may
// (of this account, or of its parent when this is a subaccount): Twilio's
// API does not report a key's type, so this is how to tell a Main key from
// a Standard or Restricted one. It returns false with a nil error when
// Twilio refuses the key there (401), so call CheckKey first to know the
// key and secret are right. Nothing changes.
func (c *Client) CanManageKeys(ctx context.Context, keySID, secret string) (bool, error) {
	if err := checkSID("key SID", "SK", keySID); err != nil {
		return false, err
	}
	if err := CheckKeySecret(secret); err != nil {
		return false, err
	}
	err := c.do(ctx, request{
		op: opCheckKey, method: http.MethodGet, url: c.accountURL("/Keys.json?PageSize=1"),
		user: keySID, pass: secret,
	}, nil)
	if IsAuthError(err) {
		return false, nil
	}
	return err == nil, err
}
