package twilio

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultTimeout bounds each HTTP exchange of the default HTTP client. A page
// of 1000 keys is well under a megabyte, so this is generous.
const DefaultTimeout = 30 * time.Second

// Options say where and how a Client talks to Twilio. The zero value talks to
// api.twilio.com and iam.twilio.com.
type Options struct {
	// Region and Edge select Twilio's regional hosts,
	// api.{edge}.{region}.twilio.com. An edge without a region means region
	// us1; a region without an edge takes the edge the Twilio CLI pairs with it.
	Region, Edge string

	// BaseURL replaces the hosts, for the sandbox and tests: both the
	// /2010-04-01 and /v1 paths are sent to it. Plain http:// is refused unless
	// the host is loopback.
	BaseURL string

	// Sandbox says BaseURL is the twilio-keys sandbox, which can create Main
	// keys (POST /v1/Keys with KeyType=main). Real Twilio cannot.
	Sandbox bool

	// HTTPClient sends the requests; nil means one with DefaultTimeout that
	// does not follow redirects.
	HTTPClient *http.Client

	// Version goes into the User-Agent, "twilio-keys/<version>"; "" means "dev".
	Version string

	// Retry bounds retries of GET, DELETE and rename, and of a create after
	// a 429; the zero value means the defaults.
	Retry RetryPolicy
}

// Client calls Twilio's key and account APIs for one account. It is safe for
// concurrent use.
type Client struct {
	// auth yields the Basic auth pair. It is a closure, not a Credentials
	// field, because fmt prints any struct it reaches through an unexported
	// field (with %s even through a pointer), while what a closure captured
	// is out of reach of fmt and reflection alike.
	auth       func() (user, pass string)
	shown      string // the credentials as Credentials.Format prints them, secret hidden
	ownSID     string // the credentials' own account
	accountSID string // the account in the URL path; ForAccount changes it
	endpoints
	sandbox   bool
	http      *http.Client
	userAgent string
	retry     RetryPolicy
	pre       *preconnected // Preconnect's dial over https, which the first requests wait for; nil without one
}

// New checks the credentials and options and returns a client. Nothing is
// sent; call FetchAccount to find out whether Twilio accepts the credentials.
func New(creds Credentials, opts Options) (*Client, error) {
	if err := creds.Validate(); err != nil {
		return nil, err
	}
	ep, err := resolveEndpoints(opts)
	if err != nil {
		return nil, err
	}
	if opts.Sandbox && opts.BaseURL == "" {
		return nil, errors.New("the sandbox option needs the sandbox's base URL")
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = &http.Client{
			Timeout: DefaultTimeout,
			// Twilio does not redirect these APIs; a redirect would only send
			// the credentials somewhere unexpected.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	return &Client{
		auth:       creds.basicAuth,
		shown:      fmt.Sprint(creds),
		ownSID:     creds.AccountSID,
		accountSID: creds.AccountSID,
		endpoints:  ep,
		sandbox:    opts.Sandbox,
		http:       hc,
		userAgent:  "twilio-keys/" + or(opts.Version, "dev"),
		retry:      opts.Retry.withDefaults(),
	}, nil
}

// Preconnect starts opening a connection to the API host in the background
// and returns at once, so that the first requests find it open (TCP and, for
// https, TLS done) instead of each paying for it. Nothing is sent: the
// request that makes the HTTP client dial is abandoned as soon as the dial
// begins, and net/http finishes such a dial and keeps the connection for the
// next request. Call it once, before the first request; ctx ends the dial.
//
// Over https the first request waits for that dial, and the requests sent
// meanwhile wait until the first has its connection, so that with HTTP/2
// they all share it rather than each dialing one of its own (net/http does
// not make a request wait for another's dial). Over plain http, HTTP/1.1
// carries one request at a time, so none waits.
func (c *Client) Preconnect(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	ready := make(chan struct{})
	var once sync.Once
	done := func() { once.Do(func() { close(ready) }) }
	secure := c.api.Scheme == "https"
	// Cancelling from inside the dial (DNS lookup or connect), not before it:
	// net/http skips a dial whose request was cancelled before it began.
	trace := &httptrace.ClientTrace{
		DNSStart: func(httptrace.DNSStartInfo) { cancel() },
		DNSDone: func(i httptrace.DNSDoneInfo) {
			if i.Err != nil {
				done()
			}
		},
		ConnectStart: func(string, string) { cancel() },
		ConnectDone: func(_, _ string, err error) {
			if err != nil || !secure {
				done()
			}
		},
		TLSHandshakeDone: func(tls.ConnectionState, error) { done() },
		// A connection already open (or a transport that dials without
		// these hooks): give up before anything is written.
		GotConn: func(httptrace.GotConnInfo) { cancel(); done() },
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), http.MethodHead, c.api.String()+"/", nil)
	if err != nil {
		cancel()
		return
	}
	if secure {
		c.pre = &preconnected{dialed: ready, opened: make(chan struct{})}
		// Whatever becomes of the dial, no request waits for it for long.
		time.AfterFunc(preconnectWait, done)
	}
	go func() {
		defer cancel()
		if resp, err := c.http.Do(req); err == nil {
			resp.Body.Close() // not expected: the request is abandoned before it is sent
			done()
		} else if ctx.Err() == nil {
			done() // it failed before dialing
		}
	}()
}

