package twilio

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// hostRecorder is a transport that answers every request itself and records
// the URL it was sent to: the client's real request, without the network.
type hostRecorder struct {
	mu   sync.Mutex
	urls []string
}

func (h *hostRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.urls = append(h.urls, r.URL.String())
	h.mu.Unlock()
	return &http.Response{
		StatusCode: 200, Header: http.Header{}, Request: r,
		Body: io.NopCloser(strings.NewReader(accountBody(testAC, testAC, "Main"))),
	}, nil
}

func TestRegionAndEdgeHosts(t *testing.T) {
	tests := []struct {
		region, edge      string
		api, iam, region2 string
	}{
		{"", "", "api.twilio.com", "iam.twilio.com", "us1"},
		{"", "dublin", "api.dublin.us1.twilio.com", "iam.dublin.us1.twilio.com", "us1"},
		{"ie1", "", "api.dublin.ie1.twilio.com", "iam.dublin.ie1.twilio.com", "ie1"},
		{"ie1", "dublin", "api.dublin.ie1.twilio.com", "iam.dublin.ie1.twilio.com", "ie1"},
		{"au1", "", "api.sydney.au1.twilio.com", "iam.sydney.au1.twilio.com", "au1"},
		{"br1", "", "api.sao-paulo.br1.twilio.com", "iam.sao-paulo.br1.twilio.com", "br1"},
		{"de1", "", "api.frankfurt.de1.twilio.com", "iam.frankfurt.de1.twilio.com", "de1"},
		{"jp1", "", "api.tokyo.jp1.twilio.com", "iam.tokyo.jp1.twilio.com", "jp1"},
		{"jp2", "", "api.osaka.jp2.twilio.com", "iam.osaka.jp2.twilio.com", "jp2"},
		{"sg1", "", "api.singapore.sg1.twilio.com", "iam.singapore.sg1.twilio.com", "sg1"},
		{"us1", "", "api.ashburn.us1.twilio.com", "iam.ashburn.us1.twilio.com", "us1"},
		{"us2", "", "api.umatilla.us2.twilio.com", "iam.umatilla.us2.twilio.com", "us2"},
		{"au1", "tokyo", "api.tokyo.au1.twilio.com", "iam.tokyo.au1.twilio.com", "au1"},
		{"IE1", "Dublin", "api.dublin.ie1.twilio.com", "iam.dublin.ie1.twilio.com", "ie1"},
	}
	for _, tt := range tests {
		t.Run(tt.region+"/"+tt.edge, func(t *testing.T) {
			rec := &hostRecorder{}
			c, err := New(tokenCreds, Options{Region: tt.region, Edge: tt.edge, HTTPClient: &http.Client{Transport: rec}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.FetchAccount(t.Context()); err != nil {
				t.Fatal(err)
			}
			want := "https://" + tt.api + "/2010-04-01/Accounts/" + testAC + ".json"
			if len(rec.urls) != 1 || rec.urls[0] != want {
				t.Errorf("sent to %v, want %s", rec.urls, want)
			}
			if got := c.iam.String(); got != "https://"+tt.iam {
				t.Errorf("IAM base %s, want https://%s", got, tt.iam)
			}
			if c.Region() != tt.region2 {
				t.Errorf("Region() = %q, want %q", c.Region(), tt.region2)
			}
		})
	}
}

func TestRegionAndEdgeRefused(t *testing.T) {
	for _, tt := range []struct{ region, edge string }{
		{"xx9", ""},                // no known edge
		{"ie1", "evil.com/"},       // not a host label
		{"ie1.attacker.net", ""},   // would change the domain
		{"", "dublin.attacker.io"}, // likewise
	} {
		_, err := New(tokenCreds, Options{Region: tt.region, Edge: tt.edge})
		if _, ok := errors.AsType[*ValidationError](err); !ok {
			t.Errorf("region %q edge %q: New = %v, want a *ValidationError", tt.region, tt.edge, err)
		}
	}
}

func TestBaseURL(t *testing.T) {
	tests := []struct {
		base string
		ok   bool
		says string
	}{
		{"http://127.0.0.1:8080", true, ""},
		{"http://127.0.0.1:8080/", true, ""},
		{"http://127.9.8.7:1", true, ""},
		{"http://localhost:8080", true, ""},
		{"http://LocalHost:8080", true, ""},
		{"http://[::1]:8080", true, ""},
		{"https://twilio-proxy.internal.example", true, ""},
		{"http://example.com", false, "unencrypted"},
		{"http://10.0.0.5:8080", false, "unencrypted"},
		{"http://192.168.1.2", false, "unencrypted"},
		{"http://[::2]:8080", false, "unencrypted"},
		{"http://localhost.attacker.net", false, "unencrypted"},
		{"http://127.0.0.1.nip.io", false, "unencrypted"},
		{"ftp://127.0.0.1", false, "must start with https://"},
		{"http://127.0.0.1:8080/prefix", false, "no path"},
		{"http://127.0.0.1:8080?x=1", false, "no path"},
		{"http://user:hunter2@127.0.0.1:8080", false, "user name or password"},
		{"127.0.0.1:8080", false, "not a URL"},
		{"::", false, "not a URL"},
	}
	for _, tt := range tests {
		c, err := New(tokenCreds, Options{BaseURL: tt.base})
		if tt.ok {
			if err != nil {
				t.Errorf("base %q: New = %v, want accepted", tt.base, err)
			} else if c.api.String() != strings.TrimSuffix(tt.base, "/") || c.iam.String() != c.api.String() {
				t.Errorf("base %q: api %s, iam %s", tt.base, c.api, c.iam)
			}
			continue
		}
		v, ok := errors.AsType[*ValidationError](err)
		if !ok || v.Field != "base URL" || !strings.Contains(v.Problem, tt.says) {
			t.Errorf("base %q: New = %v, want a base URL error saying %q", tt.base, err, tt.says)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("base %q: the message repeats the password", tt.base)
		}
	}
}

func TestSandboxNeedsBaseURL(t *testing.T) {
	if _, err := New(tokenCreds, Options{Sandbox: true}); err == nil {
		t.Error("New accepted Sandbox without a base URL")
	}
	c, err := New(tokenCreds, Options{Sandbox: true, BaseURL: "http://127.0.0.1:9"})
	if err != nil || !c.IsSandbox() {
		t.Errorf("New = %v, IsSandbox %v", err, c != nil && c.IsSandbox())
	}
}
