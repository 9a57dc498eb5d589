package twilio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Response size limits. The largest answer is a page of 1000 accounts, about
// 1.5 MB; an error body is a few hundred bytes and only an excerpt is kept.
const (
	maxBody      = 16 << 20
	maxErrorBody = 64 << 10
)

// request is one call to Twilio, described before anything is sent.
type request struct {
	op     string     // for messages: "list keys"
	method string     // GET, POST or DELETE
	url    string     // absolute
	form   url.Values // POST body, form-encoded; nil sends no body
	// create marks a POST that makes something. It is retried only after a
	// 429, which Twilio answers without processing the request; when its
	// answer is lost the error wraps ErrOutcomeUnknown. Every other request
	// this client sends is idempotent and may be retried.
	create bool
	// user and pass replace the client's credentials when set (CheckKey).
	user, pass string
}

// response is an answer whose body has been read, up to a limit.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r *response) ok() bool { return r.status >= 200 && r.status < 300 }

// do sends r, retrying as the client's policy allows, and decodes a
// successful JSON answer into out (nil to ignore the body).
func (c *Client) do(ctx context.Context, r request, out any) error {
	// Checked first so that a create given an ended context is known not to
	// have been sent, rather than reported as outcome unknown.
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", r.op, err)
	}
	start := time.Now()
	// answerLost is set once an attempt may have taken effect without our
	// hearing of it: a DELETE that then finds nothing has succeeded.
	answerLost := false
	for retry := 0; ; retry++ {
		resp, err := c.send(ctx, r)
		switch {
		case err == nil && resp.ok():
			return r.decode(resp, out)
		case err == nil && resp.status == http.StatusNotFound && r.method == http.MethodDelete && answerLost:
			return nil
		}
		failure := r.failure(resp, err)
		if !r.retryable(resp, err) || ctx.Err() != nil || retry >= c.retry.MaxRetries {
			return failure
		}
		answerLost = answerLost || err != nil || resp.status >= 500
		var header http.Header // none when no answer arrived
		if err == nil {
			header = resp.header
		}
		wait := c.retry.delay(retry, retryAfter(header))
		if time.Since(start)+wait > c.retry.MaxTotal {
			return failure
		}
		if err := c.retry.Sleep(ctx, wait); err != nil {
			return fmt.Errorf("%w; stopped retrying: %w", failure, err)
		}
	}
}

// send makes one attempt. A non-nil error means no usable answer arrived:
// the connection failed, or a successful answer's body could not be read.
// An error answer is returned with whatever part of its body arrived.
func (c *Client) send(ctx context.Context, r request) (*response, error) {
	var body io.Reader
	if r.form != nil {
		body = strings.NewReader(r.form.Encode())
	}
	ctx, connected := c.firstConnection(ctx)
	defer connected()
	req, err := http.NewRequestWithContext(ctx, r.method, r.url, body)
	if err != nil {
		return nil, err
	}
	if r.form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	user, pass := r.user, r.pass
	if user == "" {
		user, pass = c.auth()
	}
	req.SetBasicAuth(user, pass)

	res, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	resp := &response{status: res.StatusCode, header: res.Header}
	limit := int64(maxBody)
	if !resp.ok() {
		limit = maxErrorBody
	}
	// One byte past the limit tells decode that the body was too large.
	resp.body, err = io.ReadAll(io.LimitReader(res.Body, limit+1))
	if err != nil && resp.ok() {
		return nil, err
	}
	return resp, nil
}

// decode reads a successful answer into out.
func (r request) decode(resp *response, out any) error {
	if out == nil {
		return nil
	}
	if len(resp.body) > maxBody {
		return fmt.Errorf("%s: the response is larger than %d MiB", r.op, maxBody>>20)
	}
	err := json.Unmarshal(resp.body, out)
	switch {
	case err == nil:
		return nil
	case r.create:
		// The key exists but its secret did not arrive intact. The decoder's
		// message may quote part of the body, which holds the secret.
		return fmt.Errorf("%s: unreadable response (HTTP %d): %w", r.op, resp.status, ErrOutcomeUnknown)
	default:
		return fmt.Errorf("%s: unreadable response (HTTP %d): %w", r.op, resp.status, err)
	}
}

// failure turns an attempt that did not succeed into the error for the caller.
func (r request) failure(resp *response, err error) error {
	if err != nil {
		return r.networkError(err)
	}
	apiErr := decodeError(r.op, resp.status, resp.body)
	apiErr.RequestID = requestID(resp.header)
	apiErr.RetryAfter = retryAfter(resp.header)
	if r.create && resp.status >= 500 {
		// A server error may come after the key was stored.
		return fmt.Errorf("%w; %w", apiErr, ErrOutcomeUnknown)
	}
	return apiErr
}

// networkError names the operation that failed. url.Error is unwrapped
// because its text repeats the whole URL; the cause is what matters.
func (r request) networkError(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		err = ue.Err
	}
	if r.create && !neverSent(err) {
		return fmt.Errorf("%s: %w; %w", r.op, err, ErrOutcomeUnknown)
	}
	return fmt.Errorf("%s: %w", r.op, err)
}

// neverSent reports whether err happened while connecting, before any part
// of the request could reach Twilio.
func neverSent(err error) bool {
	opErr, ok := errors.AsType[*net.OpError](err)
	return ok && opErr.Op == "dial"
}
