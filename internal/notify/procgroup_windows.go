//go:build windows

package notify

import "os/exec"

// ownProcessGroup leaves the default on Windows: cancelling kills the process, and the wait
// for its output pipes is bounded by cmd.WaitDelay.
func ownProcessGroup(cmd *exec.Cmd) {}
