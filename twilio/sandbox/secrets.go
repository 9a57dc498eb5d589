package sandbox

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
)

// secretLength and secretAlphabet follow Twilio: 32 characters of
// [A-Za-z0-9]. twilio-go refuses any other password before sending it.
const (
	secretLength   = 32
	secretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	saltLength     = 16
)

// newSecret returns a key secret drawn from crypto/rand. Bytes at or above
// 248 (the largest multiple of 62 that fits in a byte) are thrown away, so
// every character is equally likely.
func newSecret() string {
	const limit = 256 - 256%len(secretAlphabet)
	out := make([]byte, 0, secretLength)
	buf := make([]byte, secretLength*2)
	for len(out) < secretLength {
		rand.Read(buf)
		for _, b := range buf {
			if int(b) < limit && len(out) < secretLength {
				out = append(out, secretAlphabet[int(b)%len(secretAlphabet)])
			}
		}
	}
	return string(out)
}

// randomHex returns n random bytes as 2n lowercase hex digits.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func newKeySID() string     { return "SK" + randomHex(16) }
func newAccountSID() string { return "AC" + randomHex(16) }
func newAuthToken() string  { return randomHex(16) }
func newRequestID() string  { return "RQ" + randomHex(16) }

// secretHash is what the store keeps instead of a secret. A salted SHA-256 is
// enough: the secret has 190 bits of entropy, so there is nothing to gain by
// a slow password hash, and each check stays cheap.
type secretHash struct {
	Salt []byte `json:"salt,omitempty"`
	Hash []byte `json:"hash,omitempty"`
}

func hashSecret(secret string) secretHash {
	salt := make([]byte, saltLength)
	rand.Read(salt)
	return secretHash{Salt: salt, Hash: saltedHash(salt, secret)}
}

func saltedHash(salt []byte, secret string) []byte {
	h := sha256.New()
	h.Write(salt)
	h.Write([]byte(secret))
	return h.Sum(nil)
}

// matches reports whether secret is the one hashed. A key without a hash
// (seeded keys, whose secrets were never kept) matches nothing, but the work
// done is the same so its answer takes as long as any other.
func (s secretHash) matches(secret string) bool {
	salt, want := s.Salt, s.Hash
	usable := len(want) == sha256.Size
	if !usable {
		salt, want = make([]byte, saltLength), make([]byte, sha256.Size)
	}
	got := saltedHash(salt, secret)
	return subtle.ConstantTimeCompare(got, want) == 1 && usable
}

// equalConstantTime compares two strings without revealing, through timing,
// how long their common prefix is.
func equalConstantTime(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
