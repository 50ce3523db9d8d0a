package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"

	"dutyroster/roster"
	"dutyroster/store"
)

// secretBytes is the size of a link's secret: 256 random bits, far past guessing.
const secretBytes = 32

// NewLink is a link just made: the only moment its secret is known.
type NewLink struct {
	ID     int64
	Secret string
	Page   string // the web page
	Feed   string // the calendar feed, https
	Webcal string // the same feed for one-tap subscribing
}

// HashSecret is how the store knows a link: the hex SHA-256 of its secret.
func HashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// LinkURLs builds the addresses of a link under the server's base URL.
func LinkURLs(base, secret string) (page, feed, webcal string) {
	base = strings.TrimRight(base, "/")
	page = base + "/l/" + secret + "/"
	feed = base + "/ical/" + secret + ".ics"
	webcal = "webcal://" + strings.TrimPrefix(strings.TrimPrefix(feed, "https://"), "http://")
	return page, feed, webcal
}

// CheckBaseURL refuses a base URL a browser could not open.
func CheckBaseURL(base string) error {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return roster.Errorf(roster.EINVALID, "--base-url %q is not an address such as https://lich.tgpl.example.vn", base)
	}
	return nil
}

// AddLink makes a secret link to one scope (store.ScopeCenter, ScopePost with a post id,
// ScopeOfficer with an officer id).
func AddLink(ctx context.Context, c *Center, scope, target, label, base string, actor store.Actor) (*NewLink, error) {
	if err := CheckBaseURL(base); err != nil {
		return nil, err
	}
	switch scope {
	case store.ScopeCenter:
		target = ""
	case store.ScopePost:
		if c.Plan.Post(target) == nil {
			return nil, errNoPost(target)
		}
	case store.ScopeOfficer:
		if c.Plan.Officer(target) == nil {
			return nil, errNoOfficer(target)
		}
	default:
		return nil, roster.Errorf(roster.EINVALID, "a link is for --center, a --post or an --officer")
	}
	if err := roster.CheckText("--label", label); err != nil {
		return nil, roster.Errorf(roster.EINVALID, "%v", err)
	}
	if _, err := strconv.Atoi(strings.TrimPrefix(label, "#")); err == nil {
		return nil, roster.Errorf(roster.EINVALID, "--label %q looks like a link number; give a name such as \"Trực ban Công an tỉnh\"", label)
	}
	raw := make([]byte, secretBytes)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	secret := base64.RawURLEncoding.EncodeToString(raw)
	id, err := c.DB.AddLink(ctx, store.Link{Hash: HashSecret(secret), Scope: scope, Target: target, Label: label}, actor)
	if err != nil {
		return nil, err
	}
	l := &NewLink{ID: id, Secret: secret}
	l.Page, l.Feed, l.Webcal = LinkURLs(base, secret)
	return l, nil
}

// RevokeLink ends a link named by its full address, its secret, its number (#3 or 3) or its label.
func RevokeLink(ctx context.Context, c *Center, which string, actor store.Actor) (*store.Link, error) {
	which = strings.TrimSpace(which)
	if which == "" {
		return nil, roster.Errorf(roster.EINVALID, "name the link to revoke: its address, its number from `dutyroster link list`, or its label")
	}
	secret := which
	if i := strings.LastIndex(secret, "/l/"); i >= 0 {
		secret = strings.TrimSuffix(secret[i+3:], "/")
	} else if i := strings.LastIndex(secret, "/ical/"); i >= 0 {
		secret = strings.TrimSuffix(secret[i+6:], ".ics")
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(which, "#"), 10, 64)
	return c.DB.RevokeLink(ctx, id, HashSecret(secret), which, actor)
}
