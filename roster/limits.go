package roster

import "time"

// The ranges of every number a plan may give. Each is checked at import with the line of the
// value, so that no plan can make the program run without end or exhaust memory; the README's
// "Guarantees and limits" lists them.
const (
	MaxNeed            = 20 // officers on duty in one slot (need), and backups (backup)
	MaxPerMonthLimit   = 62 // max_per_month, of the rules or of an officer: two places a day
	MaxRestHours       = 72 // rules.min_rest_hours
	MaxConsecutive     = 31 // rules.max_consecutive_days
	MaxNoticeDays      = 40 // rules.notice_working_days and the deadline job's within_working_days
	MaxMonthsAhead     = 12 // the daemon's generate and deadline months_ahead
	MaxOfficers        = 20000
	MaxPosts           = 10000
	MaxShiftsPerPost   = 24
	MaxLeavePerOfficer = 1000
)

// The ranges of decimal numbers, in thousandths.
const (
	MinShare  Milli = 100    // share 0.1 ...
	MaxShare  Milli = 10000  // ... to 10
	MaxWeight Milli = 100000 // a burden weight: more than 0, at most 100
)

// The ranges of durations.
const (
	MaxCatchUp      = 31 * 24 * time.Hour // daemon.catch_up
	MaxRemindBefore = 7 * 24 * time.Hour  // the remind job's before
	MaxBackoff      = time.Minute         // a webhook's backoff
)
