package sandbox

import (
	"net/http"
	"strings"
)

// resource is one kind of path the sandbox serves.
type resource int

const (
	resAccounts resource = iota + 1
	resAccount
	resBalance
	resKeys
	resKey
	resSigningKeys
	resSigningKey
	resIAMKeys
	resIAMKey
	resSecondaryAuthToken
	resPromoteAuthToken
)

// route is a request path taken apart. SIDs are as written in the path and
// are checked only after the caller has authenticated.
type route struct {
	res        resource
	accountSID string // the account in a 2010-04-01 path
	sid        string // the resource's own SID: a key, or the account for resAccount
}

// accountSubresources names what follows /2010-04-01/Accounts/{Sid}/: a
// collection, or with a trailing slash the parent of an instance.
var accountSubresources = map[string]resource{
	"Keys.json":        resKeys,
	"SigningKeys.json": resSigningKeys,
	"Balance.json":     resBalance,
	"Keys/":            resKey,
	"SigningKeys/":     resSigningKey,
}

// parseRoute maps a path to a resource. Paths are matched exactly, as
// Twilio does: the 2010-04-01 API needs its ".json" suffix.
func parseRoute(path string) (route, bool) {
	if rest, ok := strings.CutPrefix(path, "/2010-04-01/"); ok {
		seg := strings.Split(rest, "/")
		switch {
		case len(seg) == 1 && seg[0] == "Accounts.json":
			return route{res: resAccounts}, true
		case len(seg) < 2 || seg[0] != "Accounts":
			return route{}, false
		case len(seg) == 2:
			sid, ok := strings.CutSuffix(seg[1], ".json")
			return route{res: resAccount, accountSID: sid, sid: sid}, ok
		case len(seg) == 3:
			res, ok := accountSubresources[seg[2]]
			return route{res: res, accountSID: seg[1]}, ok
		case len(seg) == 4:
			res, ok := accountSubresources[seg[2]+"/"]
			sid, isJSON := strings.CutSuffix(seg[3], ".json")
			return route{res: res, accountSID: seg[1], sid: sid}, ok && isJSON
		}
		return route{}, false
	}
	if path == "/v1/Keys" {
		return route{res: resIAMKeys}, true
	}
	if sid, ok := strings.CutPrefix(path, "/v1/Keys/"); ok && !strings.Contains(sid, "/") {
		return route{res: resIAMKey, sid: sid}, true
	}
	switch path {
	case pathSecondaryAuthToken:
		return route{res: resSecondaryAuthToken}, true
	case pathPromoteAuthToken:
		return route{res: resPromoteAuthToken}, true
	}
	return route{}, false
}

// validSIDs checks the SIDs in the path: 400/70002 when one is malformed.
func (rt route) validSIDs() error {
	switch rt.res {
	case resAccounts, resIAMKeys, resIAMKey, resSecondaryAuthToken, resPromoteAuthToken:
	default:
		if !validSID(rt.accountSID, "AC") {
			return errInvalidSID
		}
	}
	switch rt.res {
	case resKey, resSigningKey, resIAMKey:
		if !validSID(rt.sid, "SK") {
			return errInvalidSID
		}
	}
	return nil
}

// validSID reports whether s is prefix and 32 hex digits, Twilio's SID shape.
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

// endpoint serves one method on one resource. write endpoints run in a
// write transaction, so the answer is sent only after the change is durable.
type endpoint struct {
	write bool
	serve func(t *txn, c *call) (status int, body any, err error)
}

// endpoints is the whole API surface, resource by resource.
var endpoints = map[resource]map[string]endpoint{
	resAccounts: {
		http.MethodGet:  {serve: listAccounts},
		http.MethodPost: {write: true, serve: createAccount},
	},
	resAccount: {
		http.MethodGet:  {serve: fetchAccount},
		http.MethodPost: {write: true, serve: updateAccount},
	},
	resBalance: {
		http.MethodGet: {serve: fetchBalance},
	},
	resKeys:        keyCollection("keys"),
	resSigningKeys: keyCollection("signing_keys"),
	resKey:         keyInstance,
	resSigningKey:  keyInstance,
	resIAMKeys: {
		http.MethodGet:  {serve: listIAMKeys},
		http.MethodPost: {write: true, serve: createIAMKey},
	},
	resIAMKey: {
		http.MethodGet:    {serve: fetchIAMKey},
		http.MethodPost:   {write: true, serve: updateIAMKey},
		http.MethodDelete: {write: true, serve: deleteIAMKey},
	},
	resSecondaryAuthToken: secondaryAuthTokenEndpoints,
	resPromoteAuthToken:   promoteAuthTokenEndpoints,
}

func keyCollection(arrayKey string) map[string]endpoint {
	return map[string]endpoint{
		http.MethodGet:  {serve: func(t *txn, c *call) (int, any, error) { return listKeys(t, c, arrayKey) }},
		http.MethodPost: {write: true, serve: createKey},
	}
}

var keyInstance = map[string]endpoint{
	http.MethodGet:    {serve: fetchKey},
	http.MethodPost:   {write: true, serve: updateKey},
	http.MethodDelete: {write: true, serve: deleteKey},
}

// allowed lists a resource's methods for the Allow header of a 405.
func allowedMethods(eps map[string]endpoint) string {
	var ms []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		if _, ok := eps[m]; ok {
			ms = append(ms, m)
		}
	}
	return strings.Join(ms, ", ")
}
