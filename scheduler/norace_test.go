//go:build !race

package scheduler

// raceDetector tells the tests that they run under the race detector (see longSolve).
const raceDetector = false
