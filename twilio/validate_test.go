package twilio

import (
	"strings"
	"testing"
)

func TestValidateFriendlyName(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"empty is Twilio's to allow", "", true},
		{"exactly 64 ASCII", strings.Repeat("a", 64), true},
		{"65 ASCII", strings.Repeat("a", 65), false},
		{"64 multibyte characters count as 64", strings.Repeat("é", 64), true},
		{"65 multibyte characters", strings.Repeat("é", 65), false},
		{"invalid UTF-8", "bad\xffname", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateFriendlyName(tt.in)
			if _, cleanErr := CleanFriendlyName(tt.in); tt.in != "" && (cleanErr == nil) != tt.ok {
				t.Errorf("CleanFriendlyName(%q) = %v, want ok=%v", tt.in, cleanErr, tt.ok)
			}
			if (err == nil) != tt.ok {
				t.Fatalf("ValidateFriendlyName(%q) = %v, want ok=%v", tt.in, err, tt.ok)
			}
		})
	}
}

func TestCleanFriendlyName(t *testing.T) {
	for in, want := range map[string]string{
		"ci":                                  "ci",
		"  ci deploy \t":                      "ci deploy",
		"  " + strings.Repeat("a", 64) + "\n": strings.Repeat("a", 64),
		"":                                    "",
		" \t\n ":                              "",
	} {
		got, err := CleanFriendlyName(in)
		if got != want || (err == nil) != (want != "") {
			t.Errorf("CleanFriendlyName(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestValidSIDs(t *testing.T) {
	hex := "0123456789abcdef0123456789ABCDEF"
	tests := []struct {
		in       string
		key, acc bool
	}{
		{"SK" + hex, true, false},
		{"AC" + hex, false, true},
		{"SK" + hex[:31], false, false},
		{"SK" + hex + "0", false, false},
		{"SK" + hex[:31] + "g", false, false},
		{"sk" + hex, false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := ValidKeySID(tt.in); got != tt.key {
			t.Errorf("ValidKeySID(%q) = %v, want %v", tt.in, got, tt.key)
		}
		if got := ValidAccountSID(tt.in); got != tt.acc {
			t.Errorf("ValidAccountSID(%q) = %v, want %v", tt.in, got, tt.acc)
		}
	}
}