// preconnectWait bounds how long a request waits for Preconnect's dial.
const preconnectWait = 5 * time.Second

// preconnected lines up the first requests behind Preconnect's dial.
type preconnected struct {
	dialed <-chan struct{} // closed when the dial is done (or given up)
	lead   atomic.Bool     // taken by the first request
	opened chan struct{}   // closed when the first request has a connection, or failed
	once   sync.Once
}

func (p *preconnected) open() { p.once.Do(func() { close(p.opened) }) }

// firstConnection makes a request wait its turn after Preconnect: the first
// waits for the dial, and returns a context whose trace says when it has its
// connection; the others wait for that. The request calls done when it has
// an answer or failed, in case it never got a connection.
func (c *Client) firstConnection(ctx context.Context) (_ context.Context, done func()) {
	p := c.pre
	if p == nil {
		return ctx, func() {}
	}
	if p.lead.CompareAndSwap(false, true) {
		select {
		case <-p.dialed:
		case <-ctx.Done():
		}
		trace := &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { p.open() }}
		return httptrace.WithClientTrace(ctx, trace), p.open
	}
	select {
	case <-p.opened:
	case <-ctx.Done():
	}
	return ctx, func() {}
}

// AccountSID is the account whose keys the client manages.
func (c *Client) AccountSID() string { return c.accountSID }

// Region is the Twilio region the client talks to, "us1" when none was set.
func (c *Client) Region() string { return c.region }

// APIKeySID is the SID of the API key the client signs in with, or "" when
// it signs in with the Account SID and Auth Token: the key a user must not
// delete without knowing that the session stops working.
func (c *Client) APIKeySID() string {
	if user, _ := c.auth(); strings.HasPrefix(user, "SK") {
		return user
	}
	return ""
}

// IsSandbox reports whether the client talks to the twilio-keys sandbox.
func (c *Client) IsSandbox() bool { return c.sandbox }

// ForAccount returns a client with the same credentials acting on another
// account, typically a subaccount: Twilio lets a parent's main credentials
// manage its subaccounts' keys by putting the subaccount in the URL.
func (c *Client) ForAccount(accountSID string) (*Client, error) {
	if err := checkSID("Account SID", "AC", accountSID); err != nil {
		return nil, err
	}
	other := *c
	other.accountSID = accountSID
	return &other, nil
}

// accountURL is a v2010 URL under the client's account, e.g.
// accountURL("/Keys.json"). The account SID was validated, so it needs no
// escaping.
func (c *Client) accountURL(suffix string) string {
	return c.api.String() + "/2010-04-01/Accounts/" + c.accountSID + suffix
}

// resolveNext resolves a next_page_uri against the API base. It refuses any
// other scheme or host, which would receive the credentials.
func (c *Client) resolveNext(next string) (string, error) {
	ref, err := url.Parse(next)
	if err != nil {
		// url.Parse's error would repeat the server's text unsanitised.
		return "", errors.New("the next page's address is not a URL")
	}
	u := c.api.ResolveReference(ref)
	if u.Scheme != c.api.Scheme || u.Host != c.api.Host {
		return "", errors.New("the next page is on another host; not following it with these credentials")
	}
	return u.String(), nil
}
