// Package twilio is the client for Twilio's API key and account APIs: the
// v2010 Keys and Accounts resources and IAM v1 Keys. It speaks Twilio's wire
// format directly (form-encoded requests, JSON responses, RFC 2822 dates) and
// knows nothing about the terminal UI that uses it.
package twilio
