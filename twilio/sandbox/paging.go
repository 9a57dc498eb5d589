package sandbox

import (
	"bytes"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"
)

const (
	defaultPageSize = 50
	maxPageSize     = 1000
	maxPageNumber   = 1_000_000_000
)

// pageRequest is what a list call asked for. A PageToken names a position
// in the order, not an offset: "PA" continues after it, "PB" goes back from
// before it. So a page follows on from where the previous one ended even
// while keys are created and deleted, and no key is listed twice or skipped.
type pageRequest struct {
	Size  int
	Page  int    // the client's page number; used for numbering, and as an offset only when there is no token
	Token string // as received
	after bool   // the token is "PA": items after pos; else "PB": items before pos
	pos   []byte // nil without a token
}

func parsePageRequest(p params) (pageRequest, error) {
	req := pageRequest{Size: defaultPageSize}
	if s, ok := p.get("PageSize"); ok {
		n, err := strconv.Atoi(s)
		// Atoi gives the largest int for a number too large for one.
		if n > maxPageSize {
			return req, &apiError{http.StatusBadRequest, codePageSizeTooLarge, "Page size too large: the maximum page size is " + strconv.Itoa(maxPageSize)}
		}
		if err != nil || n < 1 {
			return req, errInvalidParam("PageSize must be an integer from 1 to %d", maxPageSize)
		}
		req.Size = n
	}
	if s, ok := p.get("Page"); ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > maxPageNumber {
			return req, errInvalidParam("Page must be a non-negative integer")
		}
		req.Page = n
	}
	if s, ok := p.get("PageToken"); ok && s != "" {
		after, pos, ok := decodePageToken(s)
		if !ok {
			return req, &apiError{http.StatusBadRequest, codeInvalidPageToken, "Invalid PageToken"}
		}
		req.Token, req.after, req.pos = s, after, pos
	}
	return req, nil
}

// A page token is "PA" or "PB", the position's time as 16 hex digits, then
// the SID, e.g. "PA7ffffe5d3c1a2b00SK0123…".
func encodePageToken(after bool, pos []byte) string {
	prefix := "PB"
	if after {
		prefix = "PA"
	}
	return prefix + hex.EncodeToString(pos[:8]) + string(pos[8:])
}

func decodePageToken(s string) (after bool, pos []byte, ok bool) {
	if len(s) != 2+16+34 || (s[:2] != "PA" && s[:2] != "PB") {
		return false, nil, false
	}
	t, err := hex.DecodeString(s[2:18])
	sid := s[18:]
	if err != nil || !(validSID(sid, "SK") || validSID(sid, "AC")) {
		return false, nil, false
	}
	return s[:2] == "PA", append(t, sid...), true
}

// page is one page read from an order bucket: the SIDs in order, and where
// the neighbouring pages begin.
type page struct {
	SIDs      []string
	nextToken string // "" when there is no next page
	prevToken string // "" when there is no previous page
}

// readPage reads one page of the order bucket b (nil means empty), keeping
// only SIDs for which keep returns true.
func readPage(b *bolt.Bucket, req pageRequest, keep func(sid string) (bool, error)) (page, error) {
	var pg page
	if b == nil {
		return pg, nil
	}
	c := b.Cursor()
	// collect walks from k with step, gathering up to n kept entries.
	collect := func(k, v []byte, step func() ([]byte, []byte), n int) (sids []string, positions [][]byte, err error) {
		for ; k != nil && len(sids) < n; k, v = step() {
			ok, err := keep(string(v))
			if err != nil {
				return nil, nil, err
			}
			if ok {
				sids = append(sids, string(v))
				positions = append(positions, bytes.Clone(k))
			}
		}
		return sids, positions, nil
	}
	var positions [][]byte
	var err error
	switch {
	case req.pos != nil && !req.after:
		// Backwards from before the token, then put in order.
		var k, v []byte
		if k, _ = c.Seek(req.pos); k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
		pg.SIDs, positions, err = collect(k, v, c.Prev, req.Size)
		reverse(pg.SIDs)
		reverse(positions)
	case req.pos != nil:
		k, v := c.Seek(req.pos)
		if bytes.Equal(k, req.pos) {
			k, v = c.Next()
		}
		pg.SIDs, positions, err = collect(k, v, c.Next, req.Size)
	default:
		// No token: Page counts pages from the start.
		k, v := c.First()
		for skip := req.Page * req.Size; skip > 0 && k != nil; k, v = c.Next() {
			ok, err := keep(string(v))
			if err != nil {
				return page{}, err
			}
			if ok {
				skip--
			}
		}
		pg.SIDs, positions, err = collect(k, v, c.Next, req.Size)
	}
	if err != nil || len(positions) == 0 {
		return page{}, err
	}
	first, last := positions[0], positions[len(positions)-1]
	c.Seek(last)
	k, v := c.Next()
	if more, _, err := collect(k, v, c.Next, 1); err != nil {
		return page{}, err
	} else if len(more) > 0 {
		pg.nextToken = encodePageToken(true, last)
	}
	c.Seek(first)
	k, v = c.Prev()
	if more, _, err := collect(k, v, c.Prev, 1); err != nil {
		return page{}, err
	} else if len(more) > 0 {
		pg.prevToken = encodePageToken(false, first)
	}
	return pg, nil
}

func reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// listing turns a page into the paging fields of Twilio's envelopes.
type listing struct {
	path    string      // e.g. /2010-04-01/Accounts/AC…/Keys.json
	filters [][2]string // query parameters that select the items, in order
	req     pageRequest
	page    page
}

// query builds the query string of a page link: the filters, then PageSize,
// Page and PageToken, in the order Twilio writes them.
func (l listing) query(page int, token string) string {
	var b strings.Builder
	for _, f := range l.filters {
		b.WriteString(url.QueryEscape(f[0]) + "=" + url.QueryEscape(f[1]) + "&")
	}
	b.WriteString("PageSize=" + strconv.Itoa(l.req.Size) + "&Page=" + strconv.Itoa(page))
	if token != "" {
		b.WriteString("&PageToken=" + url.QueryEscape(token))
	}
	return b.String()
}

type pageLinks struct {
	first, self string
	next, prev  *string
}

// links are the four page links, each a path and query; prev and next are
// nil at the ends.
func (l listing) links() pageLinks {
	link := func(page int, token string) string { return l.path + "?" + l.query(page, token) }
	ls := pageLinks{first: link(0, ""), self: link(l.req.Page, l.req.Token)}
	if l.page.nextToken != "" {
		s := link(l.req.Page+1, l.page.nextToken)
		ls.next = &s
	}
	if l.page.prevToken != "" {
		s := link(max(l.req.Page-1, 0), l.page.prevToken)
		ls.prev = &s
	}
	return ls
}

// v2010Envelope is the list answer of the 2010-04-01 API: the items under
// arrayKey and relative page URIs, which twilio-go appends to its own host.
func (l listing) v2010Envelope(arrayKey string, items any) map[string]any {
	ls := l.links()
	start := l.req.Page * l.req.Size
	return map[string]any{
		arrayKey:            items,
		"first_page_uri":    ls.first,
		"uri":               ls.self,
		"next_page_uri":     ls.next,
		"previous_page_uri": ls.prev,
		"page":              l.req.Page,
		"page_size":         l.req.Size,
		"start":             start,
		"end":               max(start, start+len(l.page.SIDs)-1),
	}
}

// iamEnvelope is the list answer of IAM v1: absolute URLs in meta. They are
// built from the Host the request was sent to, so a client that rewrote
// iam.twilio.com (or a regional host) gets the same host back and routes the
// next request the same way.
func (l listing) iamEnvelope(origin string, items any) map[string]any {
	ls := l.links()
	abs := func(s *string) *string {
		if s == nil {
			return nil
		}
		u := origin + *s
		return &u
	}
	return map[string]any{
		"keys": items,
		"meta": map[string]any{
			"first_page_url":    origin + ls.first,
			"url":               origin + ls.self,
			"next_page_url":     abs(ls.next),
			"previous_page_url": abs(ls.prev),
			"page":              l.req.Page,
			"page_size":         l.req.Size,
			"key":               "keys",
		},
	}
}
