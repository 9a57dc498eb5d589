package twilio

import (
	"context"
	"net/http"
	"strconv"
)

// FetchAccount fetches the client's account. Called at start-up, it is the
// check that Twilio accepts the credentials (as `twilio login` does): a
// Standard key gets a 401 here, which IsAuthError reports.
func (c *Client) FetchAccount(ctx context.Context) (Account, error) {
	var a accountJSON
	err := c.do(ctx, request{op: opFetchAccount, method: http.MethodGet, url: c.accountURL(".json")}, &a)
	return a.account(), err
}

// ListSubaccounts lists the subaccounts of the credentials' account, all
// pages. Twilio's list includes the account itself, which is left out.
func (c *Client) ListSubaccounts(ctx context.Context) ([]Account, error) {
	var subs []Account
	first := c.api.String() + "/2010-04-01/Accounts.json?PageSize=" + strconv.Itoa(MaxPageSize)
	err := c.eachPage(ctx, opListSubaccounts, first, func(p *listPage) error {
		for _, a := range p.Accounts {
			if a.SID != c.ownSID {
				subs = append(subs, a.account())
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return subs, nil
}
