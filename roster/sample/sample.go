// Package sample makes realistic synthetic plans for scale tests and demos: Vietnamese names,
// and the mix of posts, shifts and rules of the Đồng Tháp sample, at any size. The same
// parameters and seed give the same plan.
package sample

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"dutyroster/roster"
)

// Options size the plan.
type Options struct {
	Officers int
	Posts    int
	Areas    int
	Seed     uint64
	Year     int // leave falls in this year and the next (default 2026)
}

// Presets are named sizes for benchmarks: national, 34 provinces of 44 officers and 10 posts
// each, every place fillable (about 11 places per officer a month, near real Centers); stress,
// the same provinces with 3000 officers and 2000 posts, far more places than officers can hold.
var Presets = map[string]Options{
	"national": {Officers: 34 * 44, Posts: 34 * 10, Areas: 34, Seed: 1},
	"stress":   {Officers: 3000, Posts: 2000, Areas: 34, Seed: 1},
}

// Validate checks the sizes.
func (o Options) Validate() error {
	switch {
	case o.Officers < 1 || o.Officers > 100000:
		return roster.Errorf(roster.EINVALID, "--officers must be between 1 and 100000, not %d", o.Officers)
	case o.Posts < 1 || o.Posts > 100000:
		return roster.Errorf(roster.EINVALID, "--posts must be between 1 and 100000, not %d", o.Posts)
	case o.Areas < 1 || o.Areas > o.Posts:
		return roster.Errorf(roster.EINVALID, "--areas must be between 1 and the number of posts (%d), not %d", o.Posts, o.Areas)
	}
	return nil
}

var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
		"Dương", "Lý", "Đinh", "Trương", "Lâm", "Châu", "Tạ", "Mai", "Cao", "Đoàn", "Quách", "Âu", "Kiều", "Thái"}
	middleNames = []string{"Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Quốc", "Thu", "Hồng", "Đức", "Xuân", "Kim", "Bảo",
		"Hoàng", "Thị Thu", "Thị Ngọc", "Văn Minh", "Công"}
	givenNames = []string{"An", "Anh", "Ánh", "Bình", "Châu", "Dũng", "Dương", "Đạt", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa",
		"Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Lợi", "Mai", "Minh", "Nam", "Nga", "Ngân", "Nhung", "Ơn", "Phúc",
		"Phương", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Thịnh", "Trâm", "Triết", "Trung", "Tuấn", "Út", "Vinh", "Ý", "Yến"}
	provinces = []string{"Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
		"Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Hải Phòng",
		"Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "TP. Hồ Chí Minh",
		"Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang"}
	streets = []string{"Lê Lợi", "Hùng Vương", "Nguyễn Huệ", "Trần Hưng Đạo", "Lý Thường Kiệt", "Hai Bà Trưng", "Quang Trung",
		"Nguyễn Trãi", "Phan Đình Phùng", "Điện Biên Phủ"}
)

var (
	lawyerish  = []roster.Role{roster.RoleLegalAidOfficer, roster.RoleLawyer}
	policeDuty = []roster.Role{roster.RoleLegalAidOfficer, roster.RoleLawyer, roster.RoleCollaborator}
	backupAll  = []roster.Role{roster.RoleLegalAidOfficer, roster.RoleCollaborator, roster.RoleSupport}
)

func phone(r *rand.Rand, prefix string) string {
	return fmt.Sprintf("%s %03d %03d", prefix, r.IntN(1000), r.IntN(1000))
}

