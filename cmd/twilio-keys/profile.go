package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// cliConfig is the part of twilio-cli's config.json this program reads. The
// file belongs to twilio-cli: it is read, never written.
type cliConfig struct {
	Edge          string                `json:"edge"`
	Profiles      map[string]cliProfile `json:"profiles"`
	Projects      []cliProject          `json:"projects"`
	ActiveProject string                `json:"activeProject"`
}

// cliProfile is one profile as twilio-cli stores it since cli-core 6, with
// its key's secret in the file.
type cliProfile struct {
	AccountSID string `json:"accountSid"`
	APIKey     string `json:"apiKey"`
	APISecret  string `json:"apiSecret"`
	Region     string `json:"region"`
	Edge       string `json:"edge"`
}

// cliProject is a profile from before cli-core 6, whose secret was in the
// system keychain; the file alone cannot authenticate with it.
type cliProject struct {
	ID         string `json:"id"`
	AccountSID string `json:"accountSid"`
}

// resolveCredentials decides what the program talks to, the way twilio-cli
// does: a profile named with --profile first, then TWILIO_* environment
// variables, then twilio-cli's active profile. sandboxWanted is true when
// none of them gives credentials, so the caller runs the embedded sandbox.
// An explicit profile beats the environment because the user asked for it by
// name on this very command line.
func resolveCredentials(getenv func(string) string, profile string) (r resolved, sandboxWanted bool, err error) {
	profile = strings.TrimSpace(profile)
	if profile == "" {
		r, ok, err := credentialsFromEnv(getenv)
		if ok || err != nil {
			r.region, r.edge = getenv("TWILIO_REGION"), getenv("TWILIO_EDGE")
			return r, false, err
		}
	}

	path, err := cliConfigPath(getenv)
	if err != nil {
		if profile != "" {
			return resolved{}, false, fmt.Errorf("profile %q: %w", profile, err)
		}
		return resolved{}, true, nil
	}
	cfg, found, err := readCLIConfig(path)
	switch {
	case err != nil:
		return resolved{}, false, err
	case !found && profile != "":
		return resolved{}, false, fmt.Errorf("profile %q not found: there is no twilio-cli config at %s (set TWILIO_CONFIG_DIR if it is elsewhere)", profile, path)
	case !found:
		return resolved{}, true, nil
	}

	name := profile
	if name == "" {
		name = cfg.activeName()
		if available := cfg.names(); name == "" && len(available) > 0 {
			return resolved{}, false, fmt.Errorf("%s names no active profile (activeProject) among several; choose one with --profile NAME (available profiles: %s)", path, listOrNone(available))
		}
		if name == "" {
			return resolved{}, true, nil
		}
	}
	r, err = cfg.profile(name, path, profile != "")
	if err != nil {
		return resolved{}, false, err
	}
	r.region, r.edge = regionAndEdge(getenv, r.region, r.edge)
	return r, false, nil
}

// cliConfigPath is $TWILIO_CONFIG_DIR/config.json, else
// ~/.twilio-cli/config.json, as twilio-cli has it (it does not follow XDG).
func cliConfigPath(getenv func(string) string) (string, error) {
	if dir := getenv("TWILIO_CONFIG_DIR"); dir != "" {
		return filepath.Join(dir, "config.json"), nil
	}
	home := getenv("HOME")
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return "", fmt.Errorf("cannot find twilio-cli's config: %w", err)
		}
	}
	return filepath.Join(home, ".twilio-cli", "config.json"), nil
}

// readCLIConfig reads and decodes twilio-cli's config. found is false when
// the file does not exist. Error messages name the file and the place of a
// syntax error, never its contents: the file holds secrets.
func readCLIConfig(path string) (cfg cliConfig, found bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return cliConfig{}, false, nil
	}
	if err != nil {
		return cliConfig{}, false, fmt.Errorf("reading twilio-cli's config: %w", err)
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		return cliConfig{}, false, fmt.Errorf("%s is not a valid twilio-cli config: %s", path, describeJSONError(data, err))
	}
	return cfg, true, nil
}

// describeJSONError says what is wrong and where, as line:column.
func describeJSONError(data []byte, err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		line, col := lineColumn(data, syntax.Offset)
		return fmt.Sprintf("JSON syntax error at line %d, column %d: %s", line, col, strings.TrimPrefix(syntax.Error(), "json: "))
	case errors.As(err, &typ):
		line, col := lineColumn(data, typ.Offset)
		return fmt.Sprintf("at line %d, column %d, %q should be a JSON %s, not %s", line, col, typ.Field, jsonKind(typ.Type.Kind().String()), typ.Value)
	default:
		return strings.TrimPrefix(err.Error(), "json: ")
	}
}

// jsonKind names a Go kind the way JSON does.
func jsonKind(goKind string) string {
	switch goKind {
	case "map", "struct":
		return "object"
	case "slice", "array":
		return "array"
	}
	return goKind
}

// lineColumn turns a byte offset into a 1-based line and column.
func lineColumn(data []byte, offset int64) (line, col int) {
	// The decoder reports the offset just past the byte it choked on.
	at := int(min(max(offset-1, 0), int64(len(data))))
	before := data[:at]
	return 1 + bytes.Count(before, []byte("\n")), at - bytes.LastIndexByte(before, '\n')
}

