package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	gossh "golang.org/x/crypto/ssh"
)

// RoleVariable is how an authorized_keys line gives its key a role:
//
//	environment="TWILIO_KEYS_ROLE=operator" ssh-ed25519 AAAA… alice@laptop
//
// environment="…" is an option OpenSSH itself defines, so the file stays
// valid for sshd (which sets the variable only with PermitUserEnvironment,
// and otherwise ignores it) and for ssh-keygen. An option of our own name
// would not: sshd skips a line whose options it does not know. A line with
// no role gives a viewer.
const RoleVariable = "TWILIO_KEYS_ROLE"

// entry is one authorized key.
type entry struct {
	key     gossh.PublicKey
	comment string
	role    Role
	noPTY   bool // the console is refused; scripting still works
}

// optionsIgnored are the authorized_keys options that restrict what serve
// never offers anyway (forwarding, X11, user rc), or lift such a
// restriction: accepting them changes nothing.
var optionsIgnored = map[string]bool{
	"restrict": true, "no-port-forwarding": true, "no-agent-forwarding": true,
	"no-x11-forwarding": true, "no-user-rc": true, "pty": true,
	"port-forwarding": true, "agent-forwarding": true, "x11-forwarding": true, "user-rc": true,
}

// parseOptions reads a line's options. Options that limit a key by a
// condition serve does not check (from=, command=, expiry-time=, …) make the
// line an error rather than being dropped, so a key is never let in more
// widely than sshd would let it in.
func parseOptions(opts []string) (role Role, noPTY bool, err error) {
	seen := false
	for _, o := range opts {
		name, value, hasValue := strings.Cut(o, "=")
		switch lname := strings.ToLower(name); {
		case lname == "no-pty":
			noPTY = true
		case optionsIgnored[lname] && !hasValue:
		case lname == "environment" && hasValue:
			v, err := unquote(value)
			if err != nil {
				return 0, false, err
			}
			varName, varValue, _ := strings.Cut(v, "=")
			if varName != RoleVariable {
				continue // another program's variable
			}
			if seen {
				return 0, false, fmt.Errorf("%s is set twice", RoleVariable)
			}
			seen = true
			if role, err = ParseRole(varValue); err != nil {
				return 0, false, err
			}
		default:
			return 0, false, fmt.Errorf("option %q is not supported by twilio-keys serve", name)
		}
	}
	return role, noPTY, nil
}

// unquote strips the double quotes around an option's value; OpenSSH lets
// a quote inside be escaped with a backslash.
func unquote(v string) (string, error) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", errors.New("an option's value must be in double quotes")
	}
	return strings.ReplaceAll(v[1:len(v)-1], `\"`, `"`), nil
}

// maxAuthorizedKeys bounds what is read of the file: thousands of keys.
const maxAuthorizedKeys = 4 << 20

// authorizedKeys reads the file. Lines it cannot use are left out and
// described in problems (by line number, never by content), so one typo does
// not lock everyone out. A missing file is no keys, so the server can start
// before the first key is added.
func authorizedKeys(path string) (keys []entry, problems []string, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	// As sshd's StrictModes: a file others can write lets them make
	// themselves admin, so it lets no one in.
	if info, err := f.Stat(); err != nil {
		return nil, nil, err
	} else if info.Mode().Perm()&0o022 != 0 {
		return nil, nil, fmt.Errorf("%s is writable by others (mode %v), so no key in it is trusted; chmod go-w it", path, info.Mode().Perm())
	}
	data, err := io.ReadAll(io.LimitReader(f, maxAuthorizedKeys))
	if err != nil {
		return nil, nil, err
	}
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		key, comment, opts, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: not a public key", n+1))
			continue
		}
		role, noPTY, err := parseOptions(opts)
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %v; the key is not let in", n+1, err))
			continue
		}
		keys = append(keys, entry{key: key, comment: comment, role: role, noPTY: noPTY})
	}
	return keys, problems, nil
}
