package twilio

import "fmt"

// Format prints the client without its Auth Token or key secret, whatever
// the verb. Without it fmt would print the struct field by field, and the
// credentials inside with it: their own Format is not consulted for an
// unexported field.
func (c Client) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, "twilio.Client{AccountSID:%s, Credentials:%v, API:%s, Region:%s, Sandbox:%t}",
		shownSID(c.accountSID, "AC"), c.creds, c.api, c.region, c.sandbox)
}
