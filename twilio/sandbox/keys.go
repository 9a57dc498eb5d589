package sandbox

import (
	"net/http"
	"time"
)

// keyJSON is api.v2010.account.key (and signing_key, which has the same
// fields).
type keyJSON struct {
	SID          string  `json:"sid"`
	FriendlyName *string `json:"friendly_name"`
	DateCreated  string  `json:"date_created"`
	DateUpdated  string  `json:"date_updated"`
}

// newKeyJSON is api.v2010.account.new_key: the only answer with a secret.
type newKeyJSON struct {
	keyJSON
	Secret string `json:"secret"`
}

func renderKey(k keyRecord) keyJSON {
	return keyJSON{SID: k.SID, FriendlyName: k.FriendlyName, DateCreated: rfc2822(k.Created), DateUpdated: rfc2822(k.Updated)}
}

// keyAccount returns the account in the path if the caller may manage its
// keys. A closed account's keys are gone.
func keyAccount(t *txn, c *call, accountSID string) (accountRecord, error) {
	a, err := t.manageable(c.who, accountSID)
	if err == nil && a.Status == statusClosed {
		err = errNotFound(c.r.URL.Path)
	}
	return a, err
}

// accountKey returns the key in the path if it belongs to the path's
// account; any other key, even one that exists elsewhere, is not found.
func accountKey(t *txn, c *call) (keyRecord, error) {
	a, err := keyAccount(t, c, c.route.accountSID)
	if err != nil {
		return keyRecord{}, err
	}
	k, found, err := t.key(c.route.sid)
	if err == nil && (!found || k.AccountSID != a.SID) {
		err = errNotFound(c.r.URL.Path)
	}
	return k, err
}

// pageKeys reads one page of an account's keys, newest first.
func pageKeys(t *txn, accountSID string, req pageRequest) (page, []keyRecord, error) {
	pg, err := readPage(t.keyOrder(accountSID), req, func(string) (bool, error) { return true, nil })
	if err != nil {
		return pg, nil, err
	}
	keys := make([]keyRecord, 0, len(pg.SIDs))
	for _, sid := range pg.SIDs {
		k, _, err := t.key(sid)
		if err != nil {
			return pg, nil, err
		}
		keys = append(keys, k)
	}
	return pg, keys, nil
}

// listKeys serves Keys.json and SigningKeys.json: one store, two names.
func listKeys(t *txn, c *call, arrayKey string) (int, any, error) {
	a, err := keyAccount(t, c, c.route.accountSID)
	if err != nil {
		return 0, nil, err
	}
	req, err := parsePageRequest(c.params)
	if err != nil {
		return 0, nil, err
	}
	l := listing{path: c.r.URL.Path, req: req}
	var keys []keyRecord
	if l.page, keys, err = pageKeys(t, a.SID, req); err != nil {
		return 0, nil, err
	}
	items := make([]keyJSON, len(keys))
	for i, k := range keys {
		items[i] = renderKey(k)
	}
	return http.StatusOK, l.v2010Envelope(arrayKey, items), nil
}

// createKey makes a Standard key, as Twilio's 2010-04-01 API does whatever
// KeyType it is sent.
func createKey(t *txn, c *call) (int, any, error) {
	a, err := keyAccount(t, c, c.route.accountSID)
	if err == nil {
		err = keysCreatableIn(a)
	}
	if err != nil {
		return 0, nil, err
	}
	name, present, err := c.params.friendlyName()
	if err != nil {
		return 0, nil, err
	}
	k, secret, err := insertKey(t, a.SID, optional(name, present), keyStandard, nil, c.now)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, newKeyJSON{renderKey(k), secret}, nil
}

// insertKey stores a new key and returns it with its secret, which exists
// nowhere else from here on.
func insertKey(t *txn, accountSID string, name *string, kt keyType, policy []byte, now time.Time) (keyRecord, string, error) {
	sid := newKeySID()
	for {
		if _, taken, err := t.key(sid); err != nil {
			return keyRecord{}, "", err
		} else if !taken {
			break
		}
		sid = newKeySID()
	}
	secret := newSecret()
	k := keyRecord{
		SID:          sid,
		AccountSID:   accountSID,
		FriendlyName: name,
		Type:         kt,
		Policy:       policy,
		Created:      now,
		Updated:      now,
		Secret:       hashSecret(secret),
	}
	return k, secret, t.putKey(k)
}

func optional(s string, present bool) *string {
	if !present {
		return nil
	}
	return &s
}

func fetchKey(t *txn, c *call) (int, any, error) {
	k, err := accountKey(t, c)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, renderKey(k), nil
}

func updateKey(t *txn, c *call) (int, any, error) {
	k, err := accountKey(t, c)
	if err != nil {
		return 0, nil, err
	}
	if k, err = renameKey(t, c, k); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, renderKey(k), nil
}

// renameKey applies a FriendlyName, if one was sent, and stores the key.
func renameKey(t *txn, c *call, k keyRecord) (keyRecord, error) {
	name, present, err := c.params.friendlyName()
	if err != nil {
		return k, err
	}
	if present {
		k.FriendlyName = &name
	}
	k.Updated = c.now
	return k, t.putKey(k)
}

func deleteKey(t *txn, c *call) (int, any, error) {
	k, err := accountKey(t, c)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, t.deleteKey(k)
}
