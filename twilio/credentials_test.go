package twilio

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestCredentialsValidate(t *testing.T) {
	tests := []struct {
		name  string
		creds Credentials
		field string // "" means valid
		says  string
	}{
		{"Account SID and Auth Token", tokenCreds, "", ""},
		{"API key, secret and Account SID", apiKeyCreds, "", ""},
		{"API key wins over an Auth Token also set", Credentials{AccountSID: testAC, AuthToken: testToken, APIKey: testAPIKey, APISecret: testSecret}, "", ""},
		{"uppercase hex is a SID too", Credentials{AccountSID: strings.ToUpper(testAC), AuthToken: testToken}, "", ""},
		{"nothing at all", Credentials{}, "Account SID", "is missing; it is AC followed by 32 hexadecimal digits"},
		{"API key without its account", Credentials{APIKey: testAPIKey, APISecret: testSecret}, "Account SID", "is missing"},
		{"SK given as the Account SID", Credentials{AccountSID: testAPIKey, AuthToken: testToken}, "Account SID", "is an API key SID (it starts with SK), not an Account SID"},
		{"SK given as the Account SID with a key", Credentials{AccountSID: testAPIKey, APIKey: testAPIKey, APISecret: testSecret}, "Account SID", "is an API key SID"},
		{"AC given as the API key", Credentials{AccountSID: testAC, APIKey: testAC, APISecret: testSecret}, "API key SID", "is an Account SID (it starts with AC), not an API key SID"},
		{"Account SID too short", Credentials{AccountSID: testAC[:20], AuthToken: testToken}, "Account SID", "should be AC followed by 32 hexadecimal digits (34 characters), but it is 20 characters long"},
		{"Account SID with a trailing newline", Credentials{AccountSID: testAC + "\n", AuthToken: testToken}, "Account SID", "has a space or line break at its start or end"},
		{"Account SID in lower case", Credentials{AccountSID: "ac" + testAC[2:], AuthToken: testToken}, "Account SID", "does not start with AC"},
		{"Account SID with a non-hex digit", Credentials{AccountSID: testAC[:33] + "z", AuthToken: testToken}, "Account SID", "not hexadecimal digits"},
		{"API key SID malformed", Credentials{AccountSID: testAC, APIKey: "SK123", APISecret: testSecret}, "API key SID", "is 5 characters long"},
		{"secret without its key", Credentials{AccountSID: testAC, APISecret: testSecret}, "API key SID", "is missing; it is SK followed by 32 hexadecimal digits"},
		{"key without its secret", Credentials{AccountSID: testAC, APIKey: testAPIKey}, "API key secret", "is missing"},
		{"no Auth Token", Credentials{AccountSID: testAC}, "Auth Token", "is missing"},
		{"Auth Token with a newline", Credentials{AccountSID: testAC, AuthToken: testToken + "\n"}, "Auth Token", "contains spaces, line breaks or control characters"},
		{"secret with a space", Credentials{AccountSID: testAC, APIKey: testAPIKey, APISecret: " " + testSecret}, "API key secret", "contains spaces"},
		{"a SID where the Auth Token belongs", Credentials{AccountSID: testAC, AuthToken: testAC}, "Auth Token", "looks like a SID"},
		{"the Auth Token where the Account SID belongs", Credentials{AccountSID: testToken, AuthToken: testToken}, "Account SID", "is 32 characters long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.creds.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			v, ok := errors.AsType[*ValidationError](err)
			if !ok {
				t.Fatalf("Validate = %v, want a *ValidationError", err)
			}
			if v.Field != tt.field || !strings.Contains(v.Problem, tt.says) {
				t.Errorf("Validate = %q, want field %q saying %q", err, tt.field, tt.says)
			}
			for _, secret := range []string{testToken, testSecret} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("message %q repeats a secret", err)
				}
			}
			// New refuses the same credentials before anything else.
			if _, err := New(tt.creds, Options{}); err == nil {
				t.Error("New accepted credentials that Validate refuses")
			}
		})
	}
}

func TestSecretsDoNotPrint(t *testing.T) {
	values := []any{
		tokenCreds,
		apiKeyCreds,
		Credentials{AccountSID: testToken, AuthToken: testToken}, // a token in the SID's place
		NewKey{Key: Key{SID: testSK, FriendlyName: "ci"}, Secret: testSecret},
	}
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x"} {
			out := fmt.Sprintf(verb, v)
			if strings.Contains(out, testToken) || strings.Contains(out, testSecret) || strings.Contains(out, fmt.Sprintf("%x", testSecret)) {
				t.Errorf("Sprintf(%s) of a %T = %s: a secret shows", verb, v, out)
			}
		}
	}
	if out := fmt.Sprint(NewKey{Key: Key{SID: testSK, FriendlyName: "ci"}, Secret: testSecret}); !strings.Contains(out, testSK) {
		t.Errorf("NewKey prints as %s, want its SID shown", out)
	}
}
