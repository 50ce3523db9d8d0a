package app

// The JSON forms of listings: the stable contract for scripts and the web service's API. Keys
// are the plan file's where there is one; they never change with the language.

import (
	"dutyroster/roster"
	"dutyroster/roster/lunar"
)

// OfficerJSON is the stable JSON form of an officer: the plan file's keys.
type OfficerJSON struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Role        roster.Role  `json:"role"`
	Phone       string       `json:"phone"`
	Email       string       `json:"email"`
	Areas       []string     `json:"areas"`
	Share       roster.Milli `json:"share"`
	MaxPerMonth *int         `json:"max_per_month"`
	Active      bool         `json:"active"`
	Source      string       `json:"source"`
	Unavailable []LeaveJSON  `json:"unavailable"`
}

// LeaveJSON is one unavailability in the plan file's keys, with its id for `leave remove`.
type LeaveJSON struct {
	ID        int64  `json:"id"`
	OfficerID string `json:"officer_id,omitempty"`
	From      string `json:"from,omitempty"`
	To        string `json:"to,omitempty"`
	RRule     string `json:"rrule,omitempty"`
	Start     string `json:"start,omitempty"`
	End       string `json:"end,omitempty"`
	Reason    string `json:"reason"`
	Source    string `json:"source"`
}

func ToLeaveJSON(officerID string, u roster.Unavailability) LeaveJSON {
	l := LeaveJSON{ID: u.ID, OfficerID: officerID, Reason: u.Reason, Source: u.Source}
	switch u.Kind {
	case roster.UnavailDays:
		l.From, l.To = u.FromDate.String(), u.ToDate.String()
	case roster.UnavailWindow:
		l.From, l.To = u.From.String(), u.To.String()
	case roster.UnavailRRule:
		l.RRule, l.Start, l.End = u.RRule, u.Start.String(), u.End.String()
	}
	return l
}

// when describes an unavailability's time for a table cell.
func (l LeaveJSON) When() string {
	if l.RRule != "" {
		return l.RRule + " " + l.Start + "-" + l.End
	}
	return l.From + " .. " + l.To
}

func ToOfficerJSON(o roster.Officer) OfficerJSON {
	j := OfficerJSON{ID: o.ID, Name: o.Name, Role: o.Role, Phone: o.Phone, Email: o.Email, Areas: o.Areas,
		Share: o.Share, Active: o.Active, Source: o.Source, Unavailable: []LeaveJSON{}}
	if j.Areas == nil {
		j.Areas = []string{}
	}
	if o.MaxPerMonth > 0 {
		m := o.MaxPerMonth
		j.MaxPerMonth = &m
	}
	for _, u := range o.Unavailable {
		l := ToLeaveJSON("", u)
		j.Unavailable = append(j.Unavailable, l)
	}
	return j
}

// PostJSON is the stable JSON form of a post: the plan file's keys.
type PostJSON struct {
	ID      string      `json:"id"`
	Name    string      `json:"name"`
	Kind    string      `json:"kind"`
	Area    string      `json:"area"`
	Address string      `json:"address"`
	Phone   string      `json:"phone"`
	Active  bool        `json:"active"`
	Shifts  []ShiftJSON `json:"shifts"`
}

type ShiftJSON struct {
	ID          string        `json:"id"`
	Label       string        `json:"label"`
	RRule       string        `json:"rrule"`
	Anchor      string        `json:"anchor,omitempty"`
	Start       string        `json:"start"`
	End         string        `json:"end"`
	Mode        roster.Mode   `json:"mode"`
	Need        int           `json:"need"`
	Roles       []roster.Role `json:"roles"`
	Backup      int           `json:"backup"`
	BackupRoles []roster.Role `json:"backup_roles"`
	Holidays    string        `json:"holidays"`
	Strategy    string        `json:"strategy"`
	Order       []string      `json:"order"`
}

