package roster

import (
	"bytes"

	"go.yaml.in/yaml/v3"
)

// The yaml* types mirror the plan file's keys for writing a plan (sample plans, exports).
type yamlPlan struct {
	Version  int           `yaml:"version"`
	Center   yamlCenter    `yaml:"center"`
	Areas    []yamlArea    `yaml:"areas,omitempty"`
	Officers []yamlOfficer `yaml:"officers"`
	Posts    []yamlPost    `yaml:"posts"`
	Rules    yamlRules     `yaml:"rules"`
	Holidays yamlHolidays  `yaml:"holidays"`
	Daemon   *yamlDaemon   `yaml:"daemon,omitempty"`
}

type yamlDaemon struct {
	CatchUp      string         `yaml:"catch_up"`
	BaseURL      string         `yaml:"base_url,omitempty"`
	Coordinators []Contact      `yaml:"coordinators,omitempty"`
	Notify       []yamlNotifier `yaml:"notify,omitempty"`
	Jobs         yamlJobs       `yaml:"jobs"`
}

type yamlNotifier struct {
	Kind        string   `yaml:"kind"`
	Name        string   `yaml:"name,omitempty"`
	Command     []string `yaml:"command,omitempty,flow"`
	Env         []string `yaml:"env,omitempty,flow"`
	Timeout     string   `yaml:"timeout,omitempty"`
	URL         string   `yaml:"url,omitempty"`
	Retries     int      `yaml:"retries,omitempty"`
	Backoff     string   `yaml:"backoff,omitempty"`
	SMTP        string   `yaml:"smtp,omitempty"`
	From        string   `yaml:"from,omitempty"`
	Username    string   `yaml:"username,omitempty"`
	PasswordEnv string   `yaml:"password_env,omitempty"`
	StartTLS    bool     `yaml:"starttls,omitempty"`
}

type yamlJobs struct {
	Generate *GenerateJob `yaml:"generate,omitempty"`
	Deadline *DeadlineJob `yaml:"deadline,omitempty"`
	Deliver  *DeliverJob  `yaml:"deliver,omitempty"`
	Remind   *yamlRemind  `yaml:"remind,omitempty"`
	Digest   *DigestJob   `yaml:"digest,omitempty"`
}

type yamlRemind struct {
	Cron   string `yaml:"cron"`
	Before string `yaml:"before"`
}

type yamlCenter struct {
	Name         string     `yaml:"name"`
	Parent       string     `yaml:"parent,omitempty"`
	Place        string     `yaml:"place,omitempty"`
	Hotline      string     `yaml:"hotline"`
	Timezone     string     `yaml:"timezone"`
	DocumentType string     `yaml:"document_type,omitempty"`
	DocumentCode string     `yaml:"document_code"`
	Signer       yamlSigner `yaml:"signer,omitempty"`
	Recipients   []string   `yaml:"recipients,omitempty"`
}

type yamlSigner struct {
	Title     string `yaml:"title,omitempty"`
	Name      string `yaml:"name,omitempty"`
	Authority string `yaml:"authority,omitempty"`
	For       string `yaml:"for,omitempty"`
}

type yamlArea struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
}

type yamlOfficer struct {
	ID          string        `yaml:"id"`
	Name        string        `yaml:"name"`
	Role        Role          `yaml:"role"`
	Phone       string        `yaml:"phone"`
	Email       string        `yaml:"email,omitempty"`
	Areas       []string      `yaml:"areas,omitempty,flow"`
	Share       *yamlNumber   `yaml:"share,omitempty"`
	MaxPerMonth int           `yaml:"max_per_month,omitempty"`
	Active      *bool         `yaml:"active,omitempty"`
	Unavailable []yamlUnavail `yaml:"unavailable,omitempty"`
}

type yamlUnavail struct {
	From   string `yaml:"from,omitempty"`
	To     string `yaml:"to,omitempty"`
	RRule  string `yaml:"rrule,omitempty"`
	Start  string `yaml:"start,omitempty"`
	End    string `yaml:"end,omitempty"`
	Reason string `yaml:"reason,omitempty"`
}

type yamlPost struct {
	ID       string      `yaml:"id"`
	Name     string      `yaml:"name"`
	Kind     PostKind    `yaml:"kind"`
	Area     string      `yaml:"area,omitempty"`
	Address  string      `yaml:"address,omitempty"`
	Phone    string      `yaml:"phone,omitempty"`
	Contacts []Contact   `yaml:"contacts,omitempty"`
	Shifts   []yamlShift `yaml:"shifts"`
}

type yamlShift struct {
	ID          string   `yaml:"id"`
	Label       string   `yaml:"label,omitempty"`
	RRule       string   `yaml:"rrule"`
	Anchor      string   `yaml:"anchor,omitempty"`
	Start       string   `yaml:"start"`
	End         string   `yaml:"end"`
	Mode        Mode     `yaml:"mode"`
	Need        int      `yaml:"need"`
	Roles       []Role   `yaml:"roles,flow"`
	Backup      int      `yaml:"backup,omitempty"`
	BackupRoles []Role   `yaml:"backup_roles,omitempty,flow"`
	Holidays    string   `yaml:"holidays"`
	Strategy    string   `yaml:"strategy"`
	Order       []string `yaml:"order,omitempty,flow"`
}

type yamlRules struct {
	MinRestHours       int        `yaml:"min_rest_hours"`
	MaxPerMonth        int        `yaml:"max_per_month"`
	MaxConsecutiveDays int        `yaml:"max_consecutive_days"`
	Burden             yamlBurden `yaml:"burden,flow"`
	NoticeWorkingDays  int        `yaml:"notice_working_days"`
}

