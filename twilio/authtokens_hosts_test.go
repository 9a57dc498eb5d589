package twilio

import (
	"net/http"
	"testing"
)

// TestAuthTokenHosts: the token calls go to accounts.twilio.com, or its
// regional name built as twilio-go builds it, or the base URL.
func TestAuthTokenHosts(t *testing.T) {
	for _, tt := range []struct {
		opts Options
		want string
	}{
		{Options{}, "https://accounts.twilio.com/v1/AuthTokens/Secondary"},
		{Options{Region: "ie1"}, "https://accounts.dublin.ie1.twilio.com/v1/AuthTokens/Secondary"},
		{Options{Region: "au1", Edge: "tokyo"}, "https://accounts.tokyo.au1.twilio.com/v1/AuthTokens/Secondary"},
		{Options{BaseURL: "http://127.0.0.1:8080"}, "http://127.0.0.1:8080/v1/AuthTokens/Secondary"},
	} {
		rec := &hostRecorder{}
		tt.opts.HTTPClient = &http.Client{Transport: rec}
		c, err := New(tokenCreds, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.DeleteSecondaryAuthToken(t.Context()); err != nil {
			t.Fatal(err)
		}
		if len(rec.urls) != 1 || rec.urls[0] != tt.want {
			t.Errorf("%+v: sent to %v, want %s", tt.opts, rec.urls, tt.want)
		}
	}
}

// TestAuthTokenEnvLine: only a token of Twilio's shape becomes an env line.
func TestAuthTokenEnvLine(t *testing.T) {
	good := "0123456789abcdef0123456789abcdef"
	if line, err := (SecondaryAuthToken{Token: good}).EnvLine(); err != nil || line != "TWILIO_AUTH_TOKEN='"+good+"'\n" {
		t.Errorf("EnvLine(good) = %q, %v", line, err)
	}
	for _, bad := range []string{"", "abc';touch x;'", good + "0", "0123456789abcdef0123456789abcdeg", "$(reboot)0123456789abcdef01234567"} {
		if line, err := (PromotedAuthToken{Token: bad}).EnvLine(); err == nil || line != "" {
			t.Errorf("EnvLine(%q) = %q, %v; want refused", bad, line, err)
		}
	}
}
