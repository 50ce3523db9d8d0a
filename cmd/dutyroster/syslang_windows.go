//go:build windows

package main

import "golang.org/x/sys/windows"

// systemLanguage is the user's Windows display language ("vi-VN", "en-US").
func systemLanguage() string {
	langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil || len(langs) == 0 {
		return ""
	}
	return langs[0]
}
