package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// credKind is what a request authenticated with. Only an Auth Token and a
// Main key may manage accounts and keys.
type credKind int

const (
	credAuthToken credKind = iota
	credMainKey
	credStandardKey
	credRestrictedKey
)

// principal is who a request is: an account, and what kind of credential
// proved it.
type principal struct {
	account accountRecord
	kind    credKind
}

func (p principal) canManage() bool { return p.kind == credAuthToken || p.kind == credMainKey }

// dummyToken stands in for an unknown account's token, so the comparison
// costs the same whether or not the SID exists.
const dummyToken = "00000000000000000000000000000000"

// standInKey and standInAccount are decoded in place of a record that is
// not there, so that refusing an unknown SID takes the same lookup, the same
// decoding and the same hashing (against a real salted hash) as refusing a
// wrong secret for a known one: the time of a refusal does not tell which
// SIDs exist. They are the size of typical records.
var (
	standInKey = mustJSON(keyRecord{
		SID: "SK" + strings.Repeat("0", 32), AccountSID: "AC" + strings.Repeat("0", 32),
		FriendlyName: ptrTo("prod-billing-worker"), Type: keyStandard,
		Created: time.Unix(1.7e9, 0).UTC(), Updated: time.Unix(1.7e9, 0).UTC(), Secret: hashSecret(newSecret()),
	})
	standInAccount = mustJSON(accountRecord{
		SID: "AC" + strings.Repeat("0", 32), OwnerSID: "AC" + strings.Repeat("0", 32),
		FriendlyName: "Sandbox Account", Status: statusActive, Type: typeFull, AuthToken: dummyToken,
		Created: time.Unix(1.7e9, 0).UTC(), Updated: time.Unix(1.7e9, 0).UTC(),
	})
)

func mustJSON(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}

func ptrTo[T any](v T) *T { return &v }

// authenticate checks the request's Basic credentials: an Account SID with
// its Auth Token, or an API key SID with its secret. Every failure looks the
// same. A closed account cannot authenticate; a suspended one gets 403 once
// its credentials are proven right.
func (t *txn) authenticate(r *http.Request) (principal, error) {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return principal{}, errAuthenticate
	}
	var p principal
	var accountSID string
	matched := false
	switch {
	case strings.HasPrefix(user, "AC"):
		a, found, err := t.accountToAuthenticate(user)
		if err == nil && !found {
			err = json.Unmarshal(standInAccount, &a)
		}
		if err != nil {
			return p, err
		}
		matched = a.tokenMatches(pass) && found // the primary or the secondary
		accountSID, p.kind = user, credAuthToken
	case strings.HasPrefix(user, "SK"):
		k, found, err := t.keyToAuthenticate(user)
		if err == nil && !found {
			err = json.Unmarshal(standInKey, &k)
		}
		if err != nil {
			return p, err
		}
		matched = k.Secret.matches(pass) && found
		accountSID, p.kind = k.AccountSID, kindOfKey(k.Type)
	default:
		secretHash{}.matches(pass)
	}
	if !matched {
		return principal{}, errAuthenticate
	}
	a, found, err := t.account(accountSID)
	switch {
	case err != nil:
		return principal{}, err
	case !found || a.Status == statusClosed:
		return principal{}, errAuthenticate
	case a.Status == statusSuspended:
		return principal{}, errSuspended
	}
	p.account = a
	return p, nil
}

func kindOfKey(t keyType) credKind {
	switch t {
	case keyMain:
		return credMainKey
	case keyRestricted:
		return credRestrictedKey
	default:
		return credStandardKey
	}
}

// manageable returns the account targetSID if p may manage its keys and
// settings: p holds an Auth Token or Main key, and the target is p's own
// account or one of its subaccounts. Anything else is the same 401, so
// nobody learns which other accounts exist.
func (t *txn) manageable(p principal, targetSID string) (accountRecord, error) {
	if !p.canManage() {
		return accountRecord{}, errAuthenticate
	}
	return t.reachable(p, targetSID)
}

// reachable returns the account targetSID if p may act on it at all: its
// own account with any credential, or a subaccount with the parent's Auth
// Token or Main key.
func (t *txn) reachable(p principal, targetSID string) (accountRecord, error) {
	if targetSID == p.account.SID {
		return p.account, nil
	}
	a, found, err := t.account(targetSID)
	if err != nil {
		return a, err
	}
	if !found || a.OwnerSID != p.account.SID || !p.canManage() {
		return accountRecord{}, errAuthenticate
	}
	return a, nil
}

// Two policy decisions Twilio's documentation settles only in part (the
// README's "The sandbox" says why):
//
// A suspended account gets no new keys, not even from its parent: Twilio
// blocks a suspended subaccount's API use, so a key made there could not be
// used, and a Main key made there would become a working admin credential
// the moment someone reactivates the account. Its keys can still be listed,
// renamed and deleted, so a parent can clean up before reactivating.
//
// A subaccount's status is changed only with its parent's credentials:
// Twilio's subaccount guide says to use the main account's credentials to
// suspend or to close a subaccount. So a subaccount's own Auth Token or
// Main key cannot close it (for good, taking its keys with it).

// errSuspendedNoNewKeys refuses a key create in a suspended account.
var errSuspendedNoNewKeys = &apiError{http.StatusForbidden, codeForbidden,
	"The account is suspended: reactivate it (Status=active) before creating keys in it"}

// errStatusNeedsParent refuses a subaccount changing its own status.
var errStatusNeedsParent = &apiError{http.StatusForbidden, codeForbidden,
	"Only the parent account's credentials can suspend or close a subaccount"}

// keysCreatableIn says whether keys may be created in account a.
func keysCreatableIn(a accountRecord) error {
	if a.Status == statusSuspended {
		return errSuspendedNoNewKeys
	}
	return nil
}