func ToPostJSON(p roster.Post) PostJSON {
	j := PostJSON{ID: p.ID, Name: p.Name, Kind: string(p.Kind), Area: p.Area, Address: p.Address, Phone: p.Phone, Active: p.Active,
		Shifts: []ShiftJSON{}}
	for _, s := range p.Shifts {
		sj := ShiftJSON{ID: s.ID, Label: s.Label, RRule: s.RRule, Start: s.Start.String(), End: s.End.String(), Mode: s.Mode,
			Need: s.Need, Roles: s.Roles, Backup: s.Backup, BackupRoles: s.BackupRoles, Holidays: string(s.Holidays),
			Strategy: string(s.Strategy), Order: s.Order}
		if !s.Anchor.IsZero() {
			sj.Anchor = s.Anchor.String()
		}
		if sj.Order == nil {
			sj.Order = []string{}
		}
		if sj.BackupRoles == nil {
			sj.BackupRoles = []roster.Role{}
		}
		j.Shifts = append(j.Shifts, sj)
	}
	return j
}

// StatsJSON is the stable JSON form of `stats`.
type StatsJSON struct {
	Period   string             `json:"period"`
	Officers []OfficerStatsJSON `json:"officers"`
	Spread   SpreadJSON         `json:"spread"`
	// BurdenFloor: no roster filling the same places has a heaviest burden below it (a month
	// as generated; absent when not known).
	BurdenFloor *roster.Milli `json:"burden_floor,omitempty"`
}

type OfficerStatsJSON struct {
	OfficerID string       `json:"officer_id"`
	Name      string       `json:"name"`
	Duties    int          `json:"duties"`
	Backups   int          `json:"backups"`
	Weekend   int          `json:"weekend"`
	Holiday   int          `json:"holiday"`
	Night     int          `json:"night"`
	Burden    roster.Milli `json:"burden"`
	FairShare roster.Milli `json:"fair_share"`
	Deviation roster.Milli `json:"deviation"`
}

type SpreadJSON struct {
	Duties       int          `json:"duties"`
	Backups      int          `json:"backups"`
	Weekend      int          `json:"weekend"`
	Holiday      int          `json:"holiday"`
	Night        int          `json:"night"`
	Burden       roster.Milli `json:"burden"`
	BurdenMin    roster.Milli `json:"burden_min"`
	BurdenMedian roster.Milli `json:"burden_median"`
	BurdenMax    roster.Milli `json:"burden_max"`
}

// VersionJSON is the stable JSON form of one version in `roster history`.
type VersionJSON struct {
	Version     int    `json:"version"`
	Status      string `json:"status"`
	Kind        string `json:"kind"`
	BasedOn     int    `json:"based_on,omitempty"`
	CreatedAt   string `json:"created_at"`
	CreatedBy   string `json:"created_by"`
	Reason      string `json:"reason"`
	PublishedAt string `json:"published_at,omitempty"`
	PublishedBy string `json:"published_by,omitempty"`
}

// ChangeJSON is the stable JSON form of one difference in `roster diff`.
type ChangeJSON struct {
	Change      string `json:"change"`
	PostID      string `json:"post_id"`
	ShiftID     string `json:"shift_id"`
	Start       string `json:"start"`
	End         string `json:"end"`
	Role        string `json:"role"`
	FromOfficer string `json:"from_officer,omitempty"`
	ToOfficer   string `json:"to_officer,omitempty"`
}

// HolidayJSON is the stable JSON form of a day off.
type HolidayJSON struct {
	Date  string `json:"date"`
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Lunar string `json:"lunar,omitempty"`
}

// LunarJSON is the stable JSON form of a lunar conversion.
type LunarJSON struct {
	Date   string        `json:"date"`
	Lunar  LunarDateJSON `json:"lunar"`
	CanChi string        `json:"can_chi"`
}

type LunarDateJSON struct {
	Day   int  `json:"day"`
	Month int  `json:"month"`
	Year  int  `json:"year"`
	Leap  bool `json:"leap"`
}

func NewLunarJSON(d roster.Date, l lunar.Date) LunarJSON {
	return LunarJSON{Date: d.String(), Lunar: LunarDateJSON{Day: l.Day, Month: l.Month, Year: l.Year, Leap: l.Leap}, CanChi: lunar.CanChi(l.Year)}
}

// DeadlineJSON is the stable JSON form of a notice deadline.
type DeadlineJSON struct {
	Month       string `json:"month"`
	Start       string `json:"start"`
	WorkingDays int    `json:"notice_working_days"`
	Deadline    string `json:"deadline"`
	Calendar    string `json:"calendar"`
}
