package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"strings"

	"dutyroster/roster"
	"dutyroster/store"
)

// emailNotifier sends the message by SMTP (net/smtp), with STARTTLS when asked. The connection
// carries the send's deadline, and is closed when the send is cancelled, so a silent server
// never holds the daemon.
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
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", n.cfg.SMTP)
	if err != nil {
		return err
	}
	defer conn.Close()
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	err = n.converse(conn, host, to, m)
	var ne net.Error
	if err != nil && (errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()) {
		return &TimeoutError{What: "the SMTP server " + n.cfg.SMTP, After: Timeout(n.cfg)}
	}
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("smtp %s: stopped: %w", n.cfg.SMTP, ctx.Err())
	}
	return err
}

// converse runs the SMTP dialogue on an open connection.
func (n *emailNotifier) converse(conn net.Conn, host string, to []string, m store.Message) error {
	c, err := smtp.NewClient(conn, host)
	if err != nil {
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
