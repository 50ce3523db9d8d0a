package roster

import "strings"

// PlanKeys are the keys the plan file accepts, by where they stand ("" is the top of the file,
// "officers[]" an item of the officers list). The parser takes its lists from here, and the
// plan format's reference (plan-format.md) is tested against it: a key the parser accepts is
// documented, and a documented key is accepted.
var PlanKeys = map[string][]string{
	"":                         {"version", "center", "areas", "officers", "posts", "rules", "holidays", "daemon"},
	"center":                   {"name", "parent", "place", "hotline", "timezone", "document_type", "document_code", "signer", "recipients"},
	"center.signer":            {"title", "name", "authority", "for"},
	"areas[]":                  {"id", "name"},
	"officers[]":               {"id", "name", "role", "phone", "email", "areas", "share", "max_per_month", "active", "unavailable"},
	"officers[].unavailable[]": {"from", "to", "rrule", "start", "end", "reason"},
	"posts[]":                  {"id", "name", "kind", "area", "address", "phone", "shifts", "contacts"},
	"posts[].shifts[]": {"id", "label", "rrule", "anchor", "start", "end", "mode", "need", "roles", "backup", "backup_roles", "holidays",
		"strategy", "order"},
	"posts[].contacts[]":    contactKeys,
	"rules":                 {"min_rest_hours", "max_per_month", "max_consecutive_days", "burden", "notice_working_days"},
	"rules.burden":          {"weekday", "weekend", "holiday", "night"},
	"holidays":              {"calendar", "add", "remove"},
	"holidays.add[]":        {"date", "name"},
	"daemon":                {"catch_up", "base_url", "coordinators", "notify", "jobs"},
	"daemon.coordinators[]": contactKeys,
	"daemon.notify[]": {"kind", "name", "command", "env", "timeout", "url", "retries", "backoff", "smtp", "from", "username",
		"password_env", "starttls"},
	"daemon.jobs":          {"generate", "deadline", "deliver", "remind", "digest"},
	"daemon.jobs.generate": {"cron", "months_ahead"},
	"daemon.jobs.deadline": {"cron", "months_ahead", "within_working_days"},
	"daemon.jobs.deliver":  {"cron", "outbox", "lang"},
	"daemon.jobs.remind":   {"cron", "before"},
	"daemon.jobs.digest":   {"cron"},
}

var contactKeys = []string{"name", "email", "phone"}

// PlanKeyNames lists every key name of the plan file (each once, unsorted), and the words of the
// paths that hold them ("officers", "shifts").
func PlanKeyNames() []string {
	seen := map[string]bool{}
	var out []string
	for path, keys := range PlanKeys {
		for _, k := range append(strings.FieldsFunc(path, func(r rune) bool { return r == '.' || r == '[' || r == ']' }), keys...) {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}
