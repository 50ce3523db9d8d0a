package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestLinkCommands(t *testing.T) {
	c := withSample(t)
	// No address: the error says where to give one.
	if got := c.fail(2, "link", "add", "--post", "tand-tinh"); !strings.Contains(got, "--base-url") {
		t.Errorf("no base url: %q", got)
	}
	out := c.ok("link", "add", "--post", "tand-tinh", "--label", "Tòa tỉnh", "--base-url", "https://lich.example.vn/")
	if !strings.HasPrefix(out, "link #1\npage:     https://lich.example.vn/l/") || !strings.Contains(out, "\nwebcal:   webcal://lich.example.vn/ical/") {
		t.Fatalf("link add said %q", out)
	}
	secret := strings.TrimSuffix(strings.SplitN(strings.SplitN(out, "/l/", 2)[1], "\n", 2)[0], "/")
	if len(secret) < 43 {
		t.Errorf("secret %q is short", secret)
	}
	c.env = map[string]string{"DUTYROSTER_BASE_URL": "https://lich.example.vn"}
	c.ok("link", "add", "--officer", "tgv-02")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"link", "add", "--post", "tand-tinh", "--label", "Tòa tỉnh"}, `a live link is already labelled "Tòa tỉnh"`},
		{[]string{"link", "add", "--post", "nowhere"}, `no post with id "nowhere"`},
		{[]string{"link", "add", "--post", "tand-tinh", "--center"}, "exactly one of --post ID, --officer ID or --center"},
		{[]string{"link", "add", "--center", "--base-url", "ftp://x"}, "is not an address such as"},
		{[]string{"link", "add", "--center", "--label", "12"}, "looks like a link number"},
		{[]string{"link", "revoke", "no-such-label"}, "no live link matches"},
	} {
		if got := c.fail(2, tc.args...); !strings.Contains(got, tc.want) {
			t.Errorf("%v: %q lacks %q", tc.args, got, tc.want)
		}
	}
	// The database keeps the hash only.
	snap := c.snapshot()
	for _, rows := range snap {
		for _, r := range rows {
			if strings.Contains(r, secret) {
				t.Fatal("the database holds the secret")
			}
		}
	}
	if got := c.ok("link", "revoke", "Tòa tỉnh"); got != "revoked link #1 (post tand-tinh, Tòa tỉnh)\n" {
		t.Errorf("revoke said %q", got)
	}
	if got := c.fail(2, "link", "revoke", "https://lich.example.vn/l/"+secret+"/"); !strings.Contains(got, "no live link matches") {
		t.Errorf("revoking twice: %q", got)
	}
	var links []struct {
		ID      int64  `json:"id"`
		Scope   string `json:"scope"`
		Revoked string `json:"revoked_at"`
	}
	if err := json.Unmarshal([]byte(c.ok("link", "list", "-o", "json")), &links); err != nil || len(links) != 2 || links[0].Revoked == "" || links[1].Revoked != "" {
		t.Errorf("link list: %v %+v", err, links)
	}
	if audit := c.ok("audit"); !strings.Contains(audit, "link #1 added for post tand-tinh") || !strings.Contains(audit, "link #1 revoked") {
		t.Errorf("audit:\n%s", audit)
	}
}