// activeName is the profile used with no --profile: the active one, or the
// only one. With several and none active it is "": twilio-cli would take
// the first, but a JSON object has no order worth relying on.
func (c cliConfig) activeName() string {
	if name := strings.TrimSpace(c.ActiveProject); name != "" {
		return name
	}
	if len(c.Profiles) == 1 {
		for name := range c.Profiles {
			return name
		}
	}
	return ""
}

// names lists every profile in the file, legacy ones included, sorted.
func (c cliConfig) names() []string {
	var names []string
	for name := range c.Profiles {
		names = append(names, name)
	}
	for _, p := range c.Projects {
		if _, ok := c.Profiles[p.ID]; !ok && p.ID != "" {
			names = append(names, p.ID)
		}
	}
	slices.Sort(names)
	return names
}

// profile turns the named profile into credentials. explicit says the name
// came from --profile rather than from activeProject, for the messages.
func (c cliConfig) profile(name, path string, explicit bool) (resolved, error) {
	p, ok := c.Profiles[name]
	if !ok {
		if slices.ContainsFunc(c.Projects, func(p cliProject) bool { return p.ID == name }) {
			return resolved{}, fmt.Errorf("profile %q in %s comes from an older twilio-cli that kept its secret in the system keychain, "+
				"so it has no credentials this program can read; reconfigure it with: twilio profiles:create %s", name, path, name)
		}
		which := "profile"
		if !explicit {
			which = "the active profile (activeProject)"
		}
		return resolved{}, fmt.Errorf("%s %q is not in %s; available profiles: %s", which, name, path, listOrNone(c.names()))
	}
	if p.APIKey == "" || p.APISecret == "" {
		return resolved{}, fmt.Errorf("profile %q in %s has no API key and secret; reconfigure it with: twilio profiles:create %s", name, path, name)
	}
	creds := twilio.Credentials{AccountSID: p.AccountSID, APIKey: p.APIKey, APISecret: p.APISecret}
	if err := creds.Validate(); err != nil {
		return resolved{}, fmt.Errorf("profile %q in %s: %w", name, path, err)
	}
	edge := p.Edge
	if edge == "" {
		edge = c.Edge // twilio-cli's global edge (config:set --edge)
	}
	return resolved{
		creds:   creds,
		source:  fmt.Sprintf("profile %q", name), // short: the header shows 32 cells
		profile: name,
		region:  p.Region,
		edge:    edge,
	}, nil
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(quoted, ", ")
}

// regionAndEdge applies TWILIO_REGION and TWILIO_EDGE over a profile's
// region and edge, as twilio-cli does. A region from the environment that
// differs from the profile's drops the profile's edge, which belongs to the
// other region; the client then picks the new region's own edge.
func regionAndEdge(getenv func(string) string, region, edge string) (string, string) {
	if env := strings.TrimSpace(getenv("TWILIO_REGION")); env != "" && !strings.EqualFold(env, region) {
		region, edge = env, ""
	}
	if env := strings.TrimSpace(getenv("TWILIO_EDGE")); env != "" {
		edge = env
	}
	return region, edge
}

// rejectionAdvice explains a refusal (401/20003) of credentials that use an
// API key, by asking Twilio whether the key itself is good. A good key that
// may not manage keys is a Standard (or Restricted) one, which is what
// twilio-cli profiles hold; a refused one was deleted or its secret changed.
// It is "" for an Auth Token, whose refusal the client's error explains.
func rejectionAdvice(ctx context.Context, c keyService, r resolved) string {
	key := r.creds.APIKey
	if key == "" {
		return ""
	}
	err := c.CheckKey(ctx, key, r.creds.APISecret)
	switch {
	case err == nil && r.profile != "":
		return fmt.Sprintf("profile %q holds a Standard API key (%s), which Twilio does not allow to manage keys; "+
			"run with TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN set, or with a profile holding a Main key", r.profile, key)
	case err == nil:
		return fmt.Sprintf("TWILIO_API_KEY (%s) is a Standard API key, which Twilio does not allow to manage keys; "+
			"unset TWILIO_API_KEY and TWILIO_API_SECRET and set TWILIO_AUTH_TOKEN, or use a Main key", key)
	case twilio.IsAuthError(err) && r.profile != "":
		return fmt.Sprintf("Twilio refused the API key of profile %q (%s): it may have been deleted, or its secret changed; "+
			"reconfigure it with: twilio profiles:create %s", r.profile, key, r.profile)
	case twilio.IsAuthError(err):
		return fmt.Sprintf("Twilio refused TWILIO_API_KEY (%s) with TWILIO_API_SECRET: the secret may be mistyped, or the key deleted", key)
	case r.profile != "":
		return fmt.Sprintf("profile %q holds an API key (%s); twilio-cli profiles hold Standard keys, which Twilio does not allow to manage keys; "+
			"run with TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN set, or with a profile holding a Main key", r.profile, key)
	}
	return ""
}
