package notify

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dutyroster/roster"
	"dutyroster/store"
)

func testMessage() store.Message {
	return store.Message{Kind: "reminder", Subject: "Nhắc lịch trực: 07:00 01/01/2027 Trại tạm giam số 1", Body: "Nguyễn Thị Hồng Nhung có lịch trực.",
		To: []roster.Contact{{Name: "Nguyễn Thị Hồng Nhung", Email: "nhung@example.vn", Phone: "0912 345 678"}}, Month: "2027-01", OfficerID: "tgv-01"}
}

func TestWebhookNotifier(t *testing.T) {
	var calls atomic.Int32
	var got store.Message
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		json.NewDecoder(r.Body).Decode(&got)
	}))
	defer srv.Close()
	cfg := roster.Notifier{Kind: "webhook", URL: srv.URL, Retries: 3, Backoff: time.Millisecond}
	n := New(cfg, nil, os.Getenv)
	if err := n.Send(context.Background(), testMessage()); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 3 || got.Subject != testMessage().Subject || got.To[0].Name != "Nguyễn Thị Hồng Nhung" {
		t.Errorf("%d calls, got %+v", calls.Load(), got)
	}
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) }))
	defer down.Close()
	cfg.URL = down.URL
	n = New(cfg, nil, os.Getenv)
	if err := n.Send(context.Background(), testMessage()); err == nil || !strings.Contains(err.Error(), "after 4 attempts") {
		t.Errorf("failing webhook: %v", err)
	}
}

// fakeSMTP accepts one message on 127.0.0.1 and returns what it received.
func fakeSMTP(t *testing.T) (addr string, received chan string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	received = make(chan string, 1)
	go func() {
		defer ln.Close()
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		r := bufio.NewReader(conn)
		fmt.Fprint(conn, "220 test ESMTP\r\n")
		var data strings.Builder
		inData := false
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if inData {
				if line == ".\r\n" {
					inData = false
					fmt.Fprint(conn, "250 queued\r\n")
					received <- data.String()
					continue
				}
				data.WriteString(line)
				continue
			}
			switch cmd := strings.ToUpper(strings.Fields(line)[0]); cmd {
			case "EHLO", "HELO":
				fmt.Fprint(conn, "250-test\r\n250 8BITMIME\r\n")
			case "DATA":
				inData = true
				fmt.Fprint(conn, "354 go on\r\n")
			case "QUIT":
				fmt.Fprint(conn, "221 bye\r\n")
				return
			default:
				data.WriteString(line)
				fmt.Fprint(conn, "250 ok\r\n")
			}
		}
	}()
	return ln.Addr().String(), received
}

func TestEmailNotifier(t *testing.T) {
	addr, received := fakeSMTP(t)
	n := New(roster.Notifier{Kind: "email", SMTP: addr, From: "tgpl@dongthap.gov.vn"}, nil, os.Getenv)
	if err := n.Send(context.Background(), testMessage()); err != nil {
		t.Fatal(err)
	}
	msg := <-received
	if !strings.Contains(msg, "MAIL FROM:<tgpl@dongthap.gov.vn>") || !strings.Contains(msg, "RCPT TO:<nhung@example.vn>") ||
		!strings.Contains(msg, "Nguyễn Thị Hồng Nhung có lịch trực.") || !strings.Contains(msg, "charset=utf-8") {
		t.Errorf("message:\n%s", msg)
	}
	for _, line := range strings.Split(msg, "\r\n") {
		if subject, ok := strings.CutPrefix(line, "Subject: "); ok {
			if dec, err := new(mime.WordDecoder).DecodeHeader(subject); err != nil || dec != testMessage().Subject {
				t.Errorf("subject %q decodes to %q, %v", subject, dec, err)
			}
		}
	}
	m := testMessage()
	m.To[0].Email = ""
	if err := n.Send(context.Background(), m); !IsPermanent(err) {
		t.Errorf("no address: %v", err)
	}
}

func TestCommandNotifier(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.txt")
	n := New(roster.Notifier{Kind: "command", Timeout: 5 * time.Second,
		Command: []string{"sh", "-c", `cat > "$1"; echo "to=$DUTYROSTER_TO_NAME phone=$DUTYROSTER_TO_PHONE kind=$DUTYROSTER_KIND" >> "$1"`, "sh", out}}, nil, os.Getenv)
	if err := n.Send(context.Background(), testMessage()); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	if !strings.Contains(string(data), `"subject":"Nhắc lịch trực: 07:00 01/01/2027 Trại tạm giam số 1"`) ||
		!strings.Contains(string(data), "to=Nguyễn Thị Hồng Nhung phone=0912 345 678 kind=reminder") {
		t.Errorf("command saw:\n%s", data)
	}
	slow := New(roster.Notifier{Kind: "command", Timeout: 50 * time.Millisecond, Command: []string{"sleep", "5"}}, nil, os.Getenv)
	if err := slow.Send(context.Background(), testMessage()); err == nil || !strings.Contains(err.Error(), "did not finish within 50ms") {
		t.Errorf("timeout: %v", err)
	}
	failing := New(roster.Notifier{Kind: "command", Command: []string{"sh", "-c", "echo no modem >&2; exit 3"}}, nil, os.Getenv)
	if err := failing.Send(context.Background(), testMessage()); err == nil || !strings.Contains(err.Error(), "no modem") {
		t.Errorf("failing command: %v", err)
	}
}

// TestEmailAttachment sends a post's roster file by e-mail to a local SMTP server and reads the
// message back with net/mail and mime/multipart: the Vietnamese subject decodes, the text is
// there, and the attachment is the file, byte for byte, under its name.
func TestEmailAttachment(t *testing.T) {
	addr, received := fakeSMTP(t)
	file := filepath.Join(t.TempDir(), "lich-truc-2027-01-tand-tinh.xlsx")
	content := make([]byte, 70000)
	for i := range content {
		content[i] = byte(i*7 + i/251)
	}
	if err := os.WriteFile(file, content, 0o644); err != nil {
		t.Fatal(err)
	}
	m := testMessage()
	m.Subject = "Lịch trực trợ giúp pháp lý tháng 01/2027 - Tòa án nhân dân tỉnh Đồng Tháp"
	m.Attachments = []string{file}
	n := New(roster.Notifier{Kind: "email", SMTP: addr, From: "tgpl@dongthap.gov.vn"}, nil, os.Getenv)
	if err := n.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	raw := <-received
	raw = raw[strings.Index(raw, "From: "):]
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil || subject != m.Subject {
		t.Errorf("subject %q, %v", subject, err)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/mixed" {
		t.Fatalf("content type %q, %v", mediaType, err)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	text, err := r.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(text)
	if !strings.Contains(string(body), "Nguyễn Thị Hồng Nhung có lịch trực.") {
		t.Errorf("text part: %q", body)
	}
	att, err := r.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	if att.FileName() != "lich-truc-2027-01-tand-tinh.xlsx" || !strings.HasPrefix(att.Header.Get("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") {
		t.Errorf("attachment header: %v", att.Header)
	}
	encoded, _ := io.ReadAll(att)
	got, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(encoded)))
	if err != nil || !bytes.Equal(got, content) {
		t.Errorf("the attachment is not the file: %d bytes, %v", len(got), err)
	}
	if _, err := r.NextPart(); err != io.EOF {
		t.Errorf("more parts than the text and the file: %v", err)
	}
}
