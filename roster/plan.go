// Package roster holds the domain of dutyroster: the plan (officers, posts, shifts and rules),
// slots, assignments and rosters, with their validation. It does no I/O and never reads the clock.
package roster

import (
	"time"

	"github.com/teambition/rrule-go"
)

// Role is what an officer is to the Center, and decides which duties they may take.
type Role string

// The four roles of the plan file.
const (
	RoleLegalAidOfficer Role = "legal_aid_officer"
	RoleLawyer          Role = "lawyer"
	RoleCollaborator    Role = "collaborator"
	RoleSupport         Role = "support"
)

// Roles lists every role in the order the plan format gives them.
var Roles = []Role{RoleLegalAidOfficer, RoleLawyer, RoleCollaborator, RoleSupport}

// PostKind is the kind of body where duty is held.
type PostKind string

// The post kinds of the plan file.
const (
	KindCourt         PostKind = "court"
	KindInvestigation PostKind = "investigation"
	KindDetention     PostKind = "detention"
	KindOther         PostKind = "other"
)

// PostKinds lists every post kind.
var PostKinds = []PostKind{KindCourt, KindInvestigation, KindDetention, KindOther}

// Mode is how a duty is held: at the post or by telephone.
type Mode string

// The duty modes.
const (
	ModeInPerson Mode = "in_person"
	ModePhone    Mode = "phone"
)

// Strategy decides how a shift's slots are filled.
type Strategy string

// The filling strategies.
const (
	StrategyBalanced Strategy = "balanced"
	StrategyRotation Strategy = "rotation"
)

// HolidayPolicy says whether a shift runs on public holidays.
type HolidayPolicy string

// The holiday policies.
const (
	HolidaysSkip HolidayPolicy = "skip"
	HolidaysKeep HolidayPolicy = "keep"
)

// DefaultTimezone is the Center's time zone when the plan names none.
const DefaultTimezone = "Asia/Ho_Chi_Minh"

// Plan is one legal aid center as described by a plan file.
type Plan struct {
	Version  int
	Center   Center
	Areas    []Area
	Officers []Officer
	Posts    []Post
	Rules    Rules
	Holidays HolidayConfig
	Daemon   *DaemonConfig // nil: no daemon section
}

// Center is the issuing body and what its documents print.
type Center struct {
	Name     string
	Parent   string
	Place    string
	Hotline  string
	Timezone string
	// DocumentType is the Decree 30 type the roster is issued as ("" for a plain "LỊCH TRỰC",
	// DocumentNotice or DocumentPlan); DocumentCode is its number code ("TB-TGPL").
	DocumentType string
	DocumentCode string
	Signer       Signer
	Recipients   []string
}

// Location loads the Center's time zone.
func (c Center) Location() (*time.Location, error) {
	tz := c.Timezone
	if tz == "" {
		tz = DefaultTimezone
	}
	return time.LoadLocation(tz)
}

// Document types a roster may be issued as, with the code their number starts with.
const (
	DocumentNotice = "notice" // THÔNG BÁO, code TB
	DocumentPlan   = "plan"   // KẾ HOẠCH, code KH
)

// DocumentTypes maps each document type to the code its number starts with (Decree 30,
// appendix III).
var DocumentTypes = map[string]string{DocumentNotice: "TB", DocumentPlan: "KH"}

// Signer is who signs the roster document, and on whose authority (Decree 30): the head signs
// alone; a deputy signs "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC"; "TL." and "TUQ." sign by
// delegation, "Q." as acting head, "TM." on behalf of a collective body.
type Signer struct {
	Title     string
	Name      string
	Authority string // "", KT., TL., TUQ., Q. or TM.
	For       string // whom the signer signs for: the head's title, or the collective body
}

// Signing authorities.
const (
	AuthorityDeputy     = "KT."
	AuthorityDelegated  = "TL."
	AuthorityDelegated2 = "TUQ."
	AuthorityActing     = "Q."
	AuthorityCollective = "TM."
)

// Area is a service area (a branch or region); posts belong to one and officers may be limited to some.
type Area struct {
	ID     string
	Name   string
	Active bool
}

// Officer is a person who can take duty or backup.
type Officer struct {
	ID          string
	Name        string
	Role        Role
	Phone       string
	Email       string
	Areas       []string // empty: every area
	Share       Milli    // relative share of duty; 1000 = 1.0
	MaxPerMonth int      // 0: the rules' cap applies
	Active      bool
	Source      string // "plan" or "cli": who owns the record
	Unavailable []Unavailability
}

// ServesArea reports whether the officer may serve a post in the given area.
func (o *Officer) ServesArea(area string) bool {
	if len(o.Areas) == 0 || area == "" {
		return true
	}
	for _, a := range o.Areas {
		if a == area {
			return true
		}
	}
	return false
}

// UnavailabilityKind tells the three forms of unavailability apart.
type UnavailabilityKind string

