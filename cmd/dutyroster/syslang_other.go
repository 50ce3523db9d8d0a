//go:build !windows

package main

// systemLanguage is the desktop's language where the environment does not say; on Linux and
// macOS terminals the locale variables are the answer, so there is nothing more to ask.
func systemLanguage() string { return "" }
