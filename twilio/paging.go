package twilio

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// eachPage fetches first and then every next_page_uri, handing each page to
// onPage before asking for the next, so a caller can show the first page
// while the rest load. An error from onPage stops the walk and is returned
// as it is; the end of ctx stops it before the next request.
//
// A server that leads the walk in a circle is stopped: by a page address
// already visited, or by pages that bring back keys (or accounts) already
// delivered more often than keys changing during the listing can explain
// (see pageLoop). An item whose SID is not of Twilio's shape stops it too.
func (c *Client) eachPage(ctx context.Context, op, first string, onPage func(*listPage) error) error {
	return c.eachPageResized(ctx, op, first, nil, onPage)
}

// eachPageResized is eachPage with resize, if not nil, applied to each next
// page's address after it was checked (see ListKeysPaged). The loop check
// compares the addresses as the server gave them.
func (c *Client) eachPageResized(ctx context.Context, op, first string, resize func(string) string, onPage func(*listPage) error) error {
	visited := map[string]bool{}
	var loop pageLoop
	for next, send := first, first; ; {
		visited[next] = true
		var page listPage
		if err := c.do(ctx, request{op: op, method: http.MethodGet, url: send}, &page); err != nil {
			return err
		}
		if err := loop.add(&page); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		if err := onPage(&page); err != nil {
			return err
		}
		if page.NextPageURI == "" {
			return nil
		}
		u, err := c.resolveNext(page.NextPageURI)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		if visited[u] {
			return fmt.Errorf("%s: Twilio's next page is one already listed, so the listing would never end; stopping", op)
		}
		next, send = u, u
		if resize != nil {
			send = resize(u)
		}
	}
}

// pageLoop tells a listing that goes round in circles under new page
// addresses from one that keys changed under. A key created while the list
// is read can push a key already delivered onto the next page, so a repeat
// now and then is normal; but concurrent changes cannot make a page of
// nothing but repeats, nor more repeats in all than there are distinct keys.
type pageLoop struct {
	seen    map[string]bool
	repeats int
}

func (l *pageLoop) add(p *listPage) error {
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	sids := make([]string, 0, len(p.Keys)+len(p.Accounts))
	for _, k := range p.Keys {
		if !ValidKeySID(k.SID) {
			return errors.New("the answer lists a key whose SID is not SK followed by 32 hexadecimal digits; stopping")
		}
		sids = append(sids, k.SID)
	}
	for _, a := range p.Accounts {
		if !ValidAccountSID(a.SID) {
			return errors.New("the answer lists an account whose SID is not AC followed by 32 hexadecimal digits; stopping")
		}
		sids = append(sids, a.SID)
	}
	repeats := 0
	for _, sid := range sids {
		if l.seen[sid] {
			repeats++
		}
		l.seen[sid] = true
	}
	l.repeats += repeats
	if len(sids) > 1 && repeats == len(sids) || l.repeats > len(l.seen) {
		return fmt.Errorf("the pages keep bringing back items already listed (%d repeats of %d distinct), "+
			"more than changes during the listing explain; stopping", l.repeats, len(l.seen))
	}
	return nil
}