// Plan generates the plan.
func Plan(opt Options) *roster.Plan {
	if opt.Year == 0 {
		opt.Year = 2026
	}
	r := rand.New(rand.NewPCG(opt.Seed, opt.Seed*0x9e3779b97f4a7c15+1))
	p := &roster.Plan{Version: 1,
		Center: roster.Center{Name: "Trung tâm Trợ giúp pháp lý Nhà nước (mẫu)", Parent: "Sở Tư pháp (mẫu)", Place: "Đồng Tháp",
			Hotline: "1900 6179", Timezone: roster.DefaultTimezone, DocumentCode: "TB-TGPL",
			Signer:     roster.Signer{Title: "Giám đốc", Name: "Trần Văn Bình"},
			Recipients: []string{"Tòa án nhân dân các khu vực", "Công an tỉnh", "Lưu VT"}},
		Rules:    roster.DefaultRules(),
		Holidays: roster.HolidayConfig{Calendar: "vn"},
	}
	for i := 0; i < opt.Areas; i++ {
		name := provinces[i%len(provinces)]
		if i >= len(provinces) {
			name = fmt.Sprintf("%s %d", name, i/len(provinces)+1)
		}
		p.Areas = append(p.Areas, roster.Area{ID: fmt.Sprintf("khu-vuc-%d", i+1), Name: fmt.Sprintf("Khu vực %d - %s", i+1, name), Active: true})
	}
	// Officers: half legal aid officers, a quarter lawyers, the rest collaborators and support
	// staff, spread over the areas. With many areas everyone serves their own; with few, most
	// serve every area, as in a provincial center.
	roleCut := []struct {
		role   roster.Role
		prefix string
		upTo   int // percent
	}{{roster.RoleLegalAidOfficer, "tgv", 50}, {roster.RoleLawyer, "ls", 77}, {roster.RoleCollaborator, "ctv", 89}, {roster.RoleSupport, "ht", 100}}
	counter := map[string]int{}
	for i := 0; i < opt.Officers; i++ {
		pct := (i * 100) / opt.Officers
		rc := roleCut[len(roleCut)-1]
		for _, c := range roleCut {
			if pct < c.upTo {
				rc = c
				break
			}
		}
		counter[rc.prefix]++
		o := roster.Officer{ID: fmt.Sprintf("%s-%04d", rc.prefix, counter[rc.prefix]), Role: rc.role, Phone: phone(r, fmt.Sprintf("09%02d", 10+r.IntN(89))),
			Share: 1000, Active: true, Source: "plan",
			Name: familyNames[r.IntN(len(familyNames))] + " " + middleNames[r.IntN(len(middleNames))] + " " + givenNames[r.IntN(len(givenNames))]}
		home := p.Areas[i%opt.Areas].ID
		if opt.Areas >= 5 || r.IntN(10) < 3 {
			o.Areas = []string{home}
		}
		if rc.role == roster.RoleSupport || r.IntN(10) == 0 {
			o.Share = 500
		}
		if r.IntN(100) < 15 {
			start := roster.Date{Year: opt.Year, Month: 1, Day: 1}.AddDays(r.IntN(365))
			o.Unavailable = append(o.Unavailable, roster.Unavailability{Kind: roster.UnavailDays, FromDate: start,
				ToDate: start.AddDays(2 + r.IntN(6)), Reason: "Nghỉ phép năm", Source: "plan"})
		}
		if r.IntN(100) < 5 {
			days := []string{"MO", "TU", "WE", "TH", "FR"}
			o.Unavailable = append(o.Unavailable, roster.Unavailability{Kind: roster.UnavailRRule, RRule: "FREQ=WEEKLY;BYDAY=" + days[r.IntN(5)],
				Start: 13*60 + 30, End: 17 * 60, Reason: "Học lớp bồi dưỡng", Source: "plan"})
		}
		p.Officers = append(p.Officers, o)
	}
	// Posts by kind, as in Đồng Tháp: courts with office-hours sittings, investigation bodies
	// with 24 h phone duty and a backup, detention with day and night phone duty, and the
	// Center's own reception desk taken in rotation.
	inArea := func(area string, roles []roster.Role) []string {
		var ids []string
		for _, o := range p.Officers {
			if !o.Active || !o.ServesArea(area) {
				continue
			}
			for _, ro := range roles {
				if o.Role == ro {
					ids = append(ids, o.ID)
					break
				}
			}
		}
		return ids
	}
	for i := 0; i < opt.Posts; i++ {
		area := p.Areas[i%opt.Areas]
		place := strings.TrimPrefix(area.Name[strings.Index(area.Name, " - ")+3:], "TP. ")
		n := i/opt.Areas + 1
		post := roster.Post{Area: area.ID, Active: true, Phone: phone(r, "069"),
			Address: fmt.Sprintf("%d %s, %s", 1+r.IntN(200), streets[r.IntN(len(streets))], place)}
		switch k := (i/opt.Areas + i%opt.Areas) % 10; {
		case k < 4:
			post.ID, post.Kind = fmt.Sprintf("tand-%d-%d", i%opt.Areas+1, n), roster.KindCourt
			post.Name = fmt.Sprintf("Tòa án nhân dân khu vực %d - %s", n, place)
			post.Shifts = []roster.Shift{
				{ID: "sang", Label: "Sáng", RRule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", Start: 7*60 + 30, End: 11*60 + 30, Mode: roster.ModeInPerson,
					Need: 1, Roles: lawyerish, BackupRoles: roster.Roles, Holidays: roster.HolidaysSkip, Strategy: roster.StrategyBalanced},
				{ID: "chieu", Label: "Chiều", RRule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", Start: 13*60 + 30, End: 17 * 60, Mode: roster.ModeInPerson,
					Need: 1, Roles: lawyerish, BackupRoles: roster.Roles, Holidays: roster.HolidaysSkip, Strategy: roster.StrategyBalanced},
			}
		case k < 6:
			post.ID, post.Kind = fmt.Sprintf("csdt-%d-%d", i%opt.Areas+1, n), roster.KindInvestigation
			post.Name = fmt.Sprintf("Cơ quan Cảnh sát điều tra Công an - %s (%d)", place, n)
			post.Shifts = []roster.Shift{{ID: "truc-24h", Label: "Trực 24/24", RRule: "FREQ=DAILY", Start: 7 * 60, End: 7 * 60, Mode: roster.ModePhone,
				Need: 1, Roles: lawyerish, Backup: 1, BackupRoles: backupAll, Holidays: roster.HolidaysKeep, Strategy: roster.StrategyBalanced}}
		case k < 9:
			post.ID, post.Kind = fmt.Sprintf("ttg-%d-%d", i%opt.Areas+1, n), roster.KindDetention
			post.Name = fmt.Sprintf("Trại tạm giam số %d - %s", n, place)
			post.Shifts = []roster.Shift{
				{ID: "ngay", Label: "Ban ngày", RRule: "FREQ=DAILY", Start: 7 * 60, End: 19 * 60, Mode: roster.ModePhone,
					Need: 1, Roles: policeDuty, BackupRoles: roster.Roles, Holidays: roster.HolidaysKeep, Strategy: roster.StrategyBalanced},
				{ID: "dem", Label: "Ban đêm", RRule: "FREQ=DAILY", Start: 19 * 60, End: 7 * 60, Mode: roster.ModePhone,
					Need: 1, Roles: policeDuty, BackupRoles: roster.Roles, Holidays: roster.HolidaysKeep, Strategy: roster.StrategyBalanced},
			}
		default:
			post.ID, post.Kind = fmt.Sprintf("tru-so-%d-%d", i%opt.Areas+1, n), roster.KindOther
			post.Name = fmt.Sprintf("Trụ sở tiếp nhận yêu cầu trợ giúp pháp lý - %s (%d)", place, n)
			sh := roster.Shift{ID: "sang", Label: "Sáng", RRule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", Start: 7*60 + 30, End: 11*60 + 30,
				Mode: roster.ModeInPerson, Need: 1, Roles: []roster.Role{roster.RoleLegalAidOfficer}, BackupRoles: roster.Roles,
				Holidays: roster.HolidaysSkip, Strategy: roster.StrategyBalanced}
			if order := inArea(area.ID, sh.Roles); len(order) > 0 {
				if len(order) > 6 {
					order = order[:6]
				}
				sh.Strategy, sh.Order = roster.StrategyRotation, order
			}
			post.Shifts = []roster.Shift{sh}
		}
		p.Posts = append(p.Posts, post)
	}
	// The cap follows the demand so that a well-staffed plan can be filled: 20% above the
	// places per officer, never below the Đồng Tháp rule of 10.
	places := 0
	for _, post := range p.Posts {
		for _, s := range post.Shifts {
			perMonth := 22
			if strings.HasPrefix(s.RRule, "FREQ=DAILY") {
				perMonth = 30
			}
			places += perMonth * (s.Need + s.Backup)
		}
	}
	if c := (places*12/10 + opt.Officers - 1) / opt.Officers; c > p.Rules.MaxPerMonth {
		p.Rules.MaxPerMonth = c
	}
	return p
}
