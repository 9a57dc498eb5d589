//go:build !unix

package main

import "io"

// undeliverable cannot tell anything here; the write's error still can.
func undeliverable(io.Writer) string { return "" }

func ignoreSIGPIPE() (restore func()) { return func() {} }