type yamlBurden struct {
	Weekday yamlNumber `yaml:"weekday"`
	Weekend yamlNumber `yaml:"weekend"`
	Holiday yamlNumber `yaml:"holiday"`
	Night   yamlNumber `yaml:"night"`
}

type yamlHolidays struct {
	Calendar string        `yaml:"calendar"`
	Add      []yamlHoliday `yaml:"add,omitempty"`
	Remove   []string      `yaml:"remove,omitempty,flow"`
}

type yamlHoliday struct {
	Date string `yaml:"date"`
	Name string `yaml:"name"`
}

// yamlNumber writes a Milli as a plain YAML number.
type yamlNumber Milli

// MarshalYAML writes the exact decimal.
func (n yamlNumber) MarshalYAML() (any, error) {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: Milli(n).String()}, nil
}

// FormatPlan writes a plan as a plan file that ParsePlan reads back to the same plan.
func FormatPlan(p *Plan) ([]byte, error) {
	y := yamlPlan{Version: 1,
		Center: yamlCenter{Name: p.Center.Name, Parent: p.Center.Parent, Place: p.Center.Place, Hotline: p.Center.Hotline,
			Timezone: p.Center.Timezone, DocumentType: p.Center.DocumentType, DocumentCode: p.Center.DocumentCode, Signer: yamlSigner(p.Center.Signer), Recipients: p.Center.Recipients},
		Rules: yamlRules{MinRestHours: p.Rules.MinRestHours, MaxPerMonth: p.Rules.MaxPerMonth, MaxConsecutiveDays: p.Rules.MaxConsecutiveDays,
			Burden: yamlBurden{yamlNumber(p.Rules.Burden.Weekday), yamlNumber(p.Rules.Burden.Weekend), yamlNumber(p.Rules.Burden.Holiday),
				yamlNumber(p.Rules.Burden.Night)}, NoticeWorkingDays: p.Rules.NoticeWorkingDays},
		Holidays: yamlHolidays{Calendar: p.Holidays.Calendar},
	}
	for _, a := range p.Areas {
		y.Areas = append(y.Areas, yamlArea{a.ID, a.Name})
	}
	for _, o := range p.Officers {
		yo := yamlOfficer{ID: o.ID, Name: o.Name, Role: o.Role, Phone: o.Phone, Email: o.Email, Areas: o.Areas, MaxPerMonth: o.MaxPerMonth}
		if o.Share != 1000 {
			s := yamlNumber(o.Share)
			yo.Share = &s
		}
		if !o.Active {
			f := false
			yo.Active = &f
		}
		for _, u := range o.Unavailable {
			switch u.Kind {
			case UnavailDays:
				yo.Unavailable = append(yo.Unavailable, yamlUnavail{From: u.FromDate.String(), To: u.ToDate.String(), Reason: u.Reason})
			case UnavailWindow:
				yo.Unavailable = append(yo.Unavailable, yamlUnavail{From: u.From.String(), To: u.To.String(), Reason: u.Reason})
			case UnavailRRule:
				yo.Unavailable = append(yo.Unavailable, yamlUnavail{RRule: u.RRule, Start: u.Start.String(), End: u.End.String(), Reason: u.Reason})
			}
		}
		y.Officers = append(y.Officers, yo)
	}
	for _, post := range p.Posts {
		yp := yamlPost{ID: post.ID, Name: post.Name, Kind: post.Kind, Area: post.Area, Address: post.Address, Phone: post.Phone,
			Contacts: post.Contacts}
		for _, s := range post.Shifts {
			ys := yamlShift{ID: s.ID, Label: s.Label, RRule: s.RRule, Start: s.Start.String(), End: s.End.String(), Mode: s.Mode,
				Need: s.Need, Roles: s.Roles, Backup: s.Backup, BackupRoles: s.BackupRoles, Holidays: string(s.Holidays),
				Strategy: string(s.Strategy), Order: s.Order}
			if !s.Anchor.IsZero() {
				ys.Anchor = s.Anchor.String()
			}
			yp.Shifts = append(yp.Shifts, ys)
		}
		y.Posts = append(y.Posts, yp)
	}
	for _, h := range p.Holidays.Add {
		y.Holidays.Add = append(y.Holidays.Add, yamlHoliday{h.Date.String(), h.Name})
	}
	for _, d := range p.Holidays.Remove {
		y.Holidays.Remove = append(y.Holidays.Remove, d.String())
	}
	if d := p.Daemon; d != nil {
		yd := &yamlDaemon{CatchUp: d.CatchUp.String(), BaseURL: d.BaseURL, Coordinators: d.Coordinators}
		for _, n := range d.Notify {
			yd.Notify = append(yd.Notify, yamlNotifier{Kind: n.Kind, Name: n.Name, Command: n.Command, Env: n.Env, Timeout: n.Timeout.String(), URL: n.URL,
				Retries: n.Retries, Backoff: n.Backoff.String(), SMTP: n.SMTP, From: n.From, Username: n.Username, PasswordEnv: n.PasswordEnv,
				StartTLS: n.StartTLS})
		}
		j := d.Jobs
		if j.Generate.Cron != "" {
			yd.Jobs.Generate = &j.Generate
		}
		if j.Deadline.Cron != "" {
			yd.Jobs.Deadline = &j.Deadline
		}
		if j.Deliver.Cron != "" {
			yd.Jobs.Deliver = &j.Deliver
		}
		if j.Remind.Cron != "" {
			yd.Jobs.Remind = &yamlRemind{Cron: j.Remind.Cron, Before: j.Remind.Before.String()}
		}
		if j.Digest.Cron != "" {
			yd.Jobs.Digest = &j.Digest
		}
		y.Daemon = yd
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(y); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
