package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"dutyroster/roster"
	"dutyroster/store"
)

// webhookNotifier POSTs the message as JSON, retrying with a doubling backoff within the send's
// deadline. It follows a redirect only to the same host: the message is never handed to another.
type webhookNotifier struct {
	cfg    roster.Notifier
	client *http.Client
	sleep  func(context.Context, time.Duration) error
}

func newWebhook(cfg roster.Notifier) *webhookNotifier {
	host := ""
	if u, err := url.Parse(cfg.URL); err == nil {
		host = u.Host
	}
	return &webhookNotifier{cfg: cfg, sleep: sleepCtx, client: &http.Client{
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if req.URL.Host != host {
				return fmt.Errorf("redirected to another host (%s); not followed", req.URL.Host)
			}
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			return nil
		}}}
}

func (n *webhookNotifier) Send(ctx context.Context, m store.Message) error {
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	where := RedactURL(n.cfg.URL)
	backoff := n.cfg.Backoff
	var last error
	for attempt := 0; attempt <= n.cfg.Retries; attempt++ {
		if attempt > 0 {
			if err := n.sleep(ctx, backoff); err != nil {
				break
			}
			backoff *= 2
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.cfg.URL, bytes.NewReader(body))
		if err != nil {
			return permanent{fmt.Errorf("webhook %s: cannot make the request", where)}
		}
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		req.Header.Set("User-Agent", "dutyroster")
		resp, err := n.client.Do(req)
		if err != nil {
			last = fmt.Errorf("%s: %s", where, describeHTTPError(err))
			if ctx.Err() != nil {
				break
			}
			continue
		}
		resp.Body.Close()
		if resp.StatusCode/100 == 2 {
			return nil
		}
		last = fmt.Errorf("%s answered %s", where, resp.Status)
	}
	return fmt.Errorf("after %d attempts: %w", n.cfg.Retries+1, last)
}

// describeHTTPError says what went wrong without the request's URL, which may hold secrets.
func describeHTTPError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "no answer within the timeout"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	}
	return err.Error()
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
