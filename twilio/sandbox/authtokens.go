package sandbox

import (
	"net/http"
	"strings"
	"time"
)

// Auth Token rotation, as accounts.twilio.com serves it:
//
//	POST   /v1/AuthTokens/Secondary   create (or replace) the secondary token: 201
//	DELETE /v1/AuthTokens/Secondary   delete it: 204, or 404/20404 when there is none
//	POST   /v1/AuthTokens/Promote     make it the primary: 200, or 404/20404 when there is none
//
// Like every other path, these are routed by path alone: one listener
// stands in for api, iam and accounts.twilio.com, and absolute URLs in
// answers name the Host the request was sent to (see origin).
//
// The account is the one the credentials belong to; there is no AccountSid
// in the path, so a parent cannot rotate a subaccount's token here. Twilio
// does not document which credentials may call these; the sandbox reads
// "Standard keys cannot configure accounts" as: an Auth Token (primary or
// secondary) or a Main key, and 401/20003 for Standard and Restricted keys.
//
// Tokens are kept in clear in the store, unlike key secrets. The sandbox
// cannot hash them: Twilio's API hands both back later (an account fetch
// shows the primary, Promote returns the secondary as the new primary), and
// the sandbox prints its demo account's current token at every start. A
// promotion drops the old primary from the record at once.

// secondaryToken is an account's secondary Auth Token. It authenticates
// exactly as the primary does until it is deleted or promoted.
type secondaryToken struct {
	Token   string    `json:"token"`
	Created time.Time `json:"created"`
}

// tokenMatches reports whether pass is the account's primary or secondary
// Auth Token. Both comparisons always run, against stand-ins when a token is
// missing, so the answer takes as long whether or not a secondary exists or
// the account was found (a zero record).
func (a accountRecord) tokenMatches(pass string) bool {
	primary, secondary := a.AuthToken, dummyToken
	if primary == "" {
		primary = dummyToken
	}
	if a.Secondary != nil {
		secondary = a.Secondary.Token
	}
	p := equalConstantTime(primary, pass) && a.AuthToken != ""
	s := equalConstantTime(secondary, pass) && a.Secondary != nil
	return p || s
}

// secondaryAuthTokenJSON is accounts.v1.secondary_auth_token.
type secondaryAuthTokenJSON struct {
	AccountSID         string `json:"account_sid"`
	DateCreated        string `json:"date_created"`
	DateUpdated        string `json:"date_updated"`
	SecondaryAuthToken string `json:"secondary_auth_token"`
	URL                string `json:"url"`
}

// authTokenPromotionJSON is accounts.v1.auth_token_promotion.
type authTokenPromotionJSON struct {
	AccountSID  string `json:"account_sid"`
	AuthToken   string `json:"auth_token"`
	DateCreated string `json:"date_created"`
	DateUpdated string `json:"date_updated"`
	URL         string `json:"url"`
}

const (
	pathSecondaryAuthToken = "/v1/AuthTokens/Secondary"
	pathPromoteAuthToken   = "/v1/AuthTokens/Promote"
)

var secondaryAuthTokenEndpoints = map[string]endpoint{
	http.MethodPost:   {write: true, serve: createSecondaryAuthToken},
	http.MethodDelete: {write: true, serve: deleteSecondaryAuthToken},
}

var promoteAuthTokenEndpoints = map[string]endpoint{
	http.MethodPost: {write: true, serve: promoteAuthToken},
}

// tokenAccount is the account whose tokens the caller may rotate: its own,
// read in this same transaction, so a promotion that committed first is
// already seen.
func tokenAccount(c *call) (accountRecord, error) {
	if !c.who.canManage() {
		return accountRecord{}, errAuthenticate
	}
	if err := checkSuppressEmail(c.params); err != nil {
		return accountRecord{}, err
	}
	return c.who.account, nil
}

// checkSuppressEmail accepts Twilio's optional SuppressEmailNotification
// (twilio-go sends it as "true" or "false"). The sandbox sends no email
// either way.
func checkSuppressEmail(p params) error {
	v, ok := p.get("SuppressEmailNotification")
	if !ok || strings.EqualFold(v, "true") || strings.EqualFold(v, "false") {
		return nil
	}
	return errInvalidParam("SuppressEmailNotification must be true or false")
}

// createSecondaryAuthToken makes a new secondary token. One that exists is
// replaced, and stops working: an account has at most one secondary token
// (the sandbox's reading; Twilio does not document a second create).
func createSecondaryAuthToken(t *txn, c *call) (int, any, error) {
	a, err := tokenAccount(c)
	if err != nil {
		return 0, nil, err
	}
	a.Secondary = &secondaryToken{Token: newAuthToken(), Created: c.now}
	if err := t.putAccount(a); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, secondaryAuthTokenJSON{
		AccountSID:         a.SID,
		DateCreated:        iso8601(a.Secondary.Created),
		DateUpdated:        iso8601(a.Secondary.Created),
		SecondaryAuthToken: a.Secondary.Token,
		URL:                origin(c.r) + pathSecondaryAuthToken,
	}, nil
}

func deleteSecondaryAuthToken(t *txn, c *call) (int, any, error) {
	a, err := tokenAccount(c)
	if err != nil {
		return 0, nil, err
	}
	if a.Secondary == nil {
		return 0, nil, errNotFound("/AuthTokens/Secondary")
	}
	a.Secondary = nil
	if err := t.putAccount(a); err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, nil
}

// promoteAuthToken makes the secondary token the primary in one write
// transaction. Every request authenticates inside its own transaction, so
// one that starts after this commits sees only the new token, on any
// connection; the old primary is gone from the record.
func promoteAuthToken(t *txn, c *call) (int, any, error) {
	a, err := tokenAccount(c)
	if err != nil {
		return 0, nil, err
	}
	if a.Secondary == nil {
		return 0, nil, errNotFound("/AuthTokens/Promote")
	}
	promoted := *a.Secondary
	a.AuthToken, a.Secondary, a.Updated = promoted.Token, nil, c.now
	if err := t.putAccount(a); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, authTokenPromotionJSON{
		AccountSID:  a.SID,
		AuthToken:   a.AuthToken,
		DateCreated: iso8601(promoted.Created),
		DateUpdated: iso8601(c.now),
		URL:         origin(c.r) + pathPromoteAuthToken,
	}, nil
}

// iso8601 formats a time as accounts.twilio.com does: "2015-07-31T04:00:00Z".
// (The 2010-04-01 API uses RFC 2822 instead; see rfc2822.)
func iso8601(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