// The forms of unavailability.
const (
	UnavailDays   UnavailabilityKind = "days"   // whole local days, inclusive
	UnavailWindow UnavailabilityKind = "window" // a local date-time window
	UnavailRRule  UnavailabilityKind = "rrule"  // a recurring daily time window
)

// Unavailability is a period an officer cannot take duty: leave, a hearing, a weekly class.
type Unavailability struct {
	ID       int64 // store row id; 0 before storing
	Kind     UnavailabilityKind
	FromDate Date // days
	ToDate   Date // days
	From     DateTime
	To       DateTime
	RRule    string // rrule: RFC 5545 rule without DTSTART
	Start    Clock  // rrule: start of the window each occurrence
	End      Clock  // rrule: end (<= Start: the next day)
	Reason   string
	Source   string // "plan" or "cli" (leave add)
}

// RRuleEpoch is the DTSTART date of recurring unavailability (Monday 3 January 2000): a fixed
// date, so that an INTERVAL=2 rule keeps its phase from month to month.
var RRuleEpoch = Date{Year: 2000, Month: time.January, Day: 3}

// Post is where duty is held.
type Post struct {
	ID      string
	Name    string
	Kind    PostKind
	Area    string
	Address string
	Phone   string
	Active  bool
	Shifts  []Shift
	// Contacts receive the post's roster when it is delivered (e-mail with the file, or the
	// command notifier with its path) and the daily digest.
	Contacts []Contact
}

// Shift is a recurring duty at a post.
type Shift struct {
	ID          string
	Label       string
	RRule       string
	Anchor      Date // zero: the first day of the period
	Start       Clock
	End         Clock // <= Start: ends the next day
	Mode        Mode
	Need        int
	Roles       []Role
	Backup      int
	BackupRoles []Role
	Holidays    HolidayPolicy
	Strategy    Strategy
	Order       []string
}

// Duration is the shift's length; a shift whose end is not after its start ends the next day.
func (s Shift) Duration() time.Duration {
	d := int(s.End) - int(s.Start)
	if d <= 0 {
		d += 24 * 60
	}
	return time.Duration(d) * time.Minute
}

// AllowsRole reports whether role may take the duty (backup=false) or the backup (backup=true).
func (s Shift) AllowsRole(role Role, backup bool) bool {
	roles := s.Roles
	if backup {
		roles = s.BackupRoles
	}
	for _, r := range roles {
		if r == role {
			return true
		}
	}
	return false
}

// IdleOfficers lists the active officers who may serve at no post of the plan: no active
// post's shift takes their role (as duty, or as backup where the shift has one) in an area
// they serve. They take no duty and are left out of the fair share.
func (p *Plan) IdleOfficers() []string {
	var out []string
	for _, o := range p.Officers {
		if !o.Active {
			continue
		}
		if !p.servesSomewhere(o) {
			out = append(out, o.ID)
		}
	}
	return out
}

// servesSomewhere reports whether officer o may take a place at some active post: the first such
// shift ends the search (a national plan has thousands of officers and posts).
func (p *Plan) servesSomewhere(o Officer) bool {
	for _, post := range p.Posts {
		if !post.Active || !o.ServesArea(post.Area) {
			continue
		}
		for _, sh := range post.Shifts {
			if sh.AllowsRole(o.Role, false) || sh.Backup > 0 && sh.AllowsRole(o.Role, true) {
				return true
			}
		}
	}
	return false
}

// Rules are the hard limits and the fairness weights.
type Rules struct {
	MinRestHours       int
	MaxPerMonth        int
	MaxConsecutiveDays int
	Burden             Burden
	NoticeWorkingDays  int
}

// Burden holds the fairness weights of the plan's rules (weights:) as exact decimals.
type Burden struct {
	Weekday Milli
	Weekend Milli
	Holiday Milli
	Night   Milli
}

// DefaultRules returns the rules a plan gets for keys it leaves out.
func DefaultRules() Rules {
	return Rules{
		MinRestHours:       12,
		MaxPerMonth:        10,
		MaxConsecutiveDays: 2,
		Burden:             Burden{Weekday: 1000, Weekend: 1500, Holiday: 2000, Night: 1500},
		NoticeWorkingDays:  5,
	}
}

// HolidayConfig chooses the holiday calendar and the Prime Minister's yearly changes to it.
type HolidayConfig struct {
	Calendar string // "vn" or "none"
	Add      []HolidayDate
	Remove   []Date
}

// HolidayDate is a day off added by the plan.
type HolidayDate struct {
	Date Date
	Name string
}

// Officer returns the officer with the given id, or nil.
func (p *Plan) Officer(id string) *Officer {
	for i := range p.Officers {
		if p.Officers[i].ID == id {
			return &p.Officers[i]
		}
	}
	return nil
}

// Post returns the post with the given id, or nil.
func (p *Plan) Post(id string) *Post {
	for i := range p.Posts {
		if p.Posts[i].ID == id {
			return &p.Posts[i]
		}
	}
	return nil
}

