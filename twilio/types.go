package twilio

import (
	"fmt"
	"time"
)

// KeyType is the kind of an API key. Twilio's v2010 API does not report it, so
// a listed key has KeyTypeUnknown unless this client created it.
type KeyType string

// The key types Twilio knows. Standard keys may call every API except Accounts
// and Keys; Main keys may call everything; Restricted keys carry a policy.
const (
	KeyTypeUnknown    KeyType = ""
	KeyTypeStandard   KeyType = "standard"
	KeyTypeMain       KeyType = "main"
	KeyTypeRestricted KeyType = "restricted"
)

// Key is an API key as Twilio lists it. It never holds a secret.
type Key struct {
	SID          string
	FriendlyName string
	DateCreated  time.Time
	DateUpdated  time.Time
	Type         KeyType
}

// NewKey is the answer to a create: the key and its secret, which Twilio
// returns this one time only. CreateKey hands one on only when its SID and
// secret have the shapes Twilio issues (ValidKeySID, ValidKeySecret), and
// keeps no reference to it once it has returned. Go cannot wipe a string:
// the HTTP answer it was decoded from stays in memory until the garbage
// collector reuses it.
type NewKey struct {
	Key
	Secret string
}

// EnvLines is the key as the two environment variable lines Twilio's tools
// read, each value in single quotes, ready for eval or a shell .env file:
//
//	TWILIO_API_KEY='SK…'
//	TWILIO_API_SECRET='…'
//
// It refuses a SID or secret of another shape (a NewKey not made by
// CreateKey), so that nothing a server chose can reach a shell.
func (k NewKey) EnvLines() (string, error) {
	if err := CheckKeySID(k.SID); err != nil {
		return "", err
	}
	if err := CheckKeySecret(k.Secret); err != nil {
		return "", err
	}
	return "TWILIO_API_KEY='" + k.SID + "'\nTWILIO_API_SECRET='" + k.Secret + "'\n", nil
}

// Format prints the key with the secret hidden, whatever the verb, so that
// logging a NewKey or a test failure showing one cannot leak the secret.
func (k NewKey) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, "twilio.NewKey{SID:%q, FriendlyName:%q, Secret:<hidden>}", k.SID, k.FriendlyName)
}

// Account is a Twilio account or subaccount. The Auth Token is deliberately
// not kept: nothing in this program needs to hold it after start-up.
type Account struct {
	SID             string
	FriendlyName    string
	Status          string // active, suspended or closed
	Type            string // Full or Trial
	OwnerAccountSID string
	DateCreated     time.Time
	DateUpdated     time.Time
}

// IsSubaccount reports whether the account belongs to another account.
func (a Account) IsSubaccount() bool {
	return a.OwnerAccountSID != "" && a.OwnerAccountSID != a.SID
}
