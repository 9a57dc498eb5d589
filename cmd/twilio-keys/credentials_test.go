package main

import (
	"strings"
	"testing"
)

const (
	testAC     = "AC0123456789abcdef0123456789abcdef"
	testSK     = "SK0123456789abcdef0123456789abcdef"
	testToken  = "0123456789abcdef0123456789abcdef"
	testSecret = "abcdefghijABCDEFGHIJ0123456789ab"
)

func TestCredentialsFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		vars    map[string]string
		ok      bool   // any Twilio variable was set
		source  string // expected source when valid
		wantErr string // substring of the error, "" for none
	}{
		{name: "nothing set falls back to the sandbox", vars: nil},
		{name: "auth token", vars: map[string]string{"TWILIO_ACCOUNT_SID": testAC, "TWILIO_AUTH_TOKEN": testToken},
			ok: true, source: "environment (Auth Token)"},
		{name: "api key wins over auth token, as in twilio-cli", vars: map[string]string{
			"TWILIO_ACCOUNT_SID": testAC, "TWILIO_AUTH_TOKEN": testToken, "TWILIO_API_KEY": testSK, "TWILIO_API_SECRET": testSecret},
			ok: true, source: "environment (API key)"},
		{name: "api key without account sid", vars: map[string]string{"TWILIO_API_KEY": testSK, "TWILIO_API_SECRET": testSecret},
			ok: true, wantErr: "missing: TWILIO_ACCOUNT_SID"},
		{name: "api key without secret", vars: map[string]string{"TWILIO_API_KEY": testSK, "TWILIO_ACCOUNT_SID": testAC},
			ok: true, wantErr: "missing: TWILIO_API_SECRET"},
		{name: "account sid alone", vars: map[string]string{"TWILIO_ACCOUNT_SID": testAC},
			ok: true, wantErr: "missing: TWILIO_AUTH_TOKEN"},
		{name: "token alone", vars: map[string]string{"TWILIO_AUTH_TOKEN": testToken},
			ok: true, wantErr: "missing: TWILIO_ACCOUNT_SID"},
		{name: "malformed account sid is refused before any request", vars: map[string]string{"TWILIO_ACCOUNT_SID": "AC123", "TWILIO_AUTH_TOKEN": testToken},
			ok: true, wantErr: "environment:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok, err := credentialsFromEnv(func(k string) string { return tt.vars[k] })
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				for _, secret := range []string{testToken, testSecret} {
					if strings.Contains(err.Error(), secret) {
						t.Fatalf("error message leaks a credential: %v", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if r.source != tt.source {
				t.Fatalf("source = %q, want %q", r.source, tt.source)
			}
		})
	}
}
