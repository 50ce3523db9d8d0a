package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"net"
	"net/smtp"
	"net/textproto"
	"os"
	"path/filepath"
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
	msg, err := compose(n.cfg.From, to, m)
	if err != nil {
		return permanent{err}
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// compose writes the e-mail: a plain UTF-8 text, or, with attachments, a multipart/mixed message
// whose parts are the text and each file in base64, named by its file name (RFC 2231 when it is
// not ASCII).
func compose(from string, to []string, m store.Message) ([]byte, error) {
	var msg bytes.Buffer
	fmt.Fprintf(&msg, "From: %s\r\nTo: %s\r\nSubject: %s\r\nMIME-Version: 1.0\r\n", from, strings.Join(to, ", "),
		mime.QEncoding.Encode("utf-8", m.Subject))
	text := strings.ReplaceAll(m.Body, "\n", "\r\n") + "\r\n"
	if len(m.Attachments) == 0 {
		msg.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
		msg.WriteString(text)
		return msg.Bytes(), nil
	}
	mw := multipart.NewWriter(&msg)
	fmt.Fprintf(&msg, "Content-Type: multipart/mixed; boundary=%s\r\n\r\n", mw.Boundary())
	part, err := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"text/plain; charset=utf-8"}, "Content-Transfer-Encoding": {"8bit"}})
	if err != nil {
		return nil, err
	}
	part.Write([]byte(text))
	for _, path := range m.Attachments {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("attachment: %w", err)
		}
		name := filepath.Base(path)
		ctype := mime.TypeByExtension(filepath.Ext(name))
		if ctype == "" || filepath.Ext(name) == ".xlsx" {
			ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		part, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {mime.FormatMediaType(ctype, map[string]string{"name": name})},
			"Content-Transfer-Encoding": {"base64"},
			"Content-Disposition":       {mime.FormatMediaType("attachment", map[string]string{"filename": name})},
		})
		if err != nil {
			return nil, err
		}
		enc := base64.StdEncoding.EncodeToString(data)
		for len(enc) > 76 {
			part.Write([]byte(enc[:76] + "\r\n"))
			enc = enc[76:]
		}
		part.Write([]byte(enc + "\r\n"))
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return msg.Bytes(), nil
}
