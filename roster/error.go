package roster

import (
	"errors"
	"fmt"
)

// Error codes name the kind of failure so that the command line can map them to exit codes.
const (
	EINVALID    = "invalid"    // bad input or usage: exit 2
	ENOTFOUND   = "not_found"  // a named thing does not exist: exit 2
	ECONFLICT   = "conflict"   // the request contradicts stored state: exit 2
	EINCOMPLETE = "incomplete" // done, but not everything could be done: exit 3
	EINTERNAL   = "internal"   // a bug or an environment failure: exit 1
)

// Error is the domain error: a code and a sentence a coordinator can act on.
type Error struct {
	Code    string
	Message string
	// Format and Args are the message unformatted, for showing it in the reader's language
	// (the English format is the key of the message catalogue).
	Format string
	Args   []any
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// MsgFormat gives the message unformatted, for translation.
func (e *Error) MsgFormat() (string, []any) { return e.Format, e.Args }

// Errorf builds a domain error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// ErrorCode returns the code of the first domain error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var pe *PlanErrors
	if errors.As(err, &pe) {
		return EINVALID
	}
	return EINTERNAL
}

// Problem is one mistake in an input file, found at a line.
type Problem struct {
	File    string
	Line    int
	Message string
	// Format and Args are the message unformatted, for the reader's language.
	Format string
	Args   []any
	// Where, when set, places the problem instead of the line: "Cán bộ!C7" in a workbook.
	Where string
}

// String formats the problem as FILE:LINE: message (FILE:WHERE: message in a workbook).
func (p Problem) String() string { return p.Place() + ": " + p.Message }

// Problemf makes a problem with its message unformatted too.
func Problemf(file string, line int, where, format string, args ...any) Problem {
	return Problem{File: file, Line: line, Where: where, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// Place is where the problem is: FILE:LINE, FILE:WHERE or FILE.
func (p Problem) Place() string {
	if p.Where != "" {
		return p.File + ":" + p.Where
	}
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return p.File
}

// PlanErrors is every problem found in a plan file; the file is rejected as a whole.
type PlanErrors struct {
	File     string
	Problems []Problem
}

// Error summarises the problems in one line; Problems holds them one by one.
func (e *PlanErrors) Error() string {
	f, args := e.MsgFormat()
	return fmt.Sprintf(f, args...)
}

// MsgFormat gives the summary unformatted, for the reader's language.
func (e *PlanErrors) MsgFormat() (string, []any) {
	if len(e.Problems) == 1 {
		return "%s has %d problem; nothing was imported", []any{e.File, 1}
	}
	return "%s has %d problems; nothing was imported", []any{e.File, len(e.Problems)}
}
