package twilio

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy bounds the retries of requests that are safe to repeat (GET,
// DELETE and rename) after a 429, a 5xx or a lost connection, and of a create
// after a 429 only. Zero fields take the defaults.
type RetryPolicy struct {
	// MaxRetries is the number of retries after the first attempt: 0 means 4,
	// a negative value means none.
	MaxRetries int
	// BaseDelay is the first backoff, doubled on each retry and jittered to
	// between half and all of it: 0 means 500ms.
	BaseDelay time.Duration
	// MaxDelay caps one wait, a Retry-After included: 0 means 10s.
	MaxDelay time.Duration
	// MaxTotal is the time after the first attempt beyond which no retry
	// starts: 0 means 30s. A wait that would end past it is not begun.
	MaxTotal time.Duration
	// Sleep waits d or until ctx ends, returning ctx's error then. nil means
	// a timer; tests inject one that records d and returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
}

// The defaults keep a retried call within about half a minute, which a
// person watching a status line will still wait for.
const (
	defaultMaxRetries = 4
	defaultBaseDelay  = 500 * time.Millisecond
	defaultMaxDelay   = 10 * time.Second
	defaultMaxTotal   = 30 * time.Second
)

func (p RetryPolicy) withDefaults() RetryPolicy {
	switch {
	case p.MaxRetries == 0:
		p.MaxRetries = defaultMaxRetries
	case p.MaxRetries < 0:
		p.MaxRetries = 0
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = defaultBaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = defaultMaxDelay
	}
	if p.MaxTotal <= 0 {
		p.MaxTotal = defaultMaxTotal
	}
	if p.Sleep == nil {
		p.Sleep = sleep
	}
	return p
}

// delay is the wait before retry number retry (0 for the first). The
// server's Retry-After wins when it gave one; otherwise exponential backoff
// with equal jitter, so that clients which failed together do not return
// together.
func (p RetryPolicy) delay(retry int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, p.MaxDelay)
	}
	d := p.MaxDelay
	if retry < 30 && p.BaseDelay<<retry < p.MaxDelay {
		d = p.BaseDelay << retry
	}
	return d/2 + rand.N(d/2+1)
}

// retryAfter reads a Retry-After header given in seconds. The HTTP-date form
// is ignored (Twilio does not send it), which falls back to backoff.
func retryAfter(h http.Header) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After")))
	if err != nil || n <= 0 {
		return 0
	}
	// Capped before multiplying so a huge value cannot overflow; delay caps
	// it again at MaxDelay.
	return time.Duration(min(n, 24*60*60)) * time.Second
}

// retryable reports whether a failed attempt is worth repeating: Twilio's
// 429 (never processed, so always safe, creates included), or, for anything
// but a create, no answer at all or a server error. A create that timed out
// or got a 5xx may have made the key, and a second one would be a duplicate.
func (r request) retryable(resp *response, err error) bool {
	if err == nil && resp.status == http.StatusTooManyRequests {
		return true
	}
	return !r.create && (err != nil || resp.status >= 500)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
