package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"dutyroster/roster"
	"dutyroster/store"
)

// commandNotifier runs a program with the message in environment variables and as JSON on its
// standard input; the paths of files sent with it (a post's roster) are in DUTYROSTER_FILES, one
// a line. The program gets only PATH (and on Windows what a process needs to start),
// the message's DUTYROSTER_* variables and the variables the plan lists in `env`: never the
// daemon's own secrets. At the deadline the program and every process it started are killed.
type commandNotifier struct {
	cfg    roster.Notifier
	getenv func(string) string
}

// waitDelay is how long a killed command's output pipes may stay open (held by a grandchild)
// before the send gives up on them.
const waitDelay = 2 * time.Second

func (n *commandNotifier) Send(ctx context.Context, m store.Message) error {
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, n.cfg.Command[0], n.cfg.Command[1:]...)
	cmd.Stdin = bytes.NewReader(body)
	cmd.Env = n.environment(m)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.WaitDelay = waitDelay
	ownProcessGroup(cmd)
	if err := cmd.Run(); err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return &TimeoutError{What: n.cfg.Command[0], After: Timeout(n.cfg)}
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%s: stopped: %w", n.cfg.Command[0], ctx.Err())
		}
		return fmt.Errorf("%s: %v: %s", n.cfg.Command[0], err, strings.TrimSpace(lastLine(stderr.String())))
	}
	return nil
}

// environment is what the command is given: nothing of the daemon's environment but PATH, what
// Windows needs to start a process, and the variables the plan names.
func (n *commandNotifier) environment(m store.Message) []string {
	keep := []string{"PATH"}
	if runtime.GOOS == "windows" {
		keep = append(keep, "SYSTEMROOT", "COMSPEC", "PATHEXT", "TEMP", "TMP")
	}
	var env []string
	for _, k := range append(keep, n.cfg.Env...) {
		if v := n.getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	var names, emails, phones []string
	for _, c := range m.To {
		names, emails, phones = append(names, c.Name), append(emails, c.Email), append(phones, c.Phone)
	}
	return append(env, "DUTYROSTER_KIND="+m.Kind, "DUTYROSTER_SUBJECT="+m.Subject, "DUTYROSTER_BODY="+m.Body,
		"DUTYROSTER_MONTH="+m.Month, "DUTYROSTER_OFFICER_ID="+m.OfficerID, "DUTYROSTER_TO_NAME="+strings.Join(names, ", "),
		"DUTYROSTER_TO_EMAIL="+strings.Join(emails, ", "), "DUTYROSTER_TO_PHONE="+strings.Join(phones, ", "),
		"DUTYROSTER_FILES="+strings.Join(m.Attachments, "\n"))
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
