package roster

import (
	"net/url"
	"path/filepath"
	"strings"
	"time"
)

// DaemonConfig is the plan's optional `daemon:` section: which jobs run when, whom they notify
// and how.
type DaemonConfig struct {
	// CatchUp is how far back the daemon looks, when it starts, for runs it missed.
	CatchUp time.Duration `json:"catch_up"`
	// BaseURL is the public address of `dutyroster serve` (the links `link add` prints).
	BaseURL      string     `json:"base_url,omitempty"`
	Coordinators []Contact  `json:"coordinators"`
	Notify       []Notifier `json:"notify"`
	Jobs         DaemonJobs `json:"jobs"`
}

// Contact is a coordinator the daemon notifies.
type Contact struct {
	Name  string `json:"name" yaml:"name"`
	Email string `json:"email,omitempty" yaml:"email,omitempty"`
	Phone string `json:"phone,omitempty" yaml:"phone,omitempty"`
}

// Notifier is one way of sending notifications.
type Notifier struct {
	Kind string `json:"kind"` // log, command, webhook, email
	// Name identifies the channel: a queued notification goes to the notifier of that name, so
	// reordering the plan's list never sends a message the wrong way. Default: ChannelName.
	Name string `json:"name,omitempty"`
	// Timeout is the hard deadline of one send, every attempt included.
	Timeout time.Duration `json:"timeout,omitempty"`
	// command
	Command []string `json:"command,omitempty"`
	// Env names the environment variables the command gets besides PATH and the message's own.
	Env []string `json:"env,omitempty"`
	// webhook
	URL     string        `json:"url,omitempty"`
	Retries int           `json:"retries,omitempty"`
	Backoff time.Duration `json:"backoff,omitempty"`
	// email
	SMTP        string `json:"smtp,omitempty"` // host:port
	From        string `json:"from,omitempty"`
	Username    string `json:"username,omitempty"`
	PasswordEnv string `json:"password_env,omitempty"` // the password is read from this environment variable
	StartTLS    bool   `json:"starttls,omitempty"`
}

// Limits of a notifier's send deadline.
const (
	DefaultNotifyTimeout = 30 * time.Second
	MaxNotifyTimeout     = 2 * time.Minute
)

// ChannelName is the notifier's stable name: its own name, else one made of its kind and
// target ("log", "command gui-sms", "webhook chat.example.vn", "email smtp.example.vn:587").
// It never holds a secret (no user, password or query of a URL).
func (n Notifier) ChannelName() string {
	if n.Name != "" {
		return n.Name
	}
	switch n.Kind {
	case "command":
		if len(n.Command) > 0 {
			return "command " + strings.TrimSuffix(filepath.Base(filepath.ToSlash(n.Command[0])), ".exe")
		}
	case "webhook":
		if u, err := url.Parse(n.URL); err == nil && u.Host != "" {
			return "webhook " + u.Host + strings.TrimSuffix(u.Path, "/")
		}
	case "email":
		return "email " + n.SMTP
	}
	return n.Kind
}

// Channels lists the channel names of the notifiers, in the plan's order.
func (d *DaemonConfig) Channels() []string {
	out := make([]string, len(d.Notify))
	for i, n := range d.Notify {
		out[i] = n.ChannelName()
	}
	return out
}

// DaemonJobs are the four jobs; a job without a cron spec does not run.
type DaemonJobs struct {
	Generate GenerateJob `json:"generate"`
	Deadline DeadlineJob `json:"deadline"`
	Deliver  DeliverJob  `json:"deliver"`
	Remind   RemindJob   `json:"remind"`
	Digest   DigestJob   `json:"digest"`
}

// GenerateJob generates the draft for the month months_ahead from now if none exists.
type GenerateJob struct {
	Cron        string `json:"cron" yaml:"cron"`
	MonthsAhead int    `json:"months_ahead" yaml:"months_ahead"`
}

// DeadlineJob warns the coordinators when the notice deadline of an unpublished month is near.
type DeadlineJob struct {
	Cron              string `json:"cron" yaml:"cron"`
	MonthsAhead       int    `json:"months_ahead" yaml:"months_ahead"`
	WithinWorkingDays int    `json:"within_working_days" yaml:"within_working_days"`
}

// DeliverJob writes each published version's per-post files and manifest into the outbox.
type DeliverJob struct {
	Cron   string `json:"cron" yaml:"cron"`
	Outbox string `json:"outbox" yaml:"outbox"`
	Lang   string `json:"lang" yaml:"lang"`
}

// RemindJob reminds each officer of a duty starting within Before.
type RemindJob struct {
	Cron   string        `json:"cron"`
	Before time.Duration `json:"before"`
}

// DigestJob sends each post with contacts who is on duty today and tonight, with phones, and
// the coordinators the published duties that break a rule, until they are amended.
type DigestJob struct {
	Cron string `json:"cron" yaml:"cron"`
}

// DefaultDaemon returns the settings for keys the plan leaves out.
func DefaultDaemon() DaemonConfig {
	return DaemonConfig{
		CatchUp: 48 * time.Hour,
		Notify:  []Notifier{{Kind: "log"}},
		Jobs: DaemonJobs{
			Generate: GenerateJob{MonthsAhead: 1},
			Deadline: DeadlineJob{MonthsAhead: 1, WithinWorkingDays: 3},
			Deliver:  DeliverJob{Outbox: "outbox", Lang: "vi"},
			Remind:   RemindJob{Before: 18 * time.Hour},
		},
	}
}
