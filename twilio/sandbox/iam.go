package sandbox

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
)

// iamKeyJSON is iam.v1.key (fetch and update): policy is null unless the
// key is restricted.
type iamKeyJSON struct {
	keyJSON
	Policy json.RawMessage `json:"policy"`
}

// iamNewKeyJSON is iam.v1.new_key.
type iamNewKeyJSON struct {
	keyJSON
	Secret string          `json:"secret"`
	Policy json.RawMessage `json:"policy"`
}

// iamListItemJSON is iam.v1.get_keys: no policy, but flags.
type iamListItemJSON struct {
	keyJSON
	Flags []string `json:"flags"`
}

// keyFlags are what Twilio reports for a key that can call the REST API and
// sign access tokens, which every sandbox key can.
var keyFlags = []string{"rest_api", "signing"}

func listIAMKeys(t *txn, c *call) (int, any, error) {
	a, err := iamAccount(t, c)
	if err != nil {
		return 0, nil, err
	}
	req, err := parsePageRequest(c.params)
	if err != nil {
		return 0, nil, err
	}
	l := listing{path: "/v1/Keys", filters: [][2]string{{"AccountSid", a.SID}}, req: req}
	var keys []keyRecord
	if l.page, keys, err = pageKeys(t, a.SID, req); err != nil {
		return 0, nil, err
	}
	items := make([]iamListItemJSON, len(keys))
	for i, k := range keys {
		items[i] = iamListItemJSON{renderKey(k), keyFlags}
	}
	return http.StatusOK, l.iamEnvelope(origin(c.r), items), nil
}

// iamAccount is the account a list or create on /v1/Keys names in its
// required AccountSid, once the caller is known to manage keys there.
func iamAccount(t *txn, c *call) (accountRecord, error) {
	if !c.who.canManage() {
		return accountRecord{}, errAuthenticate
	}
	accountSID, err := requiredAccountSID(c.params)
	if err != nil {
		return accountRecord{}, err
	}
	return keyAccount(t, c, accountSID)
}

func requiredAccountSID(p params) (string, error) {
	sid, ok := p.get("AccountSid")
	switch {
	case !ok || sid == "":
		return "", errInvalidParam("Missing required parameter AccountSid")
	case !validSID(sid, "AC"):
		return "", errInvalidSID
	}
	return sid, nil
}

// origin is the scheme and host to put in front of IAM page links: the
// Host the request was sent to, so a client that rewrote iam.twilio.com
// (or a regional host) on its way here gets the same name back, and the
// scheme the request came in on, so a client that reached the sandbox over
// plain HTTP by any name (localhost, an IP, a container's name) follows the
// link the same way. X-Forwarded-Proto is believed only from a loopback
// peer, which is where a TLS-terminating proxy in front of the sandbox
// sits; from anyone else it could turn the links into ones the client
// cannot follow.
func origin(r *http.Request) string {
	host := r.Host
	if host == "" || strings.ContainsAny(host, "/?#@ \\") {
		host = "iam.twilio.com"
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); (p == "http" || p == "https") && fromLoopback(r) {
		scheme = p
	}
	return (&url.URL{Scheme: scheme, Host: host}).String()
}

// fromLoopback reports whether the request's peer is on this machine.
func fromLoopback(r *http.Request) bool {
	addr, err := netip.ParseAddrPort(r.RemoteAddr)
	return err == nil && addr.Addr().Unmap().IsLoopback()
}

// createIAMKey creates a Standard key, a Restricted key with a policy, or,
// as a sandbox-only extension standing in for the Console, a Main key.
func createIAMKey(t *txn, c *call) (int, any, error) {
	a, err := iamAccount(t, c)
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
	kt := keyStandard
	switch s, _ := c.params.get("KeyType"); s {
	case "", "standard":
	case "restricted":
		kt = keyRestricted
	case "main":
		kt = keyMain
	default:
		return 0, nil, errInvalidParam("KeyType must be restricted")
	}
	var policy []byte
	if raw, ok := c.params.get("Policy"); ok {
		if kt != keyRestricted {
			return 0, nil, errInvalidParam("Policy is allowed only with KeyType=restricted")
		}
		if policy, err = parsePolicy(raw); err != nil {
			return 0, nil, err
		}
	} else if kt == keyRestricted {
		return 0, nil, errInvalidParam("A restricted key requires a Policy")
	}
	k, secret, err := insertKey(t, a.SID, optional(name, present), kt, policy, c.now)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, iamNewKeyJSON{renderKey(k), secret, k.Policy}, nil
}

// iamKey returns the key named in a /v1/Keys/{Sid} path. The account comes
// from the key itself; a key in an account the caller cannot manage is
// reported as not found.
func iamKey(t *txn, c *call) (keyRecord, error) {
	if !c.who.canManage() {
		return keyRecord{}, errAuthenticate
	}
	k, found, err := t.key(c.route.sid)
	if err != nil {
		return k, err
	}
	if found {
		_, err = keyAccount(t, c, k.AccountSID)
	}
	if !found || errors.Is(err, errAuthenticate) {
		err = errNotFound(c.r.URL.Path)
	}
	return k, err
}

func fetchIAMKey(t *txn, c *call) (int, any, error) {
	k, err := iamKey(t, c)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, iamKeyJSON{renderKey(k), k.Policy}, nil
}

func updateIAMKey(t *txn, c *call) (int, any, error) {
	k, err := iamKey(t, c)
	if err != nil {
		return 0, nil, err
	}
	if raw, ok := c.params.get("Policy"); ok {
		if k.Type != keyRestricted {
			return 0, nil, errInvalidParam("Policy can be set only on a restricted key")
		}
		if k.Policy, err = parsePolicy(raw); err != nil {
			return 0, nil, err
		}
	}
	if k, err = renameKey(t, c, k); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, iamKeyJSON{renderKey(k), k.Policy}, nil
}

func deleteIAMKey(t *txn, c *call) (int, any, error) {
	k, err := iamKey(t, c)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, t.deleteKey(k)
}

// maxPermissions is Twilio's limit on a restricted key's policy.
const maxPermissions = 100

// permissionPattern is the shape of every permission Twilio documents:
// /twilio/{product}/{resource}/{action}, sub-resources joined with dots.
var permissionPattern = regexp.MustCompile(`^/twilio/[a-z0-9-]+/[a-z0-9.-]+/(read|list|create|update|delete|\*)$`)

// parsePolicy checks a Policy parameter, {"allow":[permission, …]}, and
// returns it re-encoded compactly.
func parsePolicy(raw string) (json.RawMessage, error) {
	invalid := func(msg string) error { return &apiError{http.StatusBadRequest, codeInvalidValue, msg} }
	var doc struct {
		Allow []string `json:"allow"`
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, invalid("Policy is not a valid policy document: it must be JSON like {\"allow\":[\"/twilio/messaging/messages/read\"]}")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, invalid("Policy has data after the policy document")
	}
	switch {
	case len(doc.Allow) == 0:
		return nil, invalid("Policy must allow at least one permission")
	case len(doc.Allow) > maxPermissions:
		return nil, invalid("Policy may allow at most 100 permissions")
	}
	for _, p := range doc.Allow {
		if !permissionPattern.MatchString(p) {
			if len(p) > 200 {
				p = p[:200] + "..."
			}
			return nil, invalid("assertion '" + p + "' is invalid")
		}
	}
	return json.Marshal(doc)
}
