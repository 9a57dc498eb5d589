package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// configDir copies a sample twilio-cli config from testdata into a fresh
// directory as config.json, and returns the directory.
func configDir(t *testing.T, sample string) string {
	t.Helper()
	dir := t.TempDir()
	if sample == "" {
		return dir
	}
	data, err := os.ReadFile(filepath.Join("testdata", sample))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func envFunc(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// The secrets in the samples, none of which may appear in a message.
var sampleSecrets = []string{
	"defaultSecret0123456789abcdefABC", "euSecret0123456789abcdefABCDEFGH", "onlySecret0123456789abcdefABCDEF",
	"aSecret0123456789abcdefABCDEFGHI", "bSecret0123456789abcdefABCDEFGHI", "badSidSecret0123456789abcdefABCD",
}

func TestResolveCredentials(t *testing.T) {
	envAuthToken := map[string]string{"TWILIO_ACCOUNT_SID": testAC, "TWILIO_AUTH_TOKEN": testToken}
	tests := []struct {
		name    string
		sample  string            // testdata file used as config.json, "" for none
		vars    map[string]string // environment besides TWILIO_CONFIG_DIR
		profile string            // --profile

		wantSandbox          bool
		wantErr              []string // substrings of the error
		source, key          string
		wantRegion, wantEdge string
	}{
		{name: "active profile", sample: "twilio-cli-active.json",
			source: `profile "eu"`, key: "SKdddddddddddddddddddddddddddddddd", wantRegion: "ie1", wantEdge: "dublin"},
		{name: "named profile beats the active one", sample: "twilio-cli-active.json", profile: "default",
			source: `profile "default"`, key: "SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},
		{name: "profile name is trimmed, as twilio-cli does", sample: "twilio-cli-active.json", profile: " default ",
			source: `profile "default"`, key: "SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},
		{name: "the only profile is used when none is active", sample: "twilio-cli-single.json",
			source: `profile "only"`, key: "SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},
		{name: "missing profile lists the available ones", sample: "twilio-cli-active.json", profile: "nope",
			wantErr: []string{`profile "nope" is not in`, "config.json", `available profiles: "default", "eu"`}},
		{name: "missing profile without any config file", sample: "", profile: "nope",
			wantErr: []string{`profile "nope" not found`, "config.json", "TWILIO_CONFIG_DIR"}},
		{name: "several profiles and none active", sample: "twilio-cli-no-active.json",
			wantErr: []string{"no active profile", "--profile", `"a", "b"`}},
		{name: "malformed JSON names the file, line and column", sample: "twilio-cli-malformed.json",
			wantErr: []string{"config.json is not a valid twilio-cli config", "line 3, column 68", "invalid character ','"}},
		{name: "wrong JSON type names the field", sample: "twilio-cli-wrong-type.json",
			wantErr: []string{"config.json is not a valid twilio-cli config", `"profiles" should be a JSON object, not array`}},
		{name: "legacy projects-only profile asks to reconfigure", sample: "twilio-cli-legacy.json",
			wantErr: []string{`profile "old"`, "older twilio-cli", "twilio profiles:create old"}},
		{name: "legacy profile named with --profile", sample: "twilio-cli-legacy.json", profile: "old",
			wantErr: []string{"twilio profiles:create old"}},
		{name: "profile without a secret asks to reconfigure", sample: "twilio-cli-no-secret.json",
			wantErr: []string{`profile "default"`, "no API key and secret", "twilio profiles:create default"}},
		{name: "profile with a malformed SID is refused before any request", sample: "twilio-cli-bad-sid.json",
			wantErr: []string{`profile "default"`, "Account SID is an API key SID"}},
		{name: "no config file means the sandbox", sample: "", wantSandbox: true},
		{name: "config without profiles means the sandbox", sample: "twilio-cli-empty.json", wantSandbox: true},
		{name: "environment beats the active profile", sample: "twilio-cli-active.json", vars: envAuthToken,
			source: "environment (Auth Token)"},
		{name: "--profile beats the environment, as in twilio-cli", sample: "twilio-cli-active.json", vars: envAuthToken, profile: "default",
			source: `profile "default"`, key: "SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},
		{name: "half-set environment is an error, not the profile", sample: "twilio-cli-active.json",
			vars: map[string]string{"TWILIO_ACCOUNT_SID": testAC}, wantErr: []string{"missing: TWILIO_AUTH_TOKEN"}},
		{name: "TWILIO_EDGE overrides the profile's edge", sample: "twilio-cli-active.json", vars: map[string]string{"TWILIO_EDGE": "sydney"},
			source: `profile "eu"`, key: "SKdddddddddddddddddddddddddddddddd", wantRegion: "ie1", wantEdge: "sydney"},
		{name: "TWILIO_REGION overrides the profile's region and drops its edge", sample: "twilio-cli-active.json", vars: map[string]string{"TWILIO_REGION": "au1"},
			source: `profile "eu"`, key: "SKdddddddddddddddddddddddddddddddd", wantRegion: "au1", wantEdge: ""},
		{name: "TWILIO_REGION equal to the profile's keeps its edge", sample: "twilio-cli-active.json", vars: map[string]string{"TWILIO_REGION": "ie1"},
			source: `profile "eu"`, key: "SKdddddddddddddddddddddddddddddddd", wantRegion: "ie1", wantEdge: "dublin"},
		{name: "global edge applies when the profile has none", sample: "twilio-cli-global-edge.json",
			source: `profile "au"`, key: "SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", wantRegion: "au1", wantEdge: "sydney"},
		{name: "environment credentials keep the environment's region", sample: "twilio-cli-active.json",
			vars:   map[string]string{"TWILIO_ACCOUNT_SID": testAC, "TWILIO_AUTH_TOKEN": testToken, "TWILIO_REGION": "jp1"},
			source: "environment (Auth Token)", wantRegion: "jp1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := map[string]string{"TWILIO_CONFIG_DIR": configDir(t, tt.sample)}
			for k, v := range tt.vars {
				vars[k] = v
			}
			r, sandboxWanted, err := resolveCredentials(envFunc(vars), tt.profile)
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatalf("no error; want one containing %q", tt.wantErr)
				}
				for _, want := range tt.wantErr {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q does not contain %q", err, want)
					}
				}
				for _, secret := range append(sampleSecrets, testToken) {
					if strings.Contains(err.Error(), secret) {
						t.Errorf("error leaks a secret: %q", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if sandboxWanted != tt.wantSandbox {
				t.Fatalf("sandboxWanted = %v, want %v", sandboxWanted, tt.wantSandbox)
			}
			if tt.wantSandbox {
				return
			}
			if r.source != tt.source || r.creds.APIKey != tt.key {
				t.Errorf("source, key = %q, %q; want %q, %q", r.source, r.creds.APIKey, tt.source, tt.key)
			}
			if r.region != tt.wantRegion || r.edge != tt.wantEdge {
				t.Errorf("region, edge = %q, %q; want %q, %q", r.region, r.edge, tt.wantRegion, tt.wantEdge)
			}
			if tt.key != "" && (r.creds.APISecret == "" || r.creds.AccountSID == "") {
				t.Errorf("profile credentials incomplete: %v", r.creds)
			}
		})
	}
}

// Without TWILIO_CONFIG_DIR the file is ~/.twilio-cli/config.json.
func TestResolveCredentialsHomeConfig(t *testing.T) {
	home := t.TempDir()
	if err := os.Mkdir(filepath.Join(home, ".twilio-cli"), 0o700); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("testdata", "twilio-cli-single.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".twilio-cli", "config.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	r, sandboxWanted, err := resolveCredentials(envFunc(map[string]string{"HOME": home}), "")
	if err != nil || sandboxWanted || r.profile != "only" {
		t.Fatalf("got profile %q, sandbox %v, err %v; want profile \"only\" from ~/.twilio-cli", r.profile, sandboxWanted, err)
	}

	// TWILIO_CONFIG_DIR wins over the home directory.
	_, sandboxWanted, err = resolveCredentials(envFunc(map[string]string{"HOME": home, "TWILIO_CONFIG_DIR": t.TempDir()}), "")
	if err != nil || !sandboxWanted {
		t.Fatalf("with an empty TWILIO_CONFIG_DIR: sandbox %v, err %v; want the sandbox", sandboxWanted, err)
	}
}

// twilio-cli's config is someone else's file: reading it must not change it.
func TestResolveCredentialsLeavesConfigUntouched(t *testing.T) {
	for _, sample := range []string{"twilio-cli-active.json", "twilio-cli-malformed.json", "twilio-cli-legacy.json"} {
		t.Run(sample, func(t *testing.T) {
			dir := configDir(t, sample)
			path := filepath.Join(dir, "config.json")
			past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
			if err := os.Chtimes(path, past, past); err != nil {
				t.Fatal(err)
			}
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, profile := range []string{"", "default", "nope"} {
				resolveCredentials(envFunc(map[string]string{"TWILIO_CONFIG_DIR": dir}), profile)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("config.json changed")
			}
			if !info.ModTime().Equal(past) {
				t.Errorf("config.json modified at %v, want untouched %v", info.ModTime(), past)
			}
			entries, err := os.ReadDir(dir)
			if err != nil || len(entries) != 1 {
				t.Errorf("config directory holds %d entries (err %v), want only config.json", len(entries), err)
			}
		})
	}
}

func TestLineColumn(t *testing.T) {
	data := []byte("ab\ncd\n\nx")
	tests := []struct {
		offset    int64 // just past the offending byte, as encoding/json reports
		line, col int
	}{
		{1, 1, 1}, {2, 1, 2}, {4, 2, 1}, {5, 2, 2}, {8, 4, 1}, {99, 4, 2}, {0, 1, 1},
	}
	for _, tt := range tests {
		if line, col := lineColumn(data, tt.offset); line != tt.line || col != tt.col {
			t.Errorf("lineColumn(%d) = %d:%d, want %d:%d", tt.offset, line, col, tt.line, tt.col)
		}
	}
}