// Blocks reports whether the unavailability meets the interval [from, to), as the rules judge
// it: whole days from midnight to midnight, a window as written, a recurring window at each
// occurrence of its rule (dated from RRuleEpoch, ending the next day when end <= start).
func (u Unavailability) Blocks(from, to time.Time, loc *time.Location) bool {
	meets := func(a, b time.Time) bool { return from.Before(b) && a.Before(to) }
	switch u.Kind {
	case UnavailDays:
		return meets(u.FromDate.In(loc), u.ToDate.AddDays(1).In(loc))
	case UnavailWindow:
		return meets(u.From.In(loc), u.To.In(loc))
	case UnavailRRule:
		opt, err := rrule.StrToROption(u.RRule)
		if err != nil {
			return false
		}
		opt.Dtstart = u.Start.At(RRuleEpoch, loc)
		r, err := rrule.NewRRule(*opt)
		if err != nil {
			return false
		}
		for _, occ := range r.Between(from.AddDate(0, 0, -2), to, true) {
			d := DateOf(occ.In(loc))
			end := u.End.At(d, loc)
			if u.End <= u.Start {
				end = u.End.At(d.AddDays(1), loc)
			}
			if meets(occ, end) {
				return true
			}
		}
	}
	return false
}

// Touches reports whether the unavailability overlaps month m; a recurring window always does.
func (u Unavailability) Touches(m Month) bool {
	first, last := m.First(), m.Last()
	switch u.Kind {
	case UnavailDays:
		return !u.FromDate.After(last) && !u.ToDate.Before(first)
	case UnavailWindow:
		return !u.From.Date.After(last) && !u.To.Date.Before(first)
	}
	return true
}

// OfficerIndex maps the plan's officers by id, for code that looks many of them up.
func (p *Plan) OfficerIndex() map[string]*Officer {
	idx := make(map[string]*Officer, len(p.Officers))
	for i := range p.Officers {
		idx[p.Officers[i].ID] = &p.Officers[i]
	}
	return idx
}

// MaxFor returns the monthly cap that applies to an officer.
func (p *Plan) MaxFor(o *Officer) int {
	if o.MaxPerMonth > 0 {
		return o.MaxPerMonth
	}
	return p.Rules.MaxPerMonth
}

// DutyRole says whether an assignment is the duty itself or its backup (người hỗ trợ trực).
type DutyRole string

// The two assignment roles.
const (
	Duty   DutyRole = "duty"
	Backup DutyRole = "backup"
)

// Roster statuses.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
)

// Assignment is one officer holding one place of a slot.
type Assignment struct {
	PostID    string
	ShiftID   string
	Start     time.Time
	End       time.Time
	OfficerID string
	Role      DutyRole
	Weight    Milli // the slot's weight (a backup counts half of it in burden)
	Weekend   bool
	Holiday   bool
	Night     bool
}

// Unfilled is a place of a slot that no officer could take, with the reason.
type Unfilled struct {
	PostID  string
	ShiftID string
	Start   time.Time
	End     time.Time
	Role    DutyRole
	Missing int
	Reason  string
	// ReasonText is Reason unformatted, for the reader's language, where it was just explained
	// (not kept in the database).
	ReasonText Text `json:"-"`
}

// Why is the reason to print: unformatted when it was kept so (said in the reader's language),
// else the stored English.
func (u Unfilled) Why() any {
	if u.ReasonText.Format != "" {
		return u.ReasonText
	}
	return u.Reason
}

// MissingPlaces counts the empty places of a list of unfilled slots.
func MissingPlaces(us []Unfilled) int {
	n := 0
	for _, u := range us {
		n += u.Missing
	}
	return n
}

// RotationState is where a rotation shift stands after a month: the index in `order` of the
// next officer, and the officers who were skipped and are owed a turn, in the order skipped.
type RotationState struct {
	Next int      `json:"next"`
	Owed []string `json:"owed"`
}

// Roster is one version of a month's roster.
type Roster struct {
	ID          int64
	Month       Month
	Version     int
	Status      string
	Seed        uint64
	CreatedAt   time.Time
	CreatedBy   string
	Reason      string
	PublishedAt time.Time
	PublishedBy string
	Kind        string // generated or amendment
	BasedOn     int    // for an amendment: the version it changes
	// Digest is a published version's SHA-256 digest, chained to the month's previous
	// published version: `dutyroster verify` recomputes it.
	Digest string
	// CoverageBound is an upper bound on the places any roster of the month can fill, and
	// BurdenFloor a lower bound on the heaviest burden of any roster filling the same places,
	// as generate proved them (0: not known, as for an amendment).
	CoverageBound int
	BurdenFloor   Milli
	Assignments   []Assignment
	Unfilled      []Unfilled
	// Participants are the officers whose burden this version compares, with their shares.
	Participants map[string]Milli
}
