package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/smtp"
	"os"
	"os/exec"
	"strings"
	"time"

	"dutyroster/roster"
	"dutyroster/store"
)

// notifier sends one message one way.
type notifier interface {
	Send(ctx context.Context, m store.Message) error
}

// permanent marks an error that retrying cannot fix (no address to send to).
type permanent struct{ error }

func newNotifier(cfg roster.Notifier, log *slog.Logger, getenv func(string) string) notifier {
	switch cfg.Kind {
	case "command":
		return &commandNotifier{cfg: cfg}
	case "webhook":
		return &webhookNotifier{cfg: cfg, client: &http.Client{Timeout: cfg.Timeout}, sleep: sleepCtx}
	case "email":
		return &emailNotifier{cfg: cfg, password: getenv(cfg.PasswordEnv)}
	}
	return &logNotifier{log: log}
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

// commandNotifier runs a program with the message in environment variables and as JSON on
// its standard input, within a timeout.
type commandNotifier struct{ cfg roster.Notifier }

func (n *commandNotifier) Send(ctx context.Context, m store.Message) error {
	timeout := n.cfg.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, n.cfg.Command[0], n.cfg.Command[1:]...)
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	cmd.Stdin = bytes.NewReader(body)
	var names, emails, phones []string
	for _, c := range m.To {
		names, emails, phones = append(names, c.Name), append(emails, c.Email), append(phones, c.Phone)
	}
	cmd.Env = append(os.Environ(), "DUTYROSTER_KIND="+m.Kind, "DUTYROSTER_SUBJECT="+m.Subject, "DUTYROSTER_BODY="+m.Body,
		"DUTYROSTER_MONTH="+m.Month, "DUTYROSTER_OFFICER_ID="+m.OfficerID, "DUTYROSTER_TO_NAME="+strings.Join(names, ", "),
		"DUTYROSTER_TO_EMAIL="+strings.Join(emails, ", "), "DUTYROSTER_TO_PHONE="+strings.Join(phones, ", "))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return fmt.Errorf("%s did not finish within %s", n.cfg.Command[0], timeout)
		}
		return fmt.Errorf("%s: %v: %s", n.cfg.Command[0], err, strings.TrimSpace(lastLine(stderr.String())))
	}
	return nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// webhookNotifier POSTs the message as JSON, retrying with a doubling backoff.
type webhookNotifier struct {
	cfg    roster.Notifier
	client *http.Client
	sleep  func(context.Context, time.Duration) error
}

func (n *webhookNotifier) Send(ctx context.Context, m store.Message) error {
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	backoff := n.cfg.Backoff
	var last error
	for attempt := 0; attempt <= n.cfg.Retries; attempt++ {
		if attempt > 0 {
			if err := n.sleep(ctx, backoff); err != nil {
				return err
			}
			backoff *= 2
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.cfg.URL, bytes.NewReader(body))
		if err != nil {
			return permanent{err}
		}
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		req.Header.Set("User-Agent", "dutyroster")
		resp, err := n.client.Do(req)
		if err != nil {
			last = err
			continue
		}
		resp.Body.Close()
		if resp.StatusCode/100 == 2 {
			return nil
		}
		last = fmt.Errorf("%s answered %s", n.cfg.URL, resp.Status)
	}
	return fmt.Errorf("after %d attempts: %w", n.cfg.Retries+1, last)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// emailNotifier sends the message by SMTP (net/smtp), with STARTTLS when asked.
type emailNotifier struct {
	cfg      roster.Notifier
	password string
}

func (n *emailNotifier) Send(ctx context.Context, m store.Message) error {
	var to []string
	for _, c := range m.To {
		if c.Email != "" {
			to = append(to, c.Email)
		}
	}
	if len(to) == 0 {
		return permanent{fmt.Errorf("no e-mail address for %s", contactNames(m.To))}
	}
	host, _, err := net.SplitHostPort(n.cfg.SMTP)
	if err != nil {
		return permanent{err}
	}
	d := net.Dialer{Timeout: 30 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", n.cfg.SMTP)
	if err != nil {
		return err
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if err := c.Hello("dutyroster"); err != nil {
		return err
	}
	if n.cfg.StartTLS {
		if err := c.StartTLS(&tls.Config{ServerName: host}); err != nil {
			return fmt.Errorf("starttls: %w", err)
		}
	}
	if n.cfg.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", n.cfg.Username, n.password, host)); err != nil {
			return fmt.Errorf("auth: %w", err)
		}
	}
	if err := c.Mail(n.cfg.From); err != nil {
		return err
	}
	for _, addr := range to {
		if err := c.Rcpt(addr); err != nil {
			return fmt.Errorf("recipient %s: %w", addr, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	var msg bytes.Buffer
	fmt.Fprintf(&msg, "From: %s\r\nTo: %s\r\nSubject: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
		n.cfg.From, strings.Join(to, ", "), mime.QEncoding.Encode("utf-8", m.Subject))
	msg.WriteString(strings.ReplaceAll(m.Body, "\n", "\r\n"))
	msg.WriteString("\r\n")
	if _, err := w.Write(msg.Bytes()); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
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

func isPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}
