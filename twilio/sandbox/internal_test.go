package sandbox

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNewSecret(t *testing.T) {
	seen := map[string]bool{}
	counts := map[rune]int{}
	for range 5000 {
		s := newSecret()
		if len(s) != secretLength || strings.Trim(s, secretAlphabet) != "" {
			t.Fatalf("secret %q is not 32 characters of [A-Za-z0-9]", s)
		}
		if seen[s] {
			t.Fatalf("secret %q drawn twice", s)
		}
		seen[s] = true
		for _, r := range s {
			counts[r]++
		}
	}
	// 160,000 characters over 62 symbols: about 2581 each, give or take 50.
	// A biased generator (byte % 62) would draw the first eight symbols
	// about 3125 times and the rest about 2500.
	for _, r := range secretAlphabet {
		if c := counts[r]; c < 2280 || c > 2880 {
			t.Errorf("%q drawn %d times in 160,000, want about 2581", r, c)
		}
	}
}

func TestSecretHash(t *testing.T) {
	secret := newSecret()
	h := hashSecret(secret)
	if !h.matches(secret) {
		t.Error("the secret does not match its own hash")
	}
	if h.matches(newSecret()) || h.matches("") || h.matches(secret[:31]) {
		t.Error("another secret matches")
	}
	if (secretHash{}).matches(secret) || (secretHash{}).matches("") {
		t.Error("a key without a hash matches")
	}
	if strings.Contains(string(h.Hash)+string(h.Salt), secret) {
		t.Error("the hash holds the secret")
	}
}

func TestPageTokens(t *testing.T) {
	pos := newestFirst(time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), "SK0123456789abcdef0123456789abcdef")
	for _, after := range []bool{true, false} {
		tok := encodePageToken(after, pos)
		gotAfter, gotPos, ok := decodePageToken(tok)
		if !ok || gotAfter != after || string(gotPos) != string(pos) {
			t.Errorf("token %q decodes to %v %x %v", tok, gotAfter, gotPos, ok)
		}
	}
	for _, bad := range []string{"", "PA", "PX7fffffffffffffffSK0123456789abcdef0123456789abcdef", "PAzzzzzzzzzzzzzzzzSK0123456789abcdef0123456789abcdef",
		"PA7fffffffffffffffXX0123456789abcdef0123456789abcdef", "PA7fffffffffffffffSK0123456789abcdef0123456789abcdeg"} {
		if _, _, ok := decodePageToken(bad); ok {
			t.Errorf("token %q accepted", bad)
		}
	}
}

func TestParseRoute(t *testing.T) {
	for _, tc := range []struct {
		path string
		want route
		ok   bool
	}{
		{"/2010-04-01/Accounts.json", route{res: resAccounts}, true},
		{"/2010-04-01/Accounts/AC1.json", route{res: resAccount, accountSID: "AC1", sid: "AC1"}, true},
		{"/2010-04-01/Accounts/AC1/Keys.json", route{res: resKeys, accountSID: "AC1"}, true},
		{"/2010-04-01/Accounts/AC1/SigningKeys/SK2.json", route{res: resSigningKey, accountSID: "AC1", sid: "SK2"}, true},
		{"/2010-04-01/Accounts/AC1/Balance.json", route{res: resBalance, accountSID: "AC1"}, true},
		{"/v1/Keys", route{res: resIAMKeys}, true},
		{"/v1/Keys/SK2", route{res: resIAMKey, sid: "SK2"}, true},
		{"/2010-04-01/Accounts/AC1/Keys/SK2", route{}, false},
		{"/2010-04-01/Accounts/AC1/Balance/x.json", route{}, false},
		{"/2010-04-01/Accounts/AC1", route{}, false},
		{"/2010-04-01/Accounts.json/", route{}, false},
		{"/v1/Keys/", route{res: resIAMKey}, true}, // an empty SID, refused later as malformed
		{"/v1/Keys/SK2/x", route{}, false},
		{"/v2/Keys", route{}, false},
	} {
		got, ok := parseRoute(tc.path)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("parseRoute(%q) = %+v, %v; want %+v, %v", tc.path, got, ok, tc.want, tc.ok)
		}
	}
}

func TestDialableAddr(t *testing.T) {
	for _, tc := range []struct {
		ip   net.IP
		want string
	}{
		{net.IPv4(127, 0, 0, 1), "127.0.0.1:80"},
		{net.IPv4zero, "127.0.0.1:80"},
		{net.IPv6unspecified, "[::1]:80"},
		{net.IPv4(192, 168, 1, 2), "192.168.1.2:80"},
	} {
		if got := dialableAddr(&net.TCPAddr{IP: tc.ip, Port: 80}); got != tc.want {
			t.Errorf("dialableAddr(%v) = %q, want %q", tc.ip, got, tc.want)
		}
	}
}

// TestSeededKeysHaveNoSecret: nobody can authenticate with a seeded key,
// because no secret for it was ever kept.
func TestSeededKeysHaveNoSecret(t *testing.T) {
	h, err := NewHandler(Options{Memory: true, SeedKeys: 20})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	n := 0
	err = h.store.view(func(tx *txn) error {
		return tx.tx.Bucket(bucketKeys).ForEach(func(k, v []byte) error {
			rec, _, err := tx.key(string(k))
			if err == nil && (len(rec.Secret.Hash) != 0 || len(rec.Secret.Salt) != 0) {
				t.Errorf("seeded key %s has a secret hash", k)
			}
			n++
			return err
		})
	})
	if err != nil || n != 7+2+20 {
		t.Errorf("%d seeded keys, %v; want 29", n, err)
	}
}

// TestOpenStateFileRefusesSymlinks: the open itself does not follow a link,
// so one swapped in after the checks is not followed either.
func TestOpenStateFileRefusesSymlinks(t *testing.T) {
	if oNoFollow == 0 {
		t.Skip("no O_NOFOLLOW here")
	}
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	link := filepath.Join(dir, "sandbox.db")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	if f, err := openStateFile(link, os.O_RDWR|os.O_CREATE, 0o600); err == nil {
		f.Close()
		t.Fatal("openStateFile followed a symlink")
	}
	if _, err := os.Lstat(victim); err == nil {
		t.Error("openStateFile created the link's target")
	}
}
