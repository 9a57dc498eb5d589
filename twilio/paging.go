package twilio

import (
	"context"
	"fmt"
	"net/http"
)

// eachPage fetches first and then every next_page_uri, handing each page to
// onPage before asking for the next, so a caller can show the first page
// while the rest load. An error from onPage stops the walk and is returned
// as it is; the end of ctx stops it before the next request.
func (c *Client) eachPage(ctx context.Context, op, first string, onPage func(*listPage) error) error {
	for next := first; ; {
		var page listPage
		if err := c.do(ctx, request{op: op, method: http.MethodGet, url: next}, &page); err != nil {
			return err
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
		if u == next {
			return fmt.Errorf("%s: Twilio gave this page as its own next page; stopping", op)
		}
		next = u
	}
}
