// Package notify sends the daemon's notifications: to the log, through a command, to a
// webhook or by e-mail. Every send has a hard deadline, the notifier's timeout, for all its
// attempts together, whatever the other side does; no secret (a URL's user, password or query,
// the SMTP password) ever appears in an error or a log line.
package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"dutyroster/roster"
	"dutyroster/store"
)

// Notifier sends one message one way.
type Notifier interface {
	Send(ctx context.Context, m store.Message) error
}

// permanent marks an error that retrying cannot fix (no address to send to).
type permanent struct{ error }

func (p permanent) Unwrap() error { return p.error }

// IsPermanent reports whether retrying a failed send cannot help.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}

// New makes the notifier a plan describes. getenv reads the SMTP password and the variables a
// command is given.
func New(cfg roster.Notifier, log *slog.Logger, getenv func(string) string) Notifier {
	var n Notifier
	switch cfg.Kind {
	case "command":
		n = &commandNotifier{cfg: cfg, getenv: getenv}
	case "webhook":
		n = newWebhook(cfg)
	case "email":
		n = &emailNotifier{cfg: cfg, password: getenv(cfg.PasswordEnv)}
	default:
		n = &logNotifier{log: log}
	}
	return &deadlined{n: n, timeout: Timeout(cfg)}
}

// Timeout is a notifier's hard deadline per send: its timeout, with the default and the limit
// applied.
func Timeout(cfg roster.Notifier) time.Duration {
	t := cfg.Timeout
	if t <= 0 {
		t = roster.DefaultNotifyTimeout
	}
	return min(t, roster.MaxNotifyTimeout)
}

// deadlined gives every send its hard deadline.
type deadlined struct {
	n       Notifier
	timeout time.Duration
}

func (d *deadlined) Send(ctx context.Context, m store.Message) error {
	ctx, cancel := context.WithTimeout(ctx, d.timeout)
	defer cancel()
	err := d.n.Send(ctx, m)
	var te *TimeoutError
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) && !errors.As(err, &te) {
		return &TimeoutError{What: "the send", After: d.timeout}
	}
	return err
}

// TimeoutError is a send cut off at its hard deadline.
type TimeoutError struct {
	What  string
	After time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("%s did not finish within %s", e.What, e.After)
}

// logNotifier writes the message as a structured log line.
type logNotifier struct{ log *slog.Logger }

func (n *logNotifier) Send(_ context.Context, m store.Message) error {
	var to []string
	for _, c := range m.To {
		to = append(to, c.Name)
	}
	n.log.Info("notification", "kind", m.Kind, "subject", m.Subject, "to", strings.Join(to, ", "), "body", m.Body)
	return nil
}

// RedactURL writes a URL without its user, password, query and fragment: what may be logged.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(an unreadable address)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

func contactNames(cs []roster.Contact) string {
	var s []string
	for _, c := range cs {
		s = append(s, c.Name)
	}
	if len(s) == 0 {
		return "nobody"
	}
	return strings.Join(s, ", ")
}
