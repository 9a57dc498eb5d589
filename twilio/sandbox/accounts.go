package sandbox

import (
	"net/http"
)

// accountJSON is api.v2010.account.
type accountJSON struct {
	AuthToken       string            `json:"auth_token"`
	DateCreated     string            `json:"date_created"`
	DateUpdated     string            `json:"date_updated"`
	FriendlyName    string            `json:"friendly_name"`
	OwnerAccountSID string            `json:"owner_account_sid"`
	SID             string            `json:"sid"`
	Status          string            `json:"status"`
	SubresourceURIs map[string]string `json:"subresource_uris"`
	Type            string            `json:"type"`
	URI             string            `json:"uri"`
}

// subresources are the names in an account's subresource_uris and the
// paths they point at under /2010-04-01/Accounts/{Sid}/.
var subresources = map[string]string{
	"addresses":               "Addresses.json",
	"applications":            "Applications.json",
	"authorized_connect_apps": "AuthorizedConnectApps.json",
	"available_phone_numbers": "AvailablePhoneNumbers.json",
	"balance":                 "Balance.json",
	"calls":                   "Calls.json",
	"conferences":             "Conferences.json",
	"connect_apps":            "ConnectApps.json",
	"incoming_phone_numbers":  "IncomingPhoneNumbers.json",
	"keys":                    "Keys.json",
	"messages":                "Messages.json",
	"notifications":           "Notifications.json",
	"outgoing_caller_ids":     "OutgoingCallerIds.json",
	"queues":                  "Queues.json",
	"recordings":              "Recordings.json",
	"short_codes":             "SMS/ShortCodes.json",
	"signing_keys":            "SigningKeys.json",
	"sip":                     "SIP.json",
	"transcriptions":          "Transcriptions.json",
	"usage":                   "Usage.json",
}

func renderAccount(a accountRecord) accountJSON {
	base := "/2010-04-01/Accounts/" + a.SID
	uris := make(map[string]string, len(subresources))
	for name, path := range subresources {
		uris[name] = base + "/" + path
	}
	return accountJSON{
		AuthToken:       a.AuthToken,
		DateCreated:     rfc2822(a.Created),
		DateUpdated:     rfc2822(a.Updated),
		FriendlyName:    a.FriendlyName,
		OwnerAccountSID: a.OwnerSID,
		SID:             a.SID,
		Status:          a.Status,
		SubresourceURIs: uris,
		Type:            a.Type,
		URI:             base + ".json",
	}
}

func validStatus(s string) bool {
	return s == statusActive || s == statusSuspended || s == statusClosed
}

// listAccounts lists the caller's account and its subaccounts.
func listAccounts(t *txn, c *call) (int, any, error) {
	if !c.who.canManage() {
		return 0, nil, errAuthenticate
	}
	req, err := parsePageRequest(c.params)
	if err != nil {
		return 0, nil, err
	}
	l := listing{path: "/2010-04-01/Accounts.json", req: req}
	name, byName := c.params.get("FriendlyName")
	status, byStatus := c.params.get("Status")
	if byName {
		l.filters = append(l.filters, [2]string{"FriendlyName", name})
	}
	if byStatus {
		if !validStatus(status) {
			return 0, nil, errInvalidParam("Status must be one of active, suspended, closed")
		}
		l.filters = append(l.filters, [2]string{"Status", status})
	}
	keep := func(sid string) (bool, error) {
		a, found, err := t.account(sid)
		return found && (!byName || a.FriendlyName == name) && (!byStatus || a.Status == status), err
	}
	if l.page, err = readPage(t.accountOrder(c.who.account.SID), req, keep); err != nil {
		return 0, nil, err
	}
	items := make([]accountJSON, 0, len(l.page.SIDs))
	for _, sid := range l.page.SIDs {
		a, _, err := t.account(sid)
		if err != nil {
			return 0, nil, err
		}
		items = append(items, renderAccount(a))
	}
	return http.StatusOK, l.v2010Envelope("accounts", items), nil
}

// createAccount creates a subaccount of the caller.
func createAccount(t *txn, c *call) (int, any, error) {
	if !c.who.canManage() {
		return 0, nil, errAuthenticate
	}
	parent := c.who.account
	if parent.isSubaccount() {
		return 0, nil, &apiError{http.StatusBadRequest, codeNoSubSubaccounts, "Subaccounts cannot contain subaccounts"}
	}
	name, present, err := c.params.friendlyName()
	if err != nil {
		return 0, nil, err
	}
	if !present {
		// Twilio's default, e.g. "SubAccount Created at 2026-12-03 04:05 am".
		name = "SubAccount Created at " + c.now.Format("2006-01-02 03:04 pm")
	}
	a := accountRecord{
		SID:          newAccountSID(),
		OwnerSID:     parent.SID,
		FriendlyName: name,
		Status:       statusActive,
		Type:         parent.Type,
		AuthToken:    newAuthToken(),
		Created:      c.now,
		Updated:      c.now,
	}
	if err := t.insertAccount(a); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, renderAccount(a), nil
}

func fetchAccount(t *txn, c *call) (int, any, error) {
	a, err := t.manageable(c.who, c.route.sid)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, renderAccount(a), nil
}

// updateAccount renames an account or changes its status. Only subaccounts
// can be suspended or closed, and closing is for good.
func updateAccount(t *txn, c *call) (int, any, error) {
	a, err := t.manageable(c.who, c.route.sid)
	if err != nil {
		return 0, nil, err
	}
	name, renamed, err := c.params.friendlyName()
	if err != nil {
		return 0, nil, err
	}
	status, restatus := c.params.get("Status")
	if status == "1" {
		// Twilio's own example (updateWithNumericStatus) sends Status=1 and
		// gets "active" back. No other number is documented, and guessing
		// one could close an account for good, so the rest stay refused.
		status = statusActive
	}
	// The codes and texts are the ones Twilio's catalogue has for these.
	switch {
	case restatus && !validStatus(status):
		return 0, nil, &apiError{http.StatusBadRequest, codeInvalidStatus, "Unable to update Status, invalid Status."}
	case a.Status == statusClosed:
		return 0, nil, &apiError{http.StatusBadRequest, codeClosedSubaccount, "Unable to update Status for subaccount, subaccount has been closed."}
	case restatus && status != statusActive && !a.isSubaccount():
		return 0, nil, &apiError{http.StatusBadRequest, codeParentStatus, "Unable to update Status for parent accounts"}
	case restatus && status != a.Status && a.isSubaccount() && c.who.account.SID == a.SID:
		return 0, nil, errStatusNeedsParent // see auth.go
	}
	if renamed {
		a.FriendlyName = name
	}
	if restatus {
		a.Status = status
	}
	a.Updated = c.now
	if err := t.putAccount(a); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, renderAccount(a), nil
}

// sandboxBalance is every account's balance: the sandbox does not bill.
const sandboxBalance = "100.00"

// fetchBalance is the one endpoint any key may call, so a client can check
// that a new key works.
func fetchBalance(t *txn, c *call) (int, any, error) {
	a, err := t.reachable(c.who, c.route.accountSID)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]string{"account_sid": a.SID, "balance": sandboxBalance, "currency": "USD"}, nil
}
